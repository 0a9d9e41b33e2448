"""The public page of the national scheme lists its editions, each a link to its own tree; a scheme bundled in one
version lists none."""

from __future__ import annotations

import re

import pytest
from django.test import Client

pytestmark = pytest.mark.django_db


def test_the_national_scheme_lists_its_three_editions_and_shows_the_one_asked_for(client: Client) -> None:
    html = client.get("/frameworks/kr-smartcity/").content.decode()
    editions = re.findall(r'<li data-version="(\w+)">(.*?)</li>', html)
    assert [version for version, _ in editions] == ["2021", "2022", "2024"]
    assert '<strong aria-current="page">2023~2025년 판 (세부지표 53개)</strong>' in html  # the newest by default
    assert '<a href="?version=2021">2021년 판 (세부지표 63개)</a>' in html
    older = client.get("/frameworks/kr-smartcity/?version=2022").content.decode()
    assert '<strong aria-current="page">2022년 판 (세부지표 56개)</strong>' in older
    assert "D3.I3.7" in older and "D3.I3.7" not in html  # an indicator the 2022 edition has and the latest not
    client.cookies["django_language"] = "en"
    assert (
        '<a href="?version=2021">2021 edition (63 indicators)</a>'
        in client.get("/frameworks/kr-smartcity/").content.decode()
    )


def test_a_scheme_of_one_version_lists_no_editions(client: Client) -> None:
    html = client.get("/frameworks/iso37120/").content.decode()
    assert 'class="editions"' not in html and "2018 버전" in html
