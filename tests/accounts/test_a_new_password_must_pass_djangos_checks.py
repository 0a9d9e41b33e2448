"""Seocho-gu's officer changes their password on the password page: Django's four checks refuse a short,
common, all-digit or username-like one, with the reasons in Korean; a good one is taken. The demo's shared
password passes the same checks for every demo account."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.password_validation import validate_password
from django.test import Client

from citycert.demo.load import ACCOUNTS, DEMO_PASSWORD
from tests.people import PASSWORD, People

GOOD = "서초 스마트도시 2026 인증!"


def change(client: Client, new: str, again: str | None = None, old: str = PASSWORD):
    data = {"old_password": old, "new_password1": new, "new_password2": new if again is None else again}
    return client.post("/accounts/password/", data)


@pytest.mark.parametrize(
    ("new", "reason"),
    [
        ("x7#kq", "너무 짧습니다"),
        ("password123", "너무 흔히 사용되는 비밀번호입니다"),
        ("2026061512345", "전부 숫자로 되어 있습니다"),
        ("officer-seocho1", "아이디와 너무 유사합니다"),
    ],
    ids=["too short", "common", "all digits", "like the username"],
)
def test_a_weak_password_is_refused_with_the_reason(client: Client, people: People, new: str, reason: str) -> None:
    client.force_login(people.officer)
    answer = change(client, new)
    assert answer.status_code == 400  # refused: the form again, the reason at the field
    assert reason in answer.content.decode()
    people.officer.refresh_from_db()
    assert people.officer.check_password(PASSWORD)


def test_the_current_password_must_be_given(client: Client, people: People) -> None:
    client.force_login(people.officer)
    answer = change(client, GOOD, old="not-my-password")
    assert answer.status_code == 400
    people.officer.refresh_from_db()
    assert people.officer.check_password(PASSWORD)


def test_a_good_password_is_taken_and_the_officer_stays_logged_in(client: Client, people: People) -> None:
    client.force_login(people.officer)
    answer = change(client, GOOD)
    assert answer.status_code == 302 and answer["Location"] == "/accounts/password/done/"
    people.officer.refresh_from_db()
    assert people.officer.check_password(GOOD)
    done = client.get("/accounts/password/done/")
    assert done.status_code == 200 and "비밀번호가 바뀌었습니다" in done.content.decode()


def test_the_page_lists_the_rules_and_the_public_is_sent_to_log_in(client: Client, people: People) -> None:
    assert client.get("/accounts/password/")["Location"].startswith("/accounts/login/")
    client.force_login(people.officer)
    html = client.get("/accounts/password/").content.decode()
    assert "최소 8자 이상이어야 합니다" in html


def test_the_demo_password_passes_for_every_demo_account(db: None) -> None:
    users = get_user_model()
    for username, _role, _cities in ACCOUNTS:
        validate_password(DEMO_PASSWORD, users(username=username))
