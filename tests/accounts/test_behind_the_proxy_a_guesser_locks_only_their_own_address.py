"""The site runs behind a proxy (10.0.0.5, listed in CITYCERT_TRUSTED_PROXIES), so every request reaches citycert
from the proxy's address. Someone guesses Seocho-gu's officer's password five times: they are locked out, but the
officer, through the same proxy from the office, still logs in. Writing an X-Forwarded-For of their own does not
help the guesser: the proxy adds the address it saw after it, and that is the one counted. Where no proxy is
configured, the header is not read at all.
"""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from citycert.accounts.models import LoginFailure
from tests.people import PASSWORD, People

PROXY = "10.0.0.5"
INNER_PROXY = "10.0.0.9"
GUESSER = "203.0.113.7"
OFFICE = "198.51.100.20"
LOCKED = "로그인 실패가 너무 많습니다"  # Too many failed logins


@pytest.fixture
def behind_the_proxy(settings: Any) -> None:
    settings.TRUSTED_PROXIES = ["10.0.0.0/24"]


def log_in(client: Client, people: People, password: str, *, forwarded: str = "", came_from: str = PROXY) -> Any:
    headers: dict[str, Any] = {"HTTP_X_FORWARDED_FOR": forwarded} if forwarded else {}
    return client.post(
        "/accounts/login/",
        {"username": people.officer.username, "password": password},
        REMOTE_ADDR=came_from,
        **headers,
    )


@pytest.mark.usefixtures("behind_the_proxy")
def test_the_guesser_is_locked_and_the_officer_behind_the_same_proxy_is_not(people: People) -> None:
    guesser = Client()
    for attempt in range(5):
        assert LOCKED not in log_in(guesser, people, f"guess-{attempt}", forwarded=GUESSER).content.decode()
    refused = log_in(guesser, people, PASSWORD, forwarded=GUESSER)
    assert LOCKED in refused.content.decode() and "_auth_user_id" not in guesser.session
    assert set(LoginFailure.objects.values_list("address", flat=True)) == {GUESSER}

    officer = Client()
    answer = log_in(officer, people, PASSWORD, forwarded=OFFICE)
    assert answer.status_code == 302 and officer.session["_auth_user_id"] == str(people.officer.pk)


@pytest.mark.usefixtures("behind_the_proxy")
def test_an_address_the_guesser_writes_in_the_header_does_not_free_them(people: People) -> None:
    guesser = Client()
    # The proxy appends the address it saw to whatever header the client sent.
    for attempt in range(5):
        log_in(guesser, people, f"guess-{attempt}", forwarded=f"192.0.2.{attempt}, {GUESSER}")
    refused = log_in(guesser, people, PASSWORD, forwarded=f"192.0.2.99, {GUESSER}")
    assert LOCKED in refused.content.decode()
    assert LOCKED not in log_in(Client(), people, PASSWORD, forwarded=f"{GUESSER}, {OFFICE}").content.decode()


@pytest.mark.usefixtures("behind_the_proxy")
def test_through_two_trusted_proxies_the_client_is_still_found(people: People) -> None:
    for attempt in range(5):
        # The outer proxy as a server listening on IPv6 sees it.
        log_in(Client(), people, f"guess-{attempt}", forwarded=f"{GUESSER}, {INNER_PROXY}", came_from=f"::ffff:{PROXY}")
    assert set(LoginFailure.objects.values_list("address", flat=True)) == {GUESSER}
    assert LOCKED in log_in(Client(), people, PASSWORD, forwarded=f"{GUESSER}, {INNER_PROXY}").content.decode()
    assert log_in(Client(), people, PASSWORD, forwarded=f"{OFFICE}, {INNER_PROXY}").status_code == 302


def test_without_a_configured_proxy_the_header_is_not_read(people: People) -> None:
    guesser = Client()
    for attempt in range(5):
        log_in(guesser, people, f"guess-{attempt}", forwarded=f"192.0.2.{attempt}", came_from=GUESSER)
    refused = log_in(guesser, people, PASSWORD, forwarded=OFFICE, came_from=GUESSER)
    assert LOCKED in refused.content.decode()
    assert set(LoginFailure.objects.values_list("address", flat=True)) == {GUESSER}
