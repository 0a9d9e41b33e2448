"""A city officer, whose role does not require it, finds the second factor on their password page, sets up an
authenticator app there in Korean, and from the next login on is asked for its code. The public is sent to log in."""

from __future__ import annotations

import re
from typing import Any

from tests.accounts.single_sign_on import totp
from tests.people import PASSWORD, People

ENROL = "/accounts/second-factor/enrol/"


def test_an_officer_sets_up_a_second_factor_and_is_asked_for_it_next_time(client: Any, people: People) -> None:
    client.force_login(people.officer)
    password_page = client.get("/accounts/password/").content.decode()
    assert f'<a href="{ENROL}">2단계 인증: 로그인할 때마다 인증 앱의 코드 입력</a>' in password_page

    page = client.get(ENROL).content.decode()
    assert "이 역할에는 2단계 인증이 필요합니다." not in page  # offered, not required
    assert "휴대전화에서 인증 앱" in page
    assert client.get("/my/").status_code == 200  # nothing is owed until the app is set up
    secret = re.search(r'id="totp-secret">([A-Z2-7 ]+)</code>', page)
    assert secret is not None
    assert client.get(ENROL).content.decode().count(secret[1]) == 1  # the same key until confirmed
    done = client.post(ENROL, {"code": totp(secret[1])}, follow=True)
    assert "인증 앱이 등록되었습니다. 이제 로그인할 때마다 그 코드를 묻습니다." in done.content.decode()
    assert "이 계정에는 인증 앱이 등록되어 있어" in client.get(ENROL).content.decode()  # no second secret shown

    client.post("/accounts/logout/")
    login = client.post("/accounts/login/", {"username": "officer-seocho", "password": PASSWORD}, follow=True)
    assert login.redirect_chain[-1][0] == "/accounts/second-factor/?next=/my/"
    assert "인증 코드 입력" in login.content.decode()


def test_the_public_is_sent_to_log_in(client: Any, db: Any) -> None:
    for path in [ENROL, "/accounts/second-factor/"]:
        answer = client.get(path)
        assert answer.status_code == 302
        assert answer["Location"].startswith("/accounts/login/?next=")
