"""Signed in through the OpenID provider, assessor-1's session ends at the next page once the administrator has
deactivated the account, as a password session does (the provider's backend, left to itself, would keep it)."""

from __future__ import annotations

from django.test import Client

from citycert.accounts.activation import deactivate
from tests.people import People

PROVIDER_BACKEND = "citycert.accounts.single_sign_on.VerifiedEmailBackend"


def test_the_providers_session_ends_with_the_account(people: People) -> None:
    client = Client()
    client.force_login(people.assessor, backend=PROVIDER_BACKEND)
    assert client.get("/my/").status_code == 200
    deactivate(people.assessor, people.admin, "left the body")
    answer = client.get("/my/")
    assert answer.status_code == 302 and answer["Location"].startswith("/accounts/login/")
