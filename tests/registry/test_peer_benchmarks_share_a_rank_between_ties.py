"""Cities with equal points share a rank and the next rank is skipped (1, 2, 3, 3, 5); among leaders with
equal points, the one whose name comes first is listed first."""

from __future__ import annotations

import re

import pytest
from django.test import Client

from citycert.registry.benchmarks import Member, peer_figures
from tests.registry.peer_benchmarks_story import HAND, ITEMS, cells, figures, hand_group, page_of
from tests.registry.story import in_english

pytestmark = pytest.mark.django_db


def test_equal_points_share_a_rank() -> None:
    rows = [(index, item, value) for index, values in HAND.items() for item, value in zip(ITEMS, values, strict=True)]
    members = [Member(index, index, f"9{index:04d}", f"Testville {index}") for index in HAND]
    leadership = peer_figures(rows, {}, members).items["BM.leadership"]  # 2, 2, 4, 1, 3
    assert [leadership.rank(HAND[index][1]) for index in HAND] == [3, 3, 1, 5, 2]


def test_the_page_gives_tied_cities_the_same_rank(client: Client) -> None:
    hand_group()
    in_english(client)
    assert figures(page_of(client, "90001"), "data-item", "BM.leadership")["rank"] == "3 / 5"
    assert figures(page_of(client, "90002"), "data-item", "BM.leadership")["rank"] == "3 / 5"
    # Testville 3 and 5 both total 12: both first, and Testville 4 (7.5) third.
    assert figures(page_of(client, "90003"), "data-area", "total")["rank"] == "1 / 5"
    assert figures(page_of(client, "90005"), "data-area", "total")["rank"] == "1 / 5"
    assert figures(page_of(client, "90004"), "data-area", "total")["rank"] == "3 / 5"


def leaders(html: str, item: str) -> list[str]:
    return re.findall(r"(Testville \d) \(", cells(html, "data-item", item)[-1])


def test_tied_leaders_come_in_order_of_name_and_the_city_is_not_its_own_leader(client: Client) -> None:
    hand_group()
    in_english(client)
    # BM.leadership: Testville 3 (4), 5 (3), then 1 and 2 tied at 2.
    assert leaders(page_of(client, "90004"), "BM.leadership") == ["Testville 3", "Testville 5", "Testville 1"]
    assert leaders(page_of(client, "90003"), "BM.leadership") == ["Testville 5", "Testville 1", "Testville 2"]
    html = page_of(client, "90004")
    assert '<a href="/registry/cities/90003/">Testville 3</a> (4)' in html
