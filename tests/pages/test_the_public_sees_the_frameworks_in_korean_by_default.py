"""The public opens citycert and sees the bundled frameworks, in Korean by default and in English on request."""

from __future__ import annotations

import re

import pytest
from django.contrib.staticfiles import finders
from django.test import Client

from citycert.library.models import FrameworkVersion

pytestmark = pytest.mark.django_db


def test_the_public_sees_the_frameworks_in_korean_by_default(client: Client) -> None:
    page = client.get("/")
    assert page.status_code == 200
    html = page.content.decode()
    assert '<html lang="ko">' in html
    assert "ISO 37106 스마트시티 성숙도 평가" in html
    for stored in FrameworkVersion.objects.all():
        assert stored.name_ko in html


def test_the_public_can_switch_to_english(client: Client) -> None:
    switched = client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    assert switched.status_code == 302
    html = client.get("/").content.decode()
    assert '<html lang="en">' in html
    assert "ISO 37106 smart city maturity assessment" in html
    assert "Certification schemes and indicator frameworks" in html


def test_a_framework_page_shows_its_tree_and_what_is_inferred(client: Client) -> None:
    html = client.get("/frameworks/bsi-iso37106/").content.decode()
    assert "도시 비전" in html and "BM.vision" in html
    # Not the word alone: the footer of every Korean page holds "추론".
    assert re.search(r"\d+개 항목은 citycert가 재구성한 것입니다\(추론 표시\)\.", html)
    assert "<td>추론</td>" in html


def test_an_unknown_framework_is_not_found(client: Client) -> None:
    assert client.get("/frameworks/no-such-scheme/").status_code == 404


def test_korean_stays_the_default_whatever_the_browser_prefers(client: Client) -> None:
    html = client.get("/", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9").content.decode()
    assert '<html lang="ko">' in html


def test_the_stylesheet_is_served_from_the_site_itself(client: Client) -> None:
    html = client.get("/").content.decode()
    assert 'href="/static/citycert/site.css"' in html
    assert "http://" not in html.split("<body>")[0] and "https://" not in html.split("<body>")[0]
    assert finders.find("citycert/site.css"), "the stylesheet is found by the static files finders"
