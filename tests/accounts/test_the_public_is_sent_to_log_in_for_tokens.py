"""Someone not signed in has no tokens: the page and its forms send them to log in, and nothing is made."""

from __future__ import annotations

from django.test import Client

from citycert.accounts.models import ApiToken
from citycert.accounts.tokens import issue
from tests.people import People


def test_the_page_sends_the_public_to_log_in(client: Client, people: People) -> None:
    answer = client.get("/accounts/tokens/")
    assert answer.status_code == 302
    assert answer["Location"] == "/accounts/login/?next=/accounts/tokens/"


def test_the_public_cannot_make_or_revoke_a_token(client: Client, people: People) -> None:
    token, _ = issue(people.officer, "monthly report", 90)
    made = client.post("/accounts/tokens/", {"name": "mine now", "days": "365"})
    revoked = client.post(f"/accounts/tokens/{token.pk}/revoke/")
    assert made.status_code == revoked.status_code == 302
    assert made["Location"].startswith("/accounts/login/") and revoked["Location"].startswith("/accounts/login/")
    assert list(ApiToken.objects.values_list("name", "revoked_at")) == [("monthly report", None)]
