"""The benchmark reads its peer group in a fixed number of queries: thirty peers cost what three do, whether
the group's figures are computed or already cached, and whichever way the group is chosen."""

from __future__ import annotations

import pytest
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from tests.registry.peer_benchmarks_story import ITEMS, figures, page_of, published, town
from tests.registry.story import in_english

pytestmark = pytest.mark.django_db

GROUPS = [{}, {"peers": "population"}, {"peers": "list", "cities": "90001,90002"}]


def join(first: int, last: int) -> None:
    for index in range(first, last + 1):
        city = town(index, population=100_000 + index)
        published(city, {item: (index + number) % 6 for number, item in enumerate(ITEMS)})
        for year in (2024, 2025):  # earlier years, for the trend
            published(city, dict.fromkeys(ITEMS, index % 5), year=year)


def queries(client: Client, params: dict[str, str], *, cold: bool) -> int:
    if cold:
        cache.clear()
    with CaptureQueriesContext(connection) as captured:
        page_of(client, "90001", **params)
    return len(captured)


@pytest.mark.parametrize("params", GROUPS, ids=["category", "population", "list"])
def test_thirty_peers_cost_the_queries_of_three(client: Client, params: dict[str, str]) -> None:
    in_english(client)
    join(1, 3)
    page_of(client, "90001", **params)  # frameworks parsed, once per process
    three = (queries(client, params, cold=True), queries(client, params, cold=False))
    join(4, 30)
    thirty = (queries(client, params, cold=True), queries(client, params, cold=False))
    assert thirty == three
    assert three[0] <= 7 and three[1] == three[0] - 1  # a cached group skips reading its rows


def test_the_cached_figures_answer_for_the_same_group_only(client: Client) -> None:
    in_english(client)
    join(1, 3)
    assert figures(page_of(client, "90001"), "data-area", "total")["rank"].endswith(" / 3")
    join(4, 5)  # two more decisions: a different set of applications, so the figures are computed again
    assert figures(page_of(client, "90001"), "data-area", "total")["rank"].endswith(" / 5")
