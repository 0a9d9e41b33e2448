"""Seocho-gu's officer makes a token for a script: the secret is on the answer to the form, once; the list
afterwards shows its name and prefix only."""

from __future__ import annotations

import re

from django.test import Client

from citycert.accounts.models import ApiToken
from citycert.accounts.tokens import user_for_token
from tests.people import People

SECRET = re.compile(r"cc_[A-Za-z0-9_-]{8}_[A-Za-z0-9_-]{40,}")


def test_the_secret_is_shown_once_then_only_the_prefix(client: Client, people: People) -> None:
    client.force_login(people.officer)
    answer = client.post("/accounts/tokens/", {"name": "monthly report", "days": "90"})
    assert answer.status_code == 200
    html = answer.content.decode()
    shown = SECRET.findall(html)
    assert len(shown) == 1
    assert "다시 표시되지 않습니다" in html
    assert "no-store" in answer["Cache-Control"]
    assert user_for_token(shown[0]) == people.officer

    token = ApiToken.objects.get(user=people.officer)
    assert shown[0].startswith(f"cc_{token.prefix}_")
    later = client.get("/accounts/tokens/").content.decode()
    assert "monthly report" in later and token.prefix in later
    assert shown[0] not in later and SECRET.search(later) is None
    assert "다시 표시되지 않습니다" not in later


def test_the_secret_goes_into_neither_the_address_nor_the_session(client: Client, people: People) -> None:
    client.force_login(people.officer)
    answer = client.post("/accounts/tokens/", {"name": "monthly report", "days": "30"})
    secret = SECRET.findall(answer.content.decode())[0]
    assert not hasattr(answer, "url")
    assert secret not in str(dict(client.session))


def test_the_lifetime_chosen_is_the_one_given(client: Client, people: People) -> None:
    client.force_login(people.officer)
    client.post("/accounts/tokens/", {"name": "yearly export", "days": "365"})
    token = ApiToken.objects.get(user=people.officer)
    assert (token.expires_at - token.created_at).days == 365


def test_ninety_days_is_offered_first(client: Client, people: People) -> None:
    client.force_login(people.officer)
    html = client.get("/accounts/tokens/").content.decode()
    assert '<option value="90" selected>' in html
    assert '<option value="30">' in html and '<option value="365">' in html


def test_a_token_without_a_name_is_refused_with_the_reason(client: Client, people: People) -> None:
    client.force_login(people.officer)
    answer = client.post("/accounts/tokens/", {"name": "  ", "days": "90"})
    assert answer.status_code == 400
    assert "토큰 이름을 입력하세요" in answer.content.decode()
    assert not ApiToken.objects.exists()


def test_a_lifetime_not_offered_is_refused(client: Client, people: People) -> None:
    client.force_login(people.officer)
    answer = client.post("/accounts/tokens/", {"name": "for ever", "days": "100000"})
    assert answer.status_code == 400
    assert not ApiToken.objects.exists()


def test_the_page_is_in_the_navigation_for_everyone_signed_in(client: Client, people: People) -> None:
    assert 'href="/accounts/tokens/"' not in client.get("/").content.decode()
    for someone in (people.officer, people.assessor, people.certifier, people.admin):
        client.force_login(someone)
        assert 'href="/accounts/tokens/"' in client.get("/").content.decode()
