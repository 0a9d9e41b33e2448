"""The small trend line of an indicator series: every value and the target in its description, the newest
value written beside its point, the same text for the same series, and no failure on one point, a flat
line or a value that is not a number."""

from __future__ import annotations

import math
import re

from citycert.charts.common_charts import trend_chart


def test_it_describes_every_value_and_the_target() -> None:
    svg = trend_chart(
        [("2023", 40), ("2024", 55.5), ("2025-03", 61)], title="D1.I1.2", unit="%", reference=80, reference_label="목표"
    )
    assert "<desc" in svg and "2023: 40%; 2024: 55.5%; 2025-03: 61%; 목표 80%" in svg
    assert svg.count("<circle") == 3 and 'class="reference"' in svg
    assert re.search(r'class="latest"[^>]*>61%<', svg)
    assert svg == trend_chart(
        [("2023", 40), ("2024", 55.5), ("2025-03", 61)], title="D1.I1.2", unit="%", reference=80, reference_label="목표"
    )


def test_it_draws_one_point_a_flat_line_and_nonsense_without_failing() -> None:
    one = trend_chart([("2025", 3)], title="x", unit="건")
    assert one.count("<circle") == 1 and "<polyline" not in one and "3건" in one
    flat = trend_chart([("2024", 5), ("2025", 5)], title="x")
    assert "NaN" not in flat and flat.count("<circle") == 2
    odd = trend_chart([("2024", math.nan), ("2025", math.inf)], title="<x>")
    assert not re.search(r"\b(nan|inf)\b", odd, re.IGNORECASE) and "2024: 0; 2025: 0" in odd and "&lt;x&gt;" in odd
