"""Krippendorff's alpha: how far a panel of raters agrees beyond what chance alone would give.

Follows Krippendorff (2011), "Computing Krippendorff's Alpha-Reliability", section C: values are
paired within each unit, the pairs tallied in a coincidence matrix, and

    alpha = 1 - D_o / D_e

with D_o the disagreement observed within units and D_e the disagreement expected when the same
values are paired at random across units. Missing ratings are allowed; a unit rated by one rater
only has no one to be compared with and is left out.

Pure Python, standard library only, so that it can run anywhere the scoring engine runs.
"""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from collections.abc import Callable, Mapping, Sequence
from itertools import accumulate
from typing import Literal

Metric = Literal["nominal", "ordinal", "interval"]
Distance = Callable[[float, float], float]

__all__ = ["Metric", "krippendorff_alpha"]


def krippendorff_alpha(units: Sequence[Sequence[float | None]], metric: Metric = "ordinal") -> float | None:
    """Krippendorff's alpha of `units`, one sequence per unit holding each rater's value, or None where
    that rater gave none (units may differ in length; which rater is where does not matter).

    `metric` says what a difference between two values means: "nominal" (categories: equal or not),
    "ordinal" (ranked levels: how many values lie between them) or "interval" (squared difference).

    Returns None when alpha is undefined because no unit holds two or more values: nothing can be
    compared. Returns 1.0 when there are comparable values but they are all the same value; the
    formula gives 0/0 there (no disagreement observed, none expected), and we read a panel whose
    every rating is identical as agreeing perfectly rather than as "unknown".
    """
    coincidences = _coincidences(units)
    if not coincidences:
        return None
    totals: defaultdict[float, float] = defaultdict(float)  # n_c: how often each value takes part in a pair
    for (c, _), weight in coincidences.items():
        totals[c] += weight
    n = sum(totals.values())
    delta2 = _distance(metric, totals)
    observed = sum(weight * delta2(c, k) for (c, k), weight in coincidences.items()) / n
    expected = sum(totals[c] * totals[k] * delta2(c, k) for c in totals for k in totals) / (n * (n - 1))
    if expected == 0:  # a single distinct value: see the docstring
        return 1.0
    return 1 - observed / expected


def _coincidences(units: Sequence[Sequence[float | None]]) -> dict[tuple[float, float], float]:
    """o_ck: each ordered pair of values from different raters of a unit, weighted 1/(m_u - 1).

    The weight makes every pairable value count once in total, however many raters its unit had.
    """
    matrix: defaultdict[tuple[float, float], float] = defaultdict(float)
    for unit in units:
        counts = Counter(value for value in unit if value is not None)
        if not all(math.isfinite(value) for value in counts):
            raise ValueError(f"ratings must be finite numbers, got {list(unit)!r}")
        m = counts.total()
        if m < 2:
            continue
        for c, n_c in counts.items():
            for k, n_k in counts.items():
                # A value is never paired with itself, so a value seen n_c times gives n_c * (n_c - 1) pairs.
                pairs = n_c * (n_c - 1) if c == k else n_c * n_k
                if pairs:
                    matrix[c, k] += pairs / (m - 1)
    return matrix


def _distance(metric: Metric, totals: Mapping[float, float]) -> Distance:
    """The metric's squared difference delta^2(c, k)."""
    if metric == "nominal":
        return lambda c, k: 0.0 if c == k else 1.0
    if metric == "interval":
        return lambda c, k: (c - k) ** 2
    if metric == "ordinal":
        # Two levels are as far apart as the mass of values between them, counting each end half:
        # (sum_{g=c..k} n_g - (n_c + n_k) / 2)^2. With the running total up to each level that is
        # (cumulative(k) - cumulative(c) + n_c/2 - n_k/2)^2, whatever numbers name the levels.
        levels = sorted(totals)
        cumulative = dict(zip(levels, accumulate(totals[level] for level in levels), strict=True))

        def ordinal(c: float, k: float) -> float:
            low, high = min(c, k), max(c, k)
            return (cumulative[high] - cumulative[low] + (totals[low] - totals[high]) / 2) ** 2

        return ordinal
    raise ValueError(f"unknown metric {metric!r}; expected nominal, ordinal or interval")
