"""Every page and endpoint, tried by every kind of person: each gets the answer the permission module says. Beside
the stories' people: a certifier of another certifying body, an advisor to Seocho-gu, and an assessor who is also
Hanam-si's officer (two memberships).

What a person may not see does not exist for them (404); what they may see but not change is 403;
the public is sent to the login page (302) for anything that is not public.
"""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from tests.people import NEW_PEOPLE, People, new_person

ROLES = [
    "anonymous",
    "officer",
    "other_officer",
    "assessor",
    "certifier",
    "admin",
    "other_body_certifier",
    "advisor",
    "assessor_and_officer",
]


def as_(client: Client, people: People, role: str) -> Client:
    if role in NEW_PEOPLE:
        client.force_login(new_person(people, role))
    elif role != "anonymous":
        client.force_login(getattr(people, role))
    return client


def url(people: People, template: str) -> str:
    return template.format(
        draft=people.draft.pk,
        submitted=people.submitted.pk,
        city=people.seocho.code,
        other=people.hanam.code,
        draft_evidence=people.draft_evidence.pk,
        submitted_evidence=people.submitted_evidence.pk,
        assessor=people.assessor.pk,
    )


# (method, url, data, expected status for anonymous, officer, other_officer, assessor, certifier, admin, a certifier
# of another certifying body, an advisor to Seocho-gu, and an assessor who is also Hanam-si's officer)
PUBLIC = (200, 200, 200, 200, 200, 200, 200, 200, 200)
SIGNED_IN = (302, 200, 200, 200, 200, 200, 200, 200, 200)
OWN_CITY = (302, 200, 404, 404, 404, 404, 404, 404, 404)  # the city's workspace and starting an assessment: officers
OWN_DRAFT = (302, 200, 404, 404, 404, 404, 404, 200, 404)  # a draft: the city's officers and its advisors
OWN_DRAFT_POST = (302, 302, 404, 404, 404, 404, 404, 302, 404)
OWN_DRAFT_EMPTY_FORM = (302, 400, 404, 404, 404, 404, 404, 400, 404)  # the form back, its error at the field
OFFICERS_ONLY = (302, 200, 404, 404, 404, 404, 404, 403, 404)  # submitting, withdrawing: not an advisor
# A submitted assessment: any certifying body's certifiers see it (it is not yet an application's), and the city's
# advisors; only its officers withdraw it.
SUBMITTED_VIEW = (302, 200, 404, 404, 200, 200, 200, 200, 404)
SUBMITTED_EDIT = (302, 403, 404, 404, 403, 403, 403, 403, 404)

# Signing out and choosing a language are open to everyone and send them on, not to the login page.
ANYONE_MAY_POST = ("/accounts/logout/", "/i18n/setlang/")

