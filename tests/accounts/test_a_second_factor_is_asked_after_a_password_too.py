"""A certifier who set up an authenticator app logs in with their password: citycert asks for the code before any
page, in Korean or English, and a wrong code is refused at its field."""

from __future__ import annotations

from typing import Any

import pytest
from django_otp.plugins.otp_totp.models import TOTPDevice

from tests.accounts.single_sign_on import totp
from tests.people import PASSWORD, People

SAID = {
    "ko": ("인증 앱에 지금 표시된 코드를 입력하세요.", "코드가 맞지 않습니다."),
    "en": ("enter the code your authenticator app shows now.", "That code is not right."),
}


@pytest.mark.parametrize("language", ["ko", "en"])
def test_a_password_is_followed_by_the_code(client: Any, people: People, language: str) -> None:
    device = TOTPDevice.objects.create(user=people.certifier, name="authenticator", confirmed=True)
    secret = device.config_url.split("secret=")[1].split("&")[0]
    client.cookies["django_language"] = language

    page = client.post(
        "/accounts/login/", {"username": "certifier", "password": PASSWORD, "next": "/certification/"}, follow=True
    )

    assert page.redirect_chain[-1][0] == "/accounts/second-factor/?next=/certification/"
    asked, wrong_said = SAID[language]
    assert asked in page.content.decode()
    assert client.get("/certification/")["Location"] == "/accounts/second-factor/?next=/certification/"
    wrong = client.post("/accounts/second-factor/", {"code": "12345", "next": "/certification/"})
    assert wrong.status_code == 400
    assert wrong_said in wrong.content.decode()
    device.refresh_from_db()
    device.throttling_failure_count = 0  # the wait after a wrong code is another story's
    device.throttling_failure_timestamp = None
    device.save()
    proven = client.post("/accounts/second-factor/", {"code": totp(secret), "next": "/certification/"})
    assert proven["Location"] == "/certification/"
    assert client.get("/certification/").status_code == 200


def test_without_an_authenticator_a_password_is_enough(client: Any, people: People) -> None:
    page = client.post("/accounts/login/", {"username": "certifier", "password": PASSWORD}, follow=True)

    assert page.redirect_chain[-1][0] == "/my/"
