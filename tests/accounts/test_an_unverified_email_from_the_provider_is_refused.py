"""A city officer whose provider has not verified their email is sent back to the login page, not signed in, with
a message saying why and what to do, in Korean or English; the refusal is in the audit log."""

from __future__ import annotations

from typing import Any

import pytest

from citycert.audit.models import AuditEvent
from tests.accounts.single_sign_on import configure, sign_in_with_provider
from tests.oidc_provider.people import UNVERIFIED
from tests.oidc_provider.server import Provider
from tests.people import People

SAID = {
    "ko": "Test ID에서 이메일 주소 lee.officer@seocho.example이(가) 확인되지 않아 이 주소로는 로그인할 수 없습니다.",
    "en": "Test ID has not verified the email address lee.officer@seocho.example, so citycert cannot let you in with it.",
}


@pytest.mark.parametrize("language", ["ko", "en"])
def test_an_unverified_email_is_refused_on_the_login_page(
    client: Any, people: People, oidc_provider: Provider, settings: Any, language: str
) -> None:
    configure(settings, oidc_provider)
    client.cookies["django_language"] = language
    people.officer.email = UNVERIFIED.email  # the address is right: only its verification is missing
    people.officer.save()

    page = sign_in_with_provider(client, UNVERIFIED)

    assert page.redirect_chain[-1][0] == "/accounts/login/"
    assert SAID[language] in page.content.decode()
    assert "_auth_user_id" not in client.session
    assert client.get("/my/").status_code == 302  # still the public
    event = AuditEvent.objects.filter(action="account.sign_in_refused").get()
    assert event.actor is None
    assert event.after == {"reason": "email_not_verified", "email": UNVERIFIED.email}
