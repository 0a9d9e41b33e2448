"""Every API resource, asked by each person with their own API token: the public (no token), Seocho-gu's and
Hanam-si's officers, an assessor on the panel, an assessor off it, the certifier and the administrator; a certifier
of another certifying body, an advisor to Seocho-gu, and an assessor off the panel who is also Hanam-si's officer.

Seocho-gu is certified; Hanam-si is in review. The answers follow the pages' rules: what a person may not see
does not exist for them (404), what they may see but not do is 403, the public gets 401 where only signed-in
people go, and the framework library, cities, certificates, benchmarks and open data are public.
Every refusal comes in the API's one error shape.
"""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.db import transaction

from citycert.accounts.models import Role
from citycert.certification.choices import Outcome
from citycert.certification.models import Certificate
from citycert.library.store import find_version
from tests.api.calling import Caller, error_of
from tests.certification.story import DECISION_DAY, agree, decide, item_ids, round_in_review
from tests.people import NEW_PEOPLE, People, new_person, person

ROLES = (
    "anonymous",
    "officer",
    "other_officer",
    "panel_assessor",
    "outsider_assessor",
    "certifier",
    "admin",
    "other_body_certifier",
    "advisor",
    "assessor_and_officer",
)


@pytest.fixture
def scene(people: People) -> tuple[dict[str, Any], dict[str, Caller]]:
    story = round_in_review(people)
    agree(story.seocho, dict.fromkeys(item_ids(), ("3", "")), people.certifier)
    decide(story.seocho, Outcome.CERTIFIED, "충족", DECISION_DAY)
    ids = {
        "round": story.round.pk,
        "seocho": story.seocho.pk,
        "hanam": story.hanam.pk,
        "draft": people.draft.pk,
        "submitted": people.submitted.pk,
        "hanam_frozen": story.hanam.frozen_id,
        "number": Certificate.objects.get().number,
        "version": find_version("bsi-iso37106").version,
    }
    users = {
        "officer": people.officer,
        "other_officer": people.other_officer,
        "panel_assessor": people.assessor,
        "outsider_assessor": person("assessor-4", Role.ASSESSOR),
        "certifier": people.certifier,
        "admin": people.admin,
        **{who: new_person(people, who) for who in NEW_PEOPLE},
    }
    callers = {"anonymous": Caller(), **{role: Caller(user) for role, user in users.items()}}
    return ids, callers


ALL_200 = (200,) * 10
SCORE = {"scores": [{"item": "BM.vision", "value": "3"}]}