CASES: list[tuple[str, str, dict[str, Any], tuple[int, ...]]] = [
    ("get", "/", {}, PUBLIC),
    ("get", "/frameworks/bsi-iso37106/", {}, PUBLIC),
    ("get", "/cases/", {}, PUBLIC),
    # Only the city's officers publish its cases, and only once a result of it is announced (none here: 409).
    ("get", "/cases/publish/{city}/", {}, (302, 409, 403, 403, 403, 403, 403, 403, 403)),
    ("post", "/cases/publish/{city}/", {}, (302, 409, 403, 403, 403, 403, 403, 403, 403)),
    ("get", "/accounts/login/", {}, PUBLIC),
    ("get", "/my/", {}, SIGNED_IN),
    ("get", "/accounts/tokens/", {}, SIGNED_IN),
    ("get", "/accounts/password/", {}, SIGNED_IN),
    ("get", "/accounts/password/done/", {}, SIGNED_IN),
    ("post", "/accounts/tokens/", {"name": "script", "days": "90"}, SIGNED_IN),
    ("post", "/accounts/tokens/999999/revoke/", {}, (302, 404, 404, 404, 404, 404, 404, 404, 404)),
    ("get", "/cities/{city}/workspace/", {}, OWN_CITY),
    ("get", "/cities/{other}/workspace/", {}, (302, 404, 200, 404, 404, 404, 404, 404, 200)),
    ("get", "/cities/{city}/assessments/new/", {}, OWN_CITY),
    (
        "post",
        "/cities/{city}/assessments/new/",
        {"kind": "self_assessment", "year": "2026"},
        (302, 400, 404, 404, 404, 404, 404, 404, 404),
    ),
    ("get", "/assessments/{draft}/", {}, OWN_DRAFT),
    ("get", "/assessments/{draft}/score/", {}, OWN_DRAFT),
    ("post", "/assessments/{draft}/items/BM.leadership/", {"value": "4"}, OWN_DRAFT),
    ("post", "/assessments/{draft}/confirm/", {}, OWN_DRAFT_POST),
    ("get", "/assessments/{draft}/submit/", {}, OFFICERS_ONLY),
    ("post", "/assessments/{draft}/submit/", {}, (302, 302, 404, 404, 404, 404, 404, 403, 404)),
    ("get", "/assessments/{draft}/withdraw/", {}, OFFICERS_ONLY),
    ("post", "/assessments/{draft}/withdraw/", {}, (302, 302, 404, 404, 404, 404, 404, 403, 404)),
    ("post", "/assessments/{draft}/copy/", {}, (302, 403, 404, 404, 404, 404, 404, 403, 404)),
    (
        "post",
        "/assessments/{draft}/evidence/",
        {"title": "x", "url": "https://example.org", "items": "BM.vision"},
        OWN_DRAFT_POST,
    ),
    ("get", "/assessments/{draft}/evidence/{draft_evidence}/file", {}, OWN_DRAFT),
    ("get", "/assessments/{submitted}/evidence/{submitted_evidence}/file", {}, SUBMITTED_VIEW),
    (
        "get",
        "/assessments/{submitted}/evidence/{draft_evidence}/file",
        {},
        (302, 404, 404, 404, 404, 404, 404, 404, 404),
    ),
    ("get", "/assessments/{draft}/export.xlsx", {}, OWN_DRAFT),
    ("get", "/assessments/{draft}/report.pdf", {}, OWN_DRAFT),
    ("get", "/assessments/{submitted}/report.pdf", {}, SUBMITTED_VIEW),
    ("get", "/assessments/{draft}/export.csv", {}, OWN_DRAFT),
    ("post", "/assessments/{draft}/import/", {}, OWN_DRAFT_EMPTY_FORM),
    (
        "post",
        "/assessments/{draft}/import/apply/",
        {"token": "nope", "suffix": ".csv", "revision": "0"},
        OWN_DRAFT_POST,
    ),
    ("get", "/assessments/{submitted}/", {}, SUBMITTED_VIEW),
    ("get", "/assessments/{submitted}/score/", {}, SUBMITTED_VIEW),
    ("get", "/assessments/{submitted}/export.xlsx", {}, SUBMITTED_VIEW),
    # Its own officer is told the page is out of date (409, with a reload); the others may not change it at all.
    (
        "post",
        "/assessments/{submitted}/items/BM.leadership/",
        {"value": "4"},
        (302, 409, 404, 404, 403, 403, 403, 403, 404),
    ),
    ("get", "/assessments/{submitted}/submit/", {}, SUBMITTED_EDIT),
    ("post", "/assessments/{submitted}/submit/", {}, SUBMITTED_EDIT),
    (
        "post",
        "/assessments/{submitted}/evidence/",
        {"title": "x", "url": "https://example.org", "items": "BM.vision"},
        SUBMITTED_EDIT,
    ),
    ("post", "/assessments/{submitted}/import/", {}, SUBMITTED_EDIT),
    ("get", "/assessments/{submitted}/withdraw/", {}, (302, 200, 404, 404, 403, 403, 403, 403, 404)),
    ("post", "/assessments/{submitted}/withdraw/", {}, (302, 302, 404, 404, 403, 403, 403, 403, 404)),
    ("post", "/assessments/{submitted}/copy/", {}, SUBMITTED_EDIT),
    ("get", "/assessments/999999/", {}, (302, 404, 404, 404, 404, 404, 404, 404, 404)),
    # The people page and inviting: administrators, and city officers for their own cities; accounts are changed by
    # administrators only; an invitation's link is for whoever holds it, and a made-up one is found by nobody.
    ("get", "/accounts/people/", {}, (302, 200, 200, 403, 403, 200, 403, 403, 200)),
    ("get", "/accounts/people/invite/", {}, (302, 200, 200, 403, 403, 200, 403, 403, 200)),
    ("post", "/accounts/people/invite/", {}, (302, 400, 400, 403, 403, 400, 403, 403, 400)),
    ("post", "/accounts/people/invitations/999999/resend/", {}, (302, 404, 404, 404, 404, 404, 404, 404, 404)),
    ("post", "/accounts/people/invitations/999999/revoke/", {}, (302, 404, 404, 404, 404, 404, 404, 404, 404)),
    ("get", "/accounts/people/{assessor}/", {}, (302, 403, 403, 403, 403, 200, 403, 403, 403)),
    ("post", "/accounts/people/{assessor}/", {}, (302, 403, 403, 403, 403, 400, 403, 403, 403)),
    ("get", "/accounts/people/999999/", {}, (302, 403, 403, 403, 403, 404, 403, 403, 403)),
    ("get", "/invitations/not-an-invitation/", {}, (404, 404, 404, 404, 404, 404, 404, 404, 404)),
    ("post", "/invitations/not-an-invitation/", {}, (404, 404, 404, 404, 404, 404, 404, 404, 404)),
    ("post", "/accounts/logout/", {}, (302, 302, 302, 302, 302, 302, 302, 302, 302)),
    ("post", "/i18n/setlang/", {"language": "en", "next": "/"}, (302, 302, 302, 302, 302, 302, 302, 302, 302)),
]


