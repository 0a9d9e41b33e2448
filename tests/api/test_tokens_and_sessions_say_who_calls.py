"""Seocho-gu's data hub calls with the officer's API token: it is the officer. A token that is wrong, revoked
or expired is refused with 401, never taken for the public; the pages' session works too, but a change
through it needs the CSRF token like any form."""

from __future__ import annotations

import json
from datetime import timedelta

from django.test import Client
from django.utils import timezone

from citycert.accounts.models import ApiToken
from citycert.accounts.tokens import issue, revoke
from tests.api.calling import BASE, Caller, error_of
from tests.people import People


def test_the_token_is_its_owner(people: People) -> None:
    hub = Caller(people.officer)
    answer = hub.get("/assessments", {"city": people.seocho.code})
    assert answer.status_code == 200
    assert {row["id"] for row in answer.json()["results"]} >= {people.draft.pk, people.submitted.pk}


def test_a_bad_token_is_401_even_on_public_resources(people: People) -> None:
    for secret in ("cc_nonsense_value", "not-even-shaped-like-one"):
        answer = Client().get(f"{BASE}/frameworks", headers={"Authorization": f"Bearer {secret}"})
        assert answer.status_code == 401 and error_of(answer)["code"] == "unauthenticated"
        assert answer["WWW-Authenticate"].startswith("Bearer")


def test_revoked_and_expired_tokens_are_refused(people: People) -> None:
    token, secret = issue(people.officer, "hub", 30)
    headers = {"Authorization": f"Bearer {secret}"}
    assert Client().get(f"{BASE}/assessments", headers=headers).status_code == 200
    revoke(token, people.officer)
    assert Client().get(f"{BASE}/assessments", headers=headers).status_code == 401

    token, secret = issue(people.officer, "hub", 30)
    ApiToken.objects.filter(pk=token.pk).update(expires_at=timezone.now() - timedelta(seconds=1))
    assert Client().get(f"{BASE}/assessments", headers={"Authorization": f"Bearer {secret}"}).status_code == 401


def test_the_session_reads_but_changes_only_with_the_csrf_token(people: People) -> None:
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(people.officer)
    read = browser.get(f"{BASE}/assessments/{people.draft.pk}")
    assert read.status_code == 200
    body = json.dumps({"responses": [{"item": "BM.vision", "value": "4"}]})
    without = browser.patch(
        f"{BASE}/assessments/{people.draft.pk}/responses",
        body,
        content_type="application/json",
        headers={"If-Match": read["ETag"]},
    )
    assert without.status_code == 403
    assert people.draft.responses.get(item_id="BM.vision").value == "3"

    browser.get("/")  # the pages hand out the CSRF cookie
    with_token = browser.patch(
        f"{BASE}/assessments/{people.draft.pk}/responses",
        body,
        content_type="application/json",
        headers={"If-Match": read["ETag"], "X-CSRFToken": browser.cookies["csrftoken"].value},
    )
    assert with_token.status_code == 200


def test_errors_come_in_the_language_the_program_asks_for(people: People) -> None:
    english = Client().get(f"{BASE}/cities/99999", headers={"Accept-Language": "en"})
    korean = Client().get(f"{BASE}/cities/99999")
    assert error_of(english)["message"] == "No city has the code 99999."
    assert error_of(korean)["message"] != error_of(english)["message"] and "99999" in error_of(korean)["message"]
