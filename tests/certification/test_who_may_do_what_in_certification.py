"""Every certification page and endpoint, asked by each person: the public, Seocho-gu's and Hanam-si's
officers, an assessor on the panel, an assessor off it, the certifier and the administrator; a certifier of another
certifying body (the round is not theirs: they find none of its work, and may only read what is public), an
advisor to Seocho-gu (a city's person, who applies for nothing and reads no application), and an assessor off the
panel who is also Hanam-si's officer (each membership gives what it gives).

Seocho-gu is certified; Hanam-si is in review with one open request, one open finding and a waiver of its
first stage that the certifier asked for. What a person
may not see does not exist for them (404); what they may see but not do is 403; the public is sent to
log in (302), except for certificates, which are public.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pytest
from django.db import transaction
from django.test import Client

from citycert.accounts.models import Role
from citycert.certification import workflow
from citycert.certification.choices import Outcome
from citycert.certification.models import Certificate, RoundArchive
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


@dataclass
class Scene:
    people: People
    ids: dict[str, Any]
    users: dict[str, Any]


@pytest.fixture
def scene(people: People) -> Scene:
    story = round_in_review(people)
    agree(story.seocho, dict.fromkeys(item_ids(), ("3", "")), people.certifier)
    decide(story.seocho, Outcome.CERTIFIED, "충족", DECISION_DAY)
    certificate = Certificate.objects.get()
    request = workflow.ask_city(story.hanam, "BM.vision", "stage-1", "비전 문서 원본", people.assessor)
    finding = workflow.raise_finding(story.hanam, "BM.vision", "minor", "근거 부족", None, people.assessor)
    ids = {
        "round": story.round.pk,
        "seocho": story.seocho.pk,
        "hanam": story.hanam.pk,
        "panel": story.panel.pk,
        "request": request.pk,
        "finding": finding.pk,
        "waiver": workflow.request_waiver(story.hanam, "stage-1", "현장 일정상 생략", people.certifier).pk,
        "number": certificate.number,
        "due": certificate.due.first().pk,  # type: ignore[union-attr]
        "hanam_city": people.hanam.pk,
        "source": story.seocho.source_id,
        "archive": RoundArchive.objects.create(round=story.round).pk,  # queued: not ready to download
    }
    users = {
        "anonymous": None,
        "officer": people.officer,
        "other_officer": people.other_officer,
        "panel_assessor": people.assessor,
        "outsider_assessor": person("assessor-4", Role.ASSESSOR),
        "certifier": people.certifier,
        "admin": people.admin,
        **{who: new_person(people, who) for who in NEW_PEOPLE},
    }
    return Scene(people, ids, users)


R = "/certification/rounds/{round}"
H = "/certification/applications/{hanam}"
S = "/certification/applications/{seocho}"

CASES: list[tuple[str, str, dict[str, Any], tuple[int, ...]]] = [
    # method, url, data, answers in the order of ROLES
    ("get", "/certification/", {}, (302, 200, 200, 200, 200, 200, 200, 200, 200, 200)),
    ("post", "/certification/rounds/new/", {}, (302, 403, 403, 403, 403, 400, 400, 400, 403, 403)),
    ("get", R + "/", {}, (302, 403, 403, 403, 403, 200, 200, 404, 403, 403)),
    ("get", R + "/results.xlsx", {}, (302, 403, 403, 403, 403, 200, 200, 404, 403, 403)),
    ("post", R + "/panels/", {}, (302, 403, 403, 403, 403, 400, 400, 404, 403, 403)),
    ("post", R + "/archives/", {}, (302, 403, 403, 403, 403, 302, 302, 404, 403, 403)),
    ("get", "/certification/archives/{archive}/", {}, (302, 403, 403, 403, 403, 200, 200, 404, 403, 403)),
    ("get", "/certification/archives/{archive}/archive.zip", {}, (302, 403, 403, 403, 403, 404, 404, 404, 403, 403)),
    ("get", "/certification/archives/999999/", {}, (302, 403, 403, 403, 403, 404, 404, 404, 403, 403)),
    ("post", R + "/apply/", {"assessment": "{source}"}, (302, 400, 400, 403, 403, 403, 403, 403, 403, 400)),
    (
        "post",
        "/certification/conflicts/",
        {"city": "{hanam_city}", "reason": "자문"},
        (302, 403, 403, 302, 302, 403, 403, 403, 403, 302),
    ),
    ("get", S + "/", {}, (302, 200, 404, 200, 404, 200, 200, 404, 404, 404)),
    ("get", H + "/", {}, (302, 404, 200, 200, 404, 200, 200, 404, 404, 200)),
    ("post", H + "/assign/", {"panel": "{panel}"}, (302, 404, 403, 403, 404, 302, 302, 404, 404, 403)),
    ("get", H + "/review/stage-1/", {}, (302, 404, 403, 200, 404, 403, 403, 404, 404, 403)),
    ("post", H + "/review/stage-1/", {}, (302, 404, 403, 302, 404, 403, 403, 404, 404, 403)),
    ("get", H + "/review/no-such-stage/", {}, (302, 404, 403, 400, 404, 403, 403, 404, 404, 403)),
    (
        "post",
        H + "/requests/",
        {"item": "BM.vision", "stage": "stage-1", "question": "x"},
        (302, 404, 403, 302, 404, 403, 403, 404, 404, 403),
    ),
    ("post", H + "/requests/{request}/answer/", {"answer": "첨부"}, (302, 404, 302, 403, 404, 403, 403, 404, 404, 302)),
    # Nobody has scored Hanam-si yet: the certifying body may record neither consensus nor decision (409).
    ("post", H + "/consensus/", {}, (302, 404, 403, 403, 404, 409, 409, 404, 404, 403)),
    (
        "post",
        H + "/decide/",
        {"outcome": "not_certified", "reasons": "x"},
        (302, 404, 403, 403, 404, 409, 409, 404, 404, 403),
    ),
    # Stage 1 is already asked to be waived (by the certifier): asking again is refused; only a second certifier
    # answers it.
    ("post", H + "/waivers/", {"stage": "stage-1", "reason": "x"}, (302, 404, 403, 403, 404, 400, 400, 404, 404, 403)),
    ("post", H + "/waivers/{waiver}/", {"answer": "approve"}, (302, 404, 403, 403, 404, 409, 302, 404, 404, 403)),
    (
        "post",
        S + "/decide/",
        {"outcome": "not_certified", "reasons": "x"},
        (302, 403, 404, 403, 404, 409, 409, 404, 404, 404),
    ),
    (
        "post",
        H + "/findings/",
        {"item": "BM.vision", "kind": "minor", "text": "x"},
        (302, 404, 403, 302, 404, 403, 403, 404, 404, 403),
    ),
    (
        "post",
        H + "/findings/{finding}/close/",
        {"response": "보완"},
        (302, 404, 302, 403, 404, 403, 403, 404, 404, 302),
    ),
    ("post", H + "/findings/{finding}/verify/", {}, (302, 404, 403, 400, 404, 403, 403, 404, 404, 403)),
    ("get", "/certification/surveillance/{due}/", {}, (302, 403, 404, 200, 404, 200, 200, 404, 404, 404)),
    ("get", "/certificates/{number}/", {}, (200, 200, 200, 200, 200, 200, 200, 200, 200, 200)),
    ("get", "/certificates/NO-SUCH-0001/", {}, (404, 404, 404, 404, 404, 404, 404, 404, 404, 404)),
    ("get", "/certificates/{number}/certificate.pdf", {}, (200, 200, 200, 200, 200, 200, 200, 200, 200, 200)),
    ("get", "/certificates/NO-SUCH-0001/certificate.pdf", {}, (404, 404, 404, 404, 404, 404, 404, 404, 404, 404)),
    ("get", "/certificates/signing-key.pem", {}, (200, 200, 200, 200, 200, 200, 200, 200, 200, 200)),
    ("get", "/certificates/verify/", {}, (200, 200, 200, 200, 200, 200, 200, 200, 200, 200)),
    ("post", "/certificates/verify/", {}, (400, 400, 400, 400, 400, 400, 400, 400, 400, 400)),
    (
        "post",
        "/certificates/{number}/status/",
        {"status": "suspended", "reason": "x"},
        (302, 403, 403, 403, 403, 302, 302, 403, 403, 403),
    ),
]


@pytest.mark.parametrize(("method", "template", "data", "expected"), CASES, ids=[f"{c[0]} {c[1]}" for c in CASES])
def test_each_person_gets_the_expected_answer(
    scene: Scene, method: str, template: str, data: dict[str, Any], expected: tuple[int, ...]
) -> None:
    """Each person in turn, each undone afterwards, so that everyone asks of the same scene."""
    filled = {key: value.format(**scene.ids) for key, value in data.items()}
    answers: dict[str, int] = {}
    for role in ROLES:
        with transaction.atomic():
            client = Client()
            if scene.users[role] is not None:
                client.force_login(scene.users[role])
            answer = getattr(client, method)(template.format(**scene.ids), filled)
            answers[role] = answer.status_code
            if role == "anonymous" and answer.status_code == 302:
                assert answer["Location"].startswith("/accounts/login/")
            transaction.set_rollback(True)
    assert answers == dict(zip(ROLES, expected, strict=True))