CASES: list[tuple[str, str, Any, tuple[int, ...]]] = [
    # method, path, body, answers in the order of ROLES
    ("get", "/frameworks", None, ALL_200),
    ("get", "/frameworks/bsi-iso37106/{version}", None, ALL_200),
    ("get", "/frameworks/bsi-iso37106/{version}/nodes", None, ALL_200),
    ("get", "/frameworks/bsi-iso37106/0.0", None, (404,) * 10),
    ("post", "/frameworks/bsi-iso37106/{version}/score", {"responses": [{"item": "BM.vision", "value": 3}]}, ALL_200),
    ("get", "/crosswalks", None, ALL_200),
    ("get", "/cities", None, ALL_200),
    ("get", "/cities/11650", None, ALL_200),
    ("get", "/cities/99999", None, (404,) * 10),
    ("get", "/cities/11650/benchmark", None, ALL_200),
    ("get", "/cities/41450/benchmark", None, (404,) * 10),  # Hanam-si: nothing decided, nothing to compare
    ("get", "/certificates", None, ALL_200),
    ("get", "/certificates/{number}", None, ALL_200),
    ("get", "/certificates/NO-SUCH-0001", None, (404,) * 10),
    ("get", "/open-data", None, ALL_200),
    ("get", "/open-data/results", None, ALL_200),
    ("get", "/open-data/certificates", None, ALL_200),
    ("get", "/open-data/certificates/datapackage.json", None, ALL_200),
    ("get", "/assessments", None, (401, 200, 200, 200, 200, 200, 200, 200, 200, 200)),
    ("get", "/assessments/{draft}", None, (401, 200, 404, 404, 404, 404, 404, 404, 200, 404)),
    ("get", "/assessments/{submitted}", None, (401, 200, 404, 404, 404, 200, 200, 200, 200, 404)),
    ("get", "/assessments/{hanam_frozen}", None, (401, 404, 200, 200, 404, 200, 200, 404, 404, 200)),
    ("get", "/assessments/{draft}/responses", None, (401, 200, 404, 404, 404, 404, 404, 404, 200, 404)),
    (
        "patch",
        "/assessments/{draft}/responses",
        {"responses": [{"item": "BM.vision", "value": "4"}]},
        (401, 428, 404, 404, 404, 404, 404, 404, 428, 404),
    ),
    (
        "patch",
        "/assessments/{submitted}/responses",
        {"responses": [{"item": "BM.vision"}]},
        (401, 403, 404, 404, 404, 403, 403, 403, 403, 404),
    ),
    ("post", "/assessments/{draft}/submit", None, (401, 200, 404, 404, 404, 404, 404, 404, 403, 404)),
    (
        "post",
        "/assessments",
        {"city": "11650", "framework": "bsi-iso37106", "year": 2027},
        (401, 201, 403, 403, 403, 403, 403, 403, 403, 403),
    ),
    ("get", "/rounds", None, (401, 200, 200, 200, 200, 200, 200, 200, 200, 200)),
    ("get", "/rounds/{round}", None, (401, 200, 200, 200, 200, 200, 200, 200, 200, 200)),
    ("get", "/applications", None, (401, 200, 200, 200, 200, 200, 200, 200, 200, 200)),
    ("get", "/applications/{seocho}", None, (401, 200, 404, 200, 404, 200, 200, 404, 404, 404)),
    ("get", "/applications/{hanam}", None, (401, 404, 200, 200, 404, 200, 200, 404, 404, 200)),
    ("get", "/applications/{hanam}/reviews/stage-1", None, (401, 404, 403, 200, 404, 200, 200, 404, 404, 403)),
    ("get", "/applications/{hanam}/reviews/no-such-stage", None, (401, 404, 403, 404, 404, 404, 404, 404, 404, 403)),
    ("put", "/applications/{hanam}/reviews/stage-1", SCORE, (401, 404, 403, 200, 404, 403, 403, 404, 404, 403)),
    (
        "post",
        "/applications/{hanam}/decision",
        {"outcome": "not_certified", "reasons": "x"},
        (401, 404, 403, 403, 404, 409, 409, 404, 404, 403),
    ),
    (
        "post",
        "/applications/{seocho}/decision",
        {"outcome": "not_certified", "reasons": "x"},
        (401, 403, 404, 403, 404, 409, 409, 404, 404, 404),
    ),
    ("get", "/applications/{hanam}/consensus", None, (401, 404, 403, 403, 404, 200, 200, 404, 404, 403)),
    (
        "put",
        "/applications/{hanam}/consensus",
        {"scores": [{"item": "BM.vision", "value": "3"}]},
        (401, 404, 403, 403, 404, 409, 409, 404, 404, 403),
    ),
    (
        "post",
        "/applications/{hanam}/waivers",
        {"stage": "stage-1", "reason": "x"},
        (401, 404, 403, 403, 404, 201, 201, 404, 404, 403),
    ),
    ("get", "/cities/11650/indicators", None, (401, 200, 404, 404, 404, 200, 200, 200, 404, 404)),
    ("get", "/cities/11650/projections", None, (401, 200, 404, 404, 404, 200, 200, 200, 404, 404)),
    (
        "post",
        "/indicators/import",
        {"rows": [{"city": "11650", "item": "kr-smartcity:D1.I1.1", "period": "2025", "value": 1}], "dry_run": True},
        (
            401,
            200,
            200,
            200,
            200,
            200,
            200,
            200,
            200,
            200,
        ),  # a dry run answers everyone signed in; rows they may not send are rejected
    ),
    (
        "post",
        "/rounds/{round}/applications",
        {"assessment": "{submitted}"},
        (401, 409, 422, 422, 422, 403, 403, 403, 403, 422),
    ),
]


def _filled(body: Any, ids: dict[str, Any]) -> Any:
    if body is None:
        return None
    text = json.dumps(body)
    for key, value in ids.items():
        text = text.replace(f'"{{{key}}}"', json.dumps(value)).replace(f"{{{key}}}", str(value))
    return json.loads(text)


@pytest.mark.parametrize(("method", "path", "body", "expected"), CASES, ids=[f"{c[0]} {c[1]}" for c in CASES])
def test_each_person_gets_the_expected_answer(
    scene: tuple[dict[str, Any], dict[str, Caller]], method: str, path: str, body: Any, expected: tuple[int, ...]
) -> None:
    """Each person in turn, each undone afterwards, so that everyone asks of the same scene."""
    ids, callers = scene
    answers: dict[str, int] = {}
    for role in ROLES:
        with transaction.atomic():
            answer = callers[role].call(method, path.format(**ids), _filled(body, ids))
            answers[role] = answer.status_code
            if answer.status_code >= 400:
                error_of(answer)
            transaction.set_rollback(True)
    assert answers == dict(zip(ROLES, expected, strict=True))
