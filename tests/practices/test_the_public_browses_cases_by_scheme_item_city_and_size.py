"""The public browses the good-practice library: by scheme, by item, by city (a region brings its districts) and by
size; a filter that matches nothing says so, a filter value that cannot be used is refused and named; and a
delegation visiting Seoul finds Seoul's cases in two clicks from the start page."""

from __future__ import annotations

import re

import pytest
from django.test import Client

from tests.practices.stories import text_of

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("demo")]


def titles(client: Client, query: str) -> str:
    response = client.get(f"/cases/{query}")
    assert response.status_code == 200
    return text_of(response.content.decode())


def test_by_scheme() -> None:
    seen = titles(Client(), "?framework=kr-smartcity")
    assert "IoT 시설물 안전관리" in seen and "스마트쉼터" in seen
    assert "서초스마트유스센터" not in seen


def test_by_item() -> None:
    seen = titles(Client(), "?framework=kr-smartcity&item=D3.I1.3")
    assert "IoT 시설물 안전관리" in seen and "통합플랫폼 안전 앱" in seen
    assert "스마트쉼터" not in seen and "공공데이터 개방" not in seen
    assert "2건" in seen


def test_by_size() -> None:
    large = titles(Client(), "?size=large")
    assert "엠보팅 시민 투표와 스마트 불편신고" in large  # Seoul
    assert "전략관리 5개 항목" in large  # Daegu
    assert "스마트쉼터" not in large  # Seongdong-gu is small-medium
    small = titles(Client(), "?size=small_medium")
    assert "스마트쉼터" in small and "엠보팅" not in small


def test_an_empty_choice_says_so_and_a_bad_one_is_refused() -> None:
    client = Client()
    assert "이 조건에 맞는 사례가 없습니다." in titles(client, "?framework=kr-smartcity&item=BM.vision")
    refused = client.get("/cases/?size=huge")
    assert refused.status_code == 400
    assert "규모: large, small_medium 가운데 하나를 고르십시오" in text_of(refused.content.decode())


def test_a_delegation_finds_seouls_cases_in_two_clicks() -> None:
    client = Client()
    home = client.get("/").content.decode()
    first = re.search(r'href="(/cases/)"', home)
    assert first, "the start page's navigation links to the library"
    library = client.get(first.group(1)).content.decode()
    second = re.search(r'href="(/cases/\?city=11000)"[^>]*>서울특별시', library)
    assert second, "the library names Seoul among the cities with cases"
    seen = text_of(client.get(second.group(1).replace("&amp;", "&")).content.decode())
    assert "서울특별시의 우수사례" in seen
    assert "공공데이터 개방" in seen and "엠보팅 시민 투표와 스마트 불편신고" in seen
    assert "서초스마트유스센터" in seen, "Seoul's districts' cases come with Seoul's"
    assert "통합관제센터 AI 선별 관제 CCTV" not in seen, "Hanam-si's cases are not Seoul's"


def test_a_city_profile_lists_its_cases() -> None:
    seen = text_of(Client().get("/registry/cities/11530/").content.decode())
    assert "우수사례" in seen
    assert "IoT 시설물 안전관리" in seen and "스마트시티 통합플랫폼과 112·119 영상 지원" in seen
    assert "스마트쉼터" not in seen  # Seongdong-gu's, not Guro-gu's
