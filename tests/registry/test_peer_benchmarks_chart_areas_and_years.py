"""The benchmark shows by default the framework of the city's latest published result and its latest year;
it draws one box-and-dot chart per top-level area and the city's points year by year as lines, every
figure repeated in words; Korean unless the reader switches to English."""

from __future__ import annotations

import re

import pytest
from django.test import Client

from citycert.frameworks.describe import top_areas
from citycert.library.store import find_version
from tests.registry.peer_benchmarks_story import ITEMS, figures, hand_group, page_of, published
from tests.registry.story import in_english

pytestmark = pytest.mark.django_db


@pytest.fixture
def years(db: None) -> None:
    """The hand-made five of 2026; Testville 3 also decided in 2024 and 2025, and on the national scheme
    in 2023 (an older result, so not the default)."""
    cities = hand_group()
    published(cities[3], dict(zip(ITEMS, (1, 1, 1), strict=True)), year=2024)
    published(cities[3], dict(zip(ITEMS, (2, 2, 1.5), strict=True)), year=2025)
    published(cities[3], {"D1.I1.4": 3}, year=2023, framework="kr-smartcity")


def descriptions(html: str, kind: str) -> list[str]:
    charts = re.findall(rf'<svg [^>]*class="chart chart-{kind}".*?</svg>', html, re.S)
    return [text for chart in charts for text in re.findall(r"<desc [^>]*>([^<]*)</desc>", chart)]


def test_the_latest_framework_and_year_are_the_default(client: Client, years: None) -> None:
    html = page_of(in_english(client), "90003")
    assert '<strong aria-current="true">ISO 37106</strong>' in html
    assert '<strong aria-current="true">2026</strong>' in html
    assert 'href="?framework=bsi-iso37106&amp;year=2025&amp;peers=category"' in html
    national = page_of(client, "90003", framework="kr-smartcity")
    assert '<strong aria-current="true">2023</strong>' in national


def test_the_areas_together_and_each_area_with_its_items_have_box_and_dot_charts(client: Client, years: None) -> None:
    html = page_of(in_english(client), "90003")
    areas = top_areas(find_version("bsi-iso37106").framework)
    overview, *each = descriptions(html, "box")
    assert len(each) == len(areas) == 4
    assert [part.split(":")[0] for part in overview.split("; ")] == [area.name.en for area in areas] + ["Total"]
    assert "Total: 12 / " in overview and "median 7.5, middle half 6–12, range 5–12" in overview
    business = each[0]
    assert business.startswith(f"{areas[0].name.en}: 7 / ")
    assert "median 5.5, middle half 4–7, range 3–8" in business
    assert "City vision: 3 / 5, median 3, middle half 2–4.5, range 1–5;" in business


def test_the_trend_shows_the_total_and_each_area_year_by_year(client: Client, years: None) -> None:
    html = page_of(in_english(client), "90003")
    (trend,) = descriptions(html, "line")
    assert trend.startswith("Total: 2024 3, 2025 5.5, 2026 12; Business management: 2024 2, 2025 4, 2026 7;")
    assert re.findall(r'<tr data-year="(\d+)">', html) == ["2024", "2025", "2026"]
    assert figures(html, "data-area", "total")["points"] == "12"


def test_the_page_is_in_korean_by_default(client: Client, years: None) -> None:
    html = page_of(client, "90003")
    assert '<html lang="ko">' in html
    areas = top_areas(find_version("bsi-iso37106").framework)
    assert all(any(desc.startswith(area.name.ko) for desc in descriptions(html, "box")) for area in areas)
    assert descriptions(html, "line")[0].count("2026") == 1 + len(areas)
    assert '<a href="/registry/cities/90005/">시험시5</a>' in html