@pytest.mark.parametrize(("method", "template", "data", "expected"), CASES, ids=[f"{c[0]} {c[1]}" for c in CASES])
@pytest.mark.parametrize("role", ROLES)
def test_each_person_gets_the_expected_answer(
    client: Client,
    people: People,
    role: str,
    method: str,
    template: str,
    data: dict[str, Any],
    expected: tuple[int, ...],
) -> None:
    answer = getattr(as_(client, people, role), method)(url(people, template), data)
    assert answer.status_code == expected[ROLES.index(role)]
    if role == "anonymous" and answer.status_code == 302 and template not in ANYONE_MAY_POST:
        assert answer["Location"].startswith("/accounts/login/")


def test_nobody_but_the_city_sees_a_draft_in_any_list(client: Client, people: People) -> None:
    for role in ("certifier", "admin"):
        client.force_login(getattr(people, role))
        html = client.get("/my/").content.decode()
        assert f"/assessments/{people.submitted.pk}/" in html
        assert f"/assessments/{people.draft.pk}/" not in html


def test_a_submitted_assessment_cannot_be_changed_even_by_its_city(client: Client, people: People) -> None:
    client.force_login(people.officer)
    before = list(people.submitted.responses.values_list("item_id", "value"))
    answer = client.post(f"/assessments/{people.submitted.pk}/items/BM.vision/", {"value": "5"})
    assert answer.status_code == 409
    assert "이 페이지를 연 뒤 평가가 제출되어 잠겼습니다" in answer.content.decode()
    assert list(people.submitted.responses.values_list("item_id", "value")) == before


def test_a_page_not_found_is_in_korean_with_the_site_around_it(client: Client, people: People) -> None:
    client.force_login(people.other_officer)
    answer = client.get(f"/assessments/{people.draft.pk}/")
    html = answer.content.decode()
    assert answer.status_code == 404
    assert "찾을 수 없음" in html and "citycert" in html and "서초구" not in html
