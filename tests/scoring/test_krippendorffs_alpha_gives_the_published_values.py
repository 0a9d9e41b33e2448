"""Krippendorff's alpha for a panel of raters (citycert.scoring.agreement).

Where the expected numbers come from:
- The worked example is Krippendorff, K. (2011), "Computing Krippendorff's Alpha-Reliability",
  University of Pennsylvania, section C (4 observers, 12 units, missing values); the paper
  publishes alpha = 0.743 (nominal), 0.815 (ordinal) and 0.849 (interval), checked here to 3 decimals.
- These figures, and the module on 600 random panels (2-6 raters, 1-25 units, up to half the
  ratings missing, integer levels and arbitrary floats) under all three metrics, were cross-checked
  against the `krippendorff` package (0.9.0, PyPI) in a throwaway virtualenv outside the project:
  the largest difference was 1e-15. That package is not a dependency; the same check is kept here
  as `reference_alpha`, an independent brute force over all pairs of values.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from citycert.scoring.agreement import Metric, krippendorff_alpha

METRICS: tuple[Metric, ...] = ("nominal", "ordinal", "interval")
SETTINGS = settings(max_examples=200, deadline=None)
Units = list[list[float | None]]

# Krippendorff (2011), section C: one row per observer, one column per unit, None where missing.
OBSERVERS: list[list[float | None]] = [
    [1, 2, 3, 3, 2, 1, 4, 1, 2, None, None, None],
    [1, 2, 3, 3, 2, 2, 4, 1, 2, 5, None, 3],
    [None, 3, 3, 3, 2, 3, 4, 2, 2, 5, 1, None],
    [1, 2, 3, 3, 2, 4, 4, 1, 2, 5, 1, None],
]
WORKED_EXAMPLE: Units = [list(unit) for unit in zip(*OBSERVERS, strict=True)]
PUBLISHED = {"nominal": 0.743, "ordinal": 0.815, "interval": 0.849}


def reference_alpha(units: Sequence[Sequence[float | None]], metric: Metric) -> float | None:
    """Alpha the slow way: every ordered pair of values, within a unit (observed) and across all (expected).

    D_o = 1/n * sum over units of 1/(m_u - 1) * sum of delta^2 over pairs within the unit;
    D_e = 1/(n (n - 1)) * sum of delta^2 over all pairs of pairable values. No coincidence matrix.
    """
    pairable = [[value for value in unit if value is not None] for unit in units]
    pairable = [unit for unit in pairable if len(unit) >= 2]
    if not pairable:
        return None
    values = [value for unit in pairable for value in unit]
    n = len(values)
    counts = Counter(values)

    def delta2(a: float, b: float) -> float:
        if metric == "nominal":
            return float(a != b)
        if metric == "interval":
            return (a - b) ** 2
        low, high = min(a, b), max(a, b)
        between = sum(count for value, count in counts.items() if low <= value <= high)
        return (between - (counts[a] + counts[b]) / 2) ** 2

    def pair_sum(group: list[float]) -> float:
        return sum(delta2(a, b) for i, a in enumerate(group) for j, b in enumerate(group) if i != j)

    observed = sum(pair_sum(unit) / (len(unit) - 1) for unit in pairable) / n
    expected = pair_sum(values) / (n * (n - 1))
    return 1.0 if expected == 0 else 1 - observed / expected


@st.composite
def panels(draw: st.DrawFn, levels: Sequence[float] = (1, 2, 3, 4, 5)) -> Units:
    """Ratings of up to 12 items by 2-5 raters on the given levels, some of them missing."""
    raters = draw(st.integers(2, 5))
    rating = st.sampled_from([*levels, None])
    return draw(st.lists(st.lists(rating, min_size=raters, max_size=raters), min_size=1, max_size=12))


@st.composite
def any_level_panels(draw: st.DrawFn) -> Units:
    """Panels whose values are any of a few numbers, not only 1..5 (quarters, so that sums stay exact)."""
    pool = draw(st.lists(st.integers(-400, 400).map(lambda i: i / 4), min_size=1, max_size=6, unique=True))
    return draw(panels(pool))


def alphas(units: Units) -> dict[Metric, float | None]:
    return {metric: krippendorff_alpha(units, metric) for metric in METRICS}


def same_alphas(units: Units) -> dict[Metric, object]:
    return {metric: pytest.approx(alpha, abs=1e-12) for metric, alpha in alphas(units).items()}


@pytest.mark.parametrize("metric", METRICS)
def test_worked_example_of_krippendorff_2011_gives_the_published_alphas(metric: Metric) -> None:
    alpha = krippendorff_alpha(WORKED_EXAMPLE, metric)
    assert alpha is not None
    assert round(alpha, 3) == PUBLISHED[metric]
    assert alpha == pytest.approx(reference_alpha(WORKED_EXAMPLE, metric), abs=1e-12)


def test_ordinal_is_the_default_metric() -> None:
    assert krippendorff_alpha(WORKED_EXAMPLE) == krippendorff_alpha(WORKED_EXAMPLE, "ordinal")


def test_items_nobody_rated_twice_leave_alpha_undefined() -> None:
    assert krippendorff_alpha([]) is None
    assert krippendorff_alpha([[1, None, None], [None, 2, None], [None, None, None]]) is None


def test_panel_that_only_ever_gives_one_value_counts_as_full_agreement() -> None:
    # No disagreement observed and none expected: 0/0, read as perfect agreement (documented choice).
    assert alphas([[3, 3, None], [3, None, 3], [2]]) == dict.fromkeys(METRICS, 1.0)


def test_unknown_metric_and_missing_ratings_written_as_nan_are_refused() -> None:
    with pytest.raises(ValueError, match="unknown metric"):
        krippendorff_alpha(WORKED_EXAMPLE, "ratio")  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="finite"):
        krippendorff_alpha([[1, float("nan")], [2, 2]])


@SETTINGS
@given(
    st.lists(st.tuples(st.integers(1, 5), st.integers(2, 5)), min_size=2, max_size=12),
    st.integers(5, 7),
    st.randoms(use_true_random=False),
)
def test_panel_in_full_agreement_has_alpha_one(items, raters, random) -> None:
    assume(len({value for value, _ in items}) >= 2)  # variation between items, so D_e > 0
    units: Units = []
    for value, agreeing in items:
        unit: list[float | None] = [value] * agreeing + [None] * (raters - agreeing)
        random.shuffle(unit)
        units.append(unit)
    assert alphas(units) == dict.fromkeys(METRICS, 1.0)


@SETTINGS
@given(panels())
def test_alpha_never_exceeds_one(units) -> None:
    for alpha in alphas(units).values():
        assert alpha is None or alpha <= 1


@SETTINGS
@given(panels(), st.data())
def test_who_is_rater_a_and_who_is_rater_b_does_not_matter(units, data) -> None:
    order = data.draw(st.permutations(range(len(units[0]))))
    assert alphas([[unit[i] for i in order] for unit in units]) == same_alphas(units)


@SETTINGS
@given(panels(), st.randoms(use_true_random=False))
def test_order_of_items_does_not_matter(units, random) -> None:
    shuffled = list(units)
    random.shuffle(shuffled)
    assert alphas(shuffled) == same_alphas(units)


@SETTINGS
@given(panels(), st.lists(st.integers(1, 100), min_size=5, max_size=5), st.integers(-100, 100))
def test_ordinal_alpha_only_sees_the_order_of_levels(units, steps, start) -> None:
    # Levels 1..5 renamed to any increasing numbers, e.g. 10, 20, 35, 60, 100.
    renamed = dict(zip(range(1, 6), [start + sum(steps[: i + 1]) for i in range(5)], strict=True))
    relabelled: Units = [[None if value is None else renamed[int(value)] for value in unit] for unit in units]
    assert krippendorff_alpha(relabelled, "ordinal") == pytest.approx(krippendorff_alpha(units, "ordinal"), abs=1e-12)


@SETTINGS
@given(panels(), st.lists(st.tuples(st.integers(1, 5), st.integers(0, 4)), max_size=5))
def test_items_rated_by_a_single_rater_do_not_change_alpha(units, lone_ratings) -> None:
    raters = len(units[0])
    lonely: Units = [[value if i == seat % raters else None for i in range(raters)] for value, seat in lone_ratings]
    assert alphas(units + lonely) == same_alphas(units)


@SETTINGS
@given(st.one_of(panels(), any_level_panels()))
def test_alpha_matches_a_brute_force_count_over_all_pairs(units) -> None:
    expected = {metric: reference_alpha(units, metric) for metric in METRICS}
    assert alphas(units) == {metric: pytest.approx(alpha, abs=1e-9) for metric, alpha in expected.items()}
