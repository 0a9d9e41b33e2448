"""Someone the provider knows but citycert does not (a verified email no account has) is refused with what to do,
and no account is made for them."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.auth.models import User

from tests.accounts.single_sign_on import configure, sign_in_with_provider
from tests.oidc_provider.people import STRANGER
from tests.oidc_provider.server import Provider
from tests.people import People

SAID = {
    "ko": "이메일 주소 choi@elsewhere.example을(를) 가진 citycert 계정이 없습니다.",
    "en": "No citycert account has the email address choi@elsewhere.example. Signing in does not create accounts",
}


@pytest.mark.parametrize("language", ["ko", "en"])
def test_an_unknown_email_is_refused_and_no_account_is_made(
    client: Any, people: People, oidc_provider: Provider, settings: Any, language: str
) -> None:
    configure(settings, oidc_provider)
    client.cookies["django_language"] = language
    accounts = User.objects.count()

    page = sign_in_with_provider(client, STRANGER)

    assert page.redirect_chain[-1][0] == "/accounts/login/"
    assert SAID[language] in page.content.decode()
    assert "_auth_user_id" not in client.session
    assert User.objects.count() == accounts
    assert not User.objects.filter(email__iexact=STRANGER.email).exists()
