"""Whatever the points, the figures follow the method the page states: quartiles as the standard library's
"inclusive" quantiles (linear interpolation, Hyndman and Fan's type 7), ranks as 1 + the number of members
with more points, areas as sums of their items, equal sums equal however they were added up. No database."""

from __future__ import annotations

import statistics

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from citycert.registry.benchmarks import Member, area_points, peer_figures, quantile

SETTINGS = settings(max_examples=150, deadline=None)
# Points as PublishedItem keeps them: up to 4 decimals, with ties likely.
POINTS = st.integers(0, 40).map(lambda quarter: quarter / 4) | st.sampled_from([0.1, 0.2, 0.3, 0.0001])


def members(count: int) -> list[Member]:
    return [Member(index, index, f"9{index:04d}", f"Testville {index}") for index in range(count)]


@SETTINGS
@given(st.lists(POINTS, min_size=1, max_size=40))
def test_quartiles_and_ranks_follow_the_stated_method(values: list[float]) -> None:
    rows = [(city, "item", value) for city, value in enumerate(values)]
    spread = peer_figures(rows, {}, members(len(values))).items["item"]
    ordered = sorted(values)
    assert (spread.count, spread.least, spread.most) == (len(values), ordered[0], ordered[-1])
    expected = [quantile(ordered, share) for share in (0.25, 0.5, 0.75)]
    assert [spread.lower, spread.median, spread.upper] == pytest.approx(expected, abs=1e-9)
    if len(values) > 1:
        assert expected == pytest.approx(statistics.quantiles(values, n=4, method="inclusive"), abs=1e-9)
    for value in values:
        assert spread.rank(value) == 1 + sum(other > value for other in values)


@SETTINGS
@given(st.lists(st.tuples(POINTS, POINTS, POINTS), min_size=1, max_size=20))
def test_areas_are_sums_and_equal_sums_share_a_rank(triples: list[tuple[float, float, float]]) -> None:
    area_of = {"a": "A", "b": "A", "c": "A"}
    # Each city's items in a different order, so its sum is added up differently from its neighbour's.
    rows = [
        (city, item, value)
        for city, triple in enumerate(triples)
        for item, value in (
            zip("abc", triple, strict=True) if city % 2 else reversed(list(zip("abc", triple, strict=True)))
        )
    ]
    figures = peer_figures(rows, area_of, members(len(triples)))
    sums = [area_points(dict(zip("abc", triple, strict=True)), area_of)["A"] for triple in triples]
    spread = figures.areas["A"]
    assert figures.total is not None and figures.total.values == spread.values
    for value in sums:
        assert spread.rank(value) == 1 + sum(other > value for other in sums)
