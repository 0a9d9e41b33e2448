"""The login page shows "Sign in with <provider>" only when an OpenID provider is configured; without one, the
sign-in addresses do not exist."""

from __future__ import annotations

from typing import Any

import pytest

from tests.accounts.single_sign_on import configure
from tests.oidc_provider.server import Provider

BUTTON = {"ko": "KRIHS 통합계정(으)로 로그인", "en": "Sign in with KRIHS ID"}


@pytest.mark.parametrize("language", ["ko", "en"])
def test_the_provider_is_offered_by_its_name_when_configured(
    client: Any, db: Any, oidc_provider: Provider, settings: Any, language: str
) -> None:
    configure(settings, oidc_provider, name="KRIHS ID" if language == "en" else "KRIHS 통합계정")
    client.cookies["django_language"] = language

    page = client.get("/accounts/login/", {"next": "/certification/"}).content.decode()

    assert BUTTON[language] in page
    assert 'href="/oidc/authenticate/?next=/certification/"' in page


def test_nothing_is_offered_and_nothing_answers_without_a_provider(client: Any, db: Any) -> None:
    page = client.get("/accounts/login/").content.decode()

    assert 'id="single-sign-on"' not in page
    assert client.get("/oidc/authenticate/").status_code == 404
    assert client.get("/oidc/callback/", {"code": "x", "state": "y"}).status_code == 404
