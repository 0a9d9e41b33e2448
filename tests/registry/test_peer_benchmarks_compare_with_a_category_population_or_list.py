"""The peer group is the city's category by default, or the cities of a similar population (latest figure
within ±50 %), or a list of cities chosen by code; always the city itself included."""

from __future__ import annotations

import pytest
from django.test import Client

from citycert.certification.models import Application
from citycert.cities.models import Population
from tests.registry.peer_benchmarks_story import figures, hand_group, page_of, town
from tests.registry.story import in_english

pytestmark = pytest.mark.django_db


def vision(html: str) -> list[str]:
    """Testville 3's BM.vision points, the group's quartiles and its rank."""
    return list(figures(html, "data-item", "BM.vision").values())[1:]


def test_the_default_group_is_the_citys_category_in_that_round(client: Client) -> None:
    hand_group()
    Application.objects.filter(city__code__in=["90003", "90004", "90005"]).update(category="large")
    html = page_of(in_english(client), "90003")
    assert vision(html) == ["3", "3.75", "4.5", "4.75", "3 / 3"]  # 3, 4.5, 5
    assert "Cities of the same category (large)" in html  # ISO 37106 names no categories: the id
    assert vision(page_of(client, "90003", peers="category")) == vision(html)


def test_a_list_compares_with_the_cities_chosen(client: Client) -> None:
    hand_group()
    html = page_of(in_english(client), "90003", peers="list", cities="90002, 90004")
    assert vision(html) == ["3", "2.5", "3", "3.75", "2 / 3"]  # 2, 3, 4.5
    assert "The cities listed, with a decided result in this round: 3" in html


def test_a_listed_city_without_a_result_that_year_is_named(client: Client) -> None:
    hand_group()
    town(6)
    html = page_of(in_english(client), "90003", peers="list", cities="90002,90004,90006")
    assert vision(html) == ["3", "2.5", "3", "3.75", "2 / 3"]
    assert "No decided result in 2026 for: 90006." in html


def test_population_peers_are_within_half_of_the_citys_latest_population(client: Client) -> None:
    cities = hand_group()
    for index, population in {1: 60_000, 2: 150_000, 3: 100_000, 4: 151_000, 5: 100_000}.items():
        Population.objects.create(city=cities[index], year=2020, population=population)
    Population.objects.create(city=cities[5], year=2025, population=200_000)  # the latest counts: out
    town(6, population=100_000)  # no result in 2026: not a peer
    html = page_of(in_english(client), "90003", peers="population")
    assert vision(html) == ["3", "1.5", "2", "2.5", "1 / 3"]  # Testville 1, 2 and 3: 1, 2, 3
    assert "within ±50 % of Testville 3" in html
