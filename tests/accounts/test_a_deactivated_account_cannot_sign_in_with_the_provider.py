"""A certifier whose account was deactivated still proves their email to the provider, and is still refused."""

from __future__ import annotations

from typing import Any

import pytest

from tests.accounts.single_sign_on import configure, sign_in_with_provider
from tests.oidc_provider.people import LEFT
from tests.oidc_provider.server import Provider
from tests.people import People

SAID = {
    "ko": "이메일 주소 jung.left@krihs.example의 citycert 계정은 비활성화되었습니다.",
    "en": "The citycert account with the email address jung.left@krihs.example has been deactivated.",
}


@pytest.mark.parametrize("language", ["ko", "en"])
def test_an_inactive_account_is_refused(
    client: Any, people: People, oidc_provider: Provider, settings: Any, language: str
) -> None:
    configure(settings, oidc_provider)
    client.cookies["django_language"] = language
    people.certifier.email = LEFT.email
    people.certifier.is_active = False
    people.certifier.save()

    page = sign_in_with_provider(client, LEFT)

    assert page.redirect_chain[-1][0] == "/accounts/login/"
    assert SAID[language] in page.content.decode()
    assert "_auth_user_id" not in client.session
