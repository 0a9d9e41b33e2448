"""Someone guesses Seocho-gu's officer's password: after five wrong tries from one address, even the right
password is refused there for fifteen minutes, with a message saying how long, in Korean and English.
The officer at another address is not locked out, and the lock lifts by itself."""

from __future__ import annotations

from datetime import timedelta

from django.test import Client
from django.utils import timezone

from citycert.accounts.models import LoginFailure
from tests.people import PASSWORD, People

GUESSER = "203.0.113.7"
OFFICE = "198.51.100.20"


def log_in(client: Client, username: str, password: str, address: str, language: str = "ko"):
    return client.post(
        "/accounts/login/",
        {"username": username, "password": password},
        REMOTE_ADDR=address,
        HTTP_ACCEPT_LANGUAGE=language,
    )


def guess_five_times(client: Client, people: People) -> None:
    for attempt in range(5):
        answer = log_in(client, people.officer.username, f"guess-{attempt}", GUESSER)
        assert answer.status_code == 200
        assert answer.context["form"].errors


def test_the_sixth_try_is_refused_even_with_the_right_password(client: Client, people: People) -> None:
    guess_five_times(client, people)
    answer = log_in(client, people.officer.username, PASSWORD, GUESSER)
    assert answer.status_code == 200
    assert "_auth_user_id" not in client.session
    assert "로그인 실패가 너무 많습니다" in answer.content.decode()
    assert "15분 후에 다시 시도해 주세요" in answer.content.decode()


def test_the_message_is_in_english_on_an_english_page(client: Client, people: People) -> None:
    guess_five_times(client, people)
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    answer = log_in(client, people.officer.username, PASSWORD, GUESSER, language="en")
    assert "Too many failed logins for this username. Try again in 15 minutes." in answer.content.decode()


def test_the_officer_at_another_address_still_logs_in(client: Client, people: People) -> None:
    guess_five_times(client, people)
    answer = log_in(client, people.officer.username, PASSWORD, OFFICE)
    assert answer.status_code == 302
    assert client.session["_auth_user_id"] == str(people.officer.pk)


def test_other_people_at_that_address_are_not_locked(client: Client, people: People) -> None:
    guess_five_times(client, people)
    answer = log_in(client, people.other_officer.username, PASSWORD, GUESSER)
    assert answer.status_code == 302


def test_the_lock_lifts_once_the_failures_are_old(client: Client, people: People) -> None:
    guess_five_times(client, people)
    LoginFailure.objects.update(at=timezone.now() - timedelta(minutes=16))
    answer = log_in(client, people.officer.username, PASSWORD, GUESSER)
    assert answer.status_code == 302


def test_a_successful_login_starts_the_count_afresh(client: Client, people: People) -> None:
    for attempt in range(4):
        log_in(client, people.officer.username, f"guess-{attempt}", GUESSER)
    assert log_in(client, people.officer.username, PASSWORD, GUESSER).status_code == 302
    client.logout()
    for attempt in range(4):
        log_in(client, people.officer.username, f"typo-{attempt}", GUESSER)
    assert log_in(client, people.officer.username, PASSWORD, GUESSER).status_code == 302
