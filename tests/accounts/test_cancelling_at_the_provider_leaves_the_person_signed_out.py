"""An assessor who cancels at the provider's consent page comes back to citycert's login page, signed out, told in
their language that signing in did not complete and what else they can do."""

from __future__ import annotations

from typing import Any

import pytest
import requests

from tests.accounts.single_sign_on import configure, hidden_inputs
from tests.oidc_provider.people import ASSESSOR, PASSWORD
from tests.oidc_provider.server import Provider
from tests.people import People

SAID = {
    "ko": "Test ID(으)로 로그인하지 못했습니다. 다시 시도하거나, 아이디와 비밀번호로 로그인하세요.",
    "en": "Signing in with Test ID did not complete. Try again, or log in with your username and password.",
}


@pytest.mark.parametrize("language", ["ko", "en"])
def test_cancelling_consent_is_said_on_the_login_page(
    client: Any, people: People, oidc_provider: Provider, settings: Any, language: str
) -> None:
    configure(settings, oidc_provider)
    client.cookies["django_language"] = language
    people.assessor.email = ASSESSOR.email
    people.assessor.save()
    browser = requests.Session()
    login = browser.get(client.get("/oidc/authenticate/")["Location"], timeout=30)
    fields = {**hidden_inputs(login.text), "username": ASSESSOR.username, "password": PASSWORD}
    consent = browser.post(login.url, data=fields, timeout=30)

    cancelled = browser.post(consent.url, data=hidden_inputs(consent.text), timeout=30, allow_redirects=False)
    back = cancelled.headers["Location"]
    assert "error=access_denied" in back
    page = client.get(back.removeprefix("http://testserver"), follow=True)

    assert page.redirect_chain[-1][0] == "/accounts/login/"
    assert SAID[language] in page.content.decode()
    assert "_auth_user_id" not in client.session
