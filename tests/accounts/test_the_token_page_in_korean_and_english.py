"""The tokens page speaks Korean by default and English when chosen, the one-time warning included."""

from __future__ import annotations

from django.test import Client

from tests.people import People


def test_the_page_is_in_korean_by_default(client: Client, people: People) -> None:
    client.force_login(people.officer)
    html = client.get("/accounts/tokens/").content.decode()
    assert "API 토큰" in html and "새 토큰" in html and "아직 API 토큰이 없습니다" in html
    answer = client.post("/accounts/tokens/", {"name": "월간 보고", "days": "30"}).content.decode()
    assert "지금 복사하세요. 다시 표시되지 않습니다." in answer
    assert "30일" in answer and "사용 중" in answer and "폐기" in answer and "사용한 적 없음" in answer


def test_the_page_is_in_english_when_chosen(client: Client, people: People) -> None:
    client.force_login(people.officer)
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    html = client.get("/accounts/tokens/").content.decode()
    assert "API tokens" in html and "New token" in html and "You have no API tokens yet." in html
    answer = client.post("/accounts/tokens/", {"name": "monthly report", "days": "30"}).content.decode()
    assert "Copy it now: it will not be shown again." in answer
    assert "30 days" in answer and "active" in answer and "Revoke" in answer and "never" in answer
