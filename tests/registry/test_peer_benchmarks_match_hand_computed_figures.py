"""The peer figures match the ones worked out by hand for five cities (see the story's table): medians and
quartiles interpolated linearly, ranks among the five, areas as sums of their items, the total."""

from __future__ import annotations

import statistics

import pytest
from django.test import Client

from citycert.registry.benchmarks import Member, peer_figures, quantile
from tests.registry.peer_benchmarks_story import HAND, ITEMS, figures, hand_group, page_of
from tests.registry.story import in_english

AREAS = {"BM.vision": "BM", "BM.leadership": "BM", "BR.citizen-benefits": "BR"}
MEMBERS = [Member(index, index, f"9{index:04d}", f"Testville {index}") for index in HAND]


def hand_rows() -> list[tuple[int, str, float | None]]:
    return [(index, item, value) for index, values in HAND.items() for item, value in zip(ITEMS, values, strict=True)]


def test_quantiles_interpolate_linearly_between_the_nearest_values() -> None:
    assert [quantile([1, 2, 3, 4], share) for share in (0.25, 0.5, 0.75)] == [1.75, 2.5, 3.25]
    assert quantile([7], 0.25) == quantile([7], 0.75) == 7
    # The same method as the standard library's "inclusive" quartiles (Hyndman and Fan's type 7).
    values = [0.5, 2, 2, 3, 5, 8.25, 13]
    assert [quantile(values, share) for share in (0.25, 0.5, 0.75)] == pytest.approx(
        statistics.quantiles(values, n=4, method="inclusive")
    )


def test_item_figures_match_the_hand_computation() -> None:
    figures = peer_figures(hand_rows(), AREAS, MEMBERS)
    assert figures.members == 5
    vision = figures.items["BM.vision"]  # 1, 2, 3, 4.5, 5
    assert (vision.count, vision.lower, vision.median, vision.upper) == (5, 2, 3, 4.5)
    assert (vision.least, vision.most) == (1, 5)
    assert [vision.rank(points) for points in (5, 4.5, 3, 2, 1)] == [1, 2, 3, 4, 5]
    benefits = figures.items["BR.citizen-benefits"]  # 1 … 5
    assert (benefits.lower, benefits.median, benefits.upper) == (2, 3, 4)


def test_area_and_total_figures_are_sums_of_items() -> None:
    figures = peer_figures(hand_rows(), AREAS, MEMBERS)
    business = figures.areas["BM"]  # 3, 4, 5.5, 7, 8
    assert (business.lower, business.median, business.upper, business.rank(7)) == (4, 5.5, 7, 2)
    assert figures.total is not None  # 5, 6, 7.5, 12, 12
    assert (figures.total.lower, figures.total.median, figures.total.upper) == (6, 7.5, 12)
    assert figures.total.rank(7.5) == 3


def test_an_item_outside_every_area_counts_in_the_total_only() -> None:
    rows = [*hand_rows(), (1, "loose-item", 10.0)]
    figures = peer_figures(rows, AREAS, MEMBERS)
    assert figures.total is not None and figures.total.most == 16  # Testville 1: 6 + 10
    assert set(figures.areas) == {"BM", "BR"}


def test_the_leaders_are_the_best_peers_first() -> None:
    leaders = peer_figures(hand_rows(), AREAS, MEMBERS).leaders["BM.vision"]
    assert [(leader.name, leader.points) for leader in leaders] == [
        ("Testville 5", 5),
        ("Testville 4", 4.5),
        ("Testville 3", 3),
        ("Testville 2", 2),
    ]


def test_the_page_shows_the_hand_computed_figures(client: Client, db: None) -> None:
    hand_group()
    html = page_of(in_english(client), "90003")
    assert list(figures(html, "data-item", "BM.vision").values())[1:] == ["3", "2", "3", "4.5", "3 / 5"]
    assert list(figures(html, "data-area", "BM").values())[1:] == ["7", "4", "5.5", "7", "2 / 5"]
    assert list(figures(html, "data-area", "BR").values())[1:] == ["5", "2", "3", "4", "1 / 5"]
    assert list(figures(html, "data-area", "total").values())[1:] == ["12", "6", "7.5", "12", "1 / 5"]
