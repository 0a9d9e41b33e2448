"""A program calls every API endpoint as each person (the public, both cities' officers, assessors on and off the
panel, the certifier, the administrator) without saying which language it reads: every refusal (401, 403, 404,
409, 422) comes in Korean, its details too, and says that the answer varies with Accept-Language. A program that
asks for English gets English."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import transaction

from tests.api.calling import Caller, error_of
from tests.api.test_who_may_do_what_through_the_api import CASES, ROLES, _filled, scene
from tests.language.english import english_words

pytestmark = pytest.mark.django_db

__all__ = ["scene"]

# Bodies and queries that break each endpoint family's rules for what a request holds (422).
INVALID: list[tuple[str, str, Any]] = [
    ("post", "/frameworks/bsi-iso37106/{version}/score", {"responses": [{"item": 3}]}),
    ("post", "/frameworks/bsi-iso37106/{version}/score", {"responses": [{"item": "BM.vision", "value": 9}]}),
    ("get", "/cities", {"limit": "many"}),
    ("get", "/certificates", {"grade": "x", "limit": -1}),
    ("get", "/cities/11650/benchmark", {"peers": "friends"}),
    ("get", "/open-data/results", {"format": "doc"}),
    ("get", "/assessments", {"limit": 100000}),
    ("post", "/assessments", {"city": "11650"}),
    ("post", "/assessments", {"city": "11650", "framework": "no-such", "year": 2027}),
    ("post", "/assessments", {"city": "11650", "framework": "bsi-iso37106", "year": "next"}),
    ("patch", "/assessments/{draft}/responses", {"responses": [{"value": "4"}]}),
    ("patch", "/assessments/{draft}/responses", {"responses": [{"item": "BM.vision", "value": "seven"}]}),
    ("patch", "/assessments/{draft}/responses", {"responses": [{"item": "BM.no-such-item", "value": "3"}]}),
    ("post", "/assessments/{draft}/evidence", {"title": ""}),
    ("put", "/applications/{hanam}/reviews/stage-1", {"scores": [{"item": "BM.vision", "value": "eleven"}]}),
    ("put", "/applications/{hanam}/reviews/stage-1", {"scores": "all threes"}),
    ("post", "/applications/{hanam}/decision", {"outcome": "maybe"}),
    ("put", "/applications/{hanam}/consensus", {"scores": [{}]}),
    ("post", "/applications/{hanam}/waivers", {"stage": 1}),
    ("post", "/rounds/{round}/applications", {"assessment": "first"}),
    ("post", "/rounds/{round}/announcement", {"on": "tomorrow"}),
    ("post", "/indicators/import", {"rows": [{"city": "11650", "item": "kr-smartcity:D1.I1.1", "period": "someday"}]}),
    ("post", "/indicators/import", {"rows": [{"city": "11650", "item": "no-such:item", "period": "2025", "value": 1}]}),
    ("post", "/applications/{seocho}/appeals", {"grounds": ""}),
    ("post", "/complaints", {"about": "", "text": 5}),
    ("get", "/complaints", {"limit": "all"}),
    ("post", "/certificates/verify", {"pdf": 5}),
]


def english_in(answer: Any) -> list[str]:
    """The English words in an error's message and in its details' messages (fields, codes and ids aside)."""
    error = error_of(answer)
    texts = [error["message"]]
    details = error["details"] if isinstance(error["details"], list) else []
    texts.extend(str(detail.get("message", "")) for detail in details if isinstance(detail, dict))
    return english_words(texts)


def check(answer: Any, where: str) -> list[str]:
    faults = []
    if answer.status_code >= 400:
        if words := english_in(answer):
            faults.append(f"{where} {answer.status_code}: {words} in {error_of(answer)}")
        if "Accept-Language" not in answer.get("Vary", ""):
            faults.append(f"{where}: no 'Vary: Accept-Language' ({answer.get('Vary')})")
        if answer.get("Content-Language") != "ko":
            faults.append(f"{where}: Content-Language {answer.get('Content-Language')}")
    return faults


def test_every_refusal_of_every_endpoint_is_in_korean(scene: tuple[dict[str, Any], dict[str, Caller]]) -> None:
    ids, callers = scene
    faults: list[str] = []
    statuses: set[int] = set()
    for method, path, body, _expected in CASES:
        for role in ROLES:
            with transaction.atomic():
                answer = callers[role].call(method, path.format(**ids), _filled(body, ids))
                statuses.add(answer.status_code)
                faults.extend(check(answer, f"{role} {method} {path}"))
                transaction.set_rollback(True)
    assert {401, 403, 404, 409, 422} <= statuses
    assert not faults, "\n".join(faults)


@pytest.mark.parametrize(("method", "path", "body"), INVALID, ids=[f"{c[0]} {c[1]}" for c in INVALID])
def test_a_request_that_breaks_the_rules_is_told_why_in_korean(
    scene: tuple[dict[str, Any], dict[str, Caller]], method: str, path: str, body: Any
) -> None:
    ids, callers = scene
    for role in ("officer", "certifier"):
        with transaction.atomic():
            answer = callers[role].call(method, path.format(**ids), _filled(body, ids))
            assert answer.status_code in (403, 404, 409, 422, 428), (role, answer.status_code, answer.content[:300])
            assert not check(answer, f"{role} {method} {path}")
            transaction.set_rollback(True)


def test_a_body_that_is_not_json_is_told_so_in_korean(scene: tuple[dict[str, Any], dict[str, Caller]]) -> None:
    ids, callers = scene
    answer = callers["officer"].client.post(
        f"/api/v1/assessments/{ids['draft']}/responses",
        "{not json",
        content_type="application/json",
        headers=callers["officer"].headers,
    )
    assert answer.status_code in (405, 422)
    answer = callers["officer"].client.post(
        "/api/v1/assessments", "{not json", content_type="application/json", headers=callers["officer"].headers
    )
    assert answer.status_code == 422 and not check(answer, "non-JSON body")


def test_a_program_that_asks_for_english_gets_english(scene: tuple[dict[str, Any], dict[str, Caller]]) -> None:
    _ids, callers = scene
    english = callers["officer"].get("/assessments", {"limit": "many"}, **{"Accept-Language": "en-GB,en;q=0.9"})
    assert english.status_code == 422 and english["Content-Language"] == "en"
    assert error_of(english)["details"][0]["message"] == "Give a whole number here."
    korean = callers["officer"].get("/assessments", {"limit": "many"})
    assert korean["Content-Language"] == "ko" and "Accept-Language" in korean["Vary"]
    assert error_of(korean)["details"][0]["message"] != "Give a whole number here."
