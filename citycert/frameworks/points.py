"""What an answer to one item is worth, as the item's definition says.

Used by the loader (to check that declared points add up) and by the scoring engine.
Values are Decimal throughout so that 1,400 of 2,000 is exactly 70 %, never 69.999…
"""

from __future__ import annotations

from decimal import ROUND_FLOOR, ROUND_HALF_UP, Decimal
from typing import Any

from citycert.frameworks.schema import Node, Scale, ValueBand

Value = int | Decimal | bool
ZERO = Decimal(0)
ONE = Decimal(1)


def number(value: Any) -> Any:
    """Decimals as JSON numbers: whole numbers as int, others as float; other values unchanged."""
    if isinstance(value, bool) or not isinstance(value, Decimal):
        return value
    if value == value.to_integral_value():
        return int(value)
    return float(value.normalize())


def item_max_points(node: Node, scale: Scale | None) -> Decimal:
    """The most an item can earn, before its weight."""
    if node.type in ("maturity", "qualitative"):
        if node.level_points:
            return max(node.level_points.values())
        if node.points is not None:
            return node.points
        return Decimal(scale.levels[-1].value) if scale else ZERO
    if node.type == "boolean":
        return node.points if node.points is not None else ONE
    if node.type == "quantitative" and node.scoring is not None:
        if node.scoring.bands and node.scoring.method != "linear":
            return max(band.points for band in node.scoring.bands)
        return node.points or ZERO
    return ZERO


def item_points(node: Node, scale: Scale | None, value: Value, decimals: int) -> Decimal:
    """The points an answered item earns, rounded half-up to the scheme's decimals."""
    raw = _raw_points(node, scale, value)
    return raw.quantize(_quantum(decimals), rounding=ROUND_HALF_UP)


_QUANTA = {places: Decimal(1).scaleb(-places) for places in range(9)}


def _quantum(decimals: int) -> Decimal:
    # Made once per number of places: the engine scores thousands of answers a second.
    return _QUANTA.get(decimals) or Decimal(1).scaleb(-decimals)


def _raw_points(node: Node, scale: Scale | None, value: Value) -> Decimal:
    if node.type in ("maturity", "qualitative"):
        level = int(value)
        if node.level_points:
            return node.level_points[level]
        if node.points is None:
            return Decimal(level)
        return node.points * level_share(scale, level)
    if node.type == "boolean":
        return item_max_points(node, scale) if value else ZERO
    scoring = node.scoring
    if scoring is None:
        return ZERO
    number = Decimal(value)
    if scoring.method == "bands":
        return _band_points(scoring.bands or [], number)
    if scoring.method == "linear":
        assert scoring.worst is not None and scoring.best is not None and node.points is not None
        share = (number - scoring.worst) / (scoring.best - scoring.worst)
        return node.points * min(ONE, max(ZERO, share))
    ratio = ratio_to_target(node, number)
    if scoring.bands:
        return _band_points(scoring.bands, ratio)
    return (node.points or ZERO) * min(ONE, ratio)


def ratio_to_target(node: Node, value: Decimal) -> Decimal:
    """How close a value is to its target: 1 at the target; lower-is-better is approached from above."""
    assert node.scoring is not None and node.scoring.target is not None
    target = node.scoring.target
    if node.direction == "lower_is_better":
        return target / value if value > 0 else Decimal("Infinity")
    return value / target


def level_share(scale: Scale | None, level: int) -> Decimal:
    """The share of an item's points earned at a level: the scale's share, or level / top level."""
    if scale is None:
        return ZERO
    for step in scale.levels:
        if step.value == level:
            if step.share is not None:
                return step.share
            return Decimal(level) / Decimal(scale.levels[-1].value)
    return ZERO


def _band_points(bands: list[ValueBand], number: Decimal) -> Decimal:
    for band in bands:
        if (band.min is None or number >= band.min) and (band.max is None or number < band.max):
            return band.points
    return ZERO


def better_values(node: Node, scale: Scale | None) -> list[Value]:
    """The values worth naming in a gap plan, from least to most points.

    Each is the least change that enters a better band or level; linear scoring offers quarter steps.
    """
    if node.type in ("maturity", "qualitative"):
        return [level.value for level in scale.levels] if scale else []
    if node.type == "boolean":
        return [False, True]
    scoring = node.scoring
    if scoring is None:
        return [_plain_value(node)]
    lower = node.direction == "lower_is_better"
    values: list[Decimal] = []
    if scoring.method == "linear":
        assert scoring.best is not None and scoring.worst is not None
        span = scoring.best - scoring.worst
        values = [scoring.worst + span * step / 4 for step in range(1, 5)]
    elif scoring.method == "bands":
        for band in scoring.bands or []:
            edge = band.min if band.min is not None else band.max
            if edge is not None:
                values.append(edge if band.min is not None else edge - 1)
    else:
        assert scoring.target is not None
        target = scoring.target
        thresholds = [band.min for band in scoring.bands or [] if band.min] or [ONE]
        for threshold in thresholds:
            # Lower is better: the most a value may be is target / threshold, a long fraction; three significant
            # figures, rounded down (the better side), name a value a city can aim at (10 / 0.66 -> 15.1).
            values.append(_three_figures_down(target / threshold) if lower else target * threshold)
    inside = [value for value in values if _allowed(node, value)] or [_plain_value(node)]
    return sorted(set(inside), key=lambda value: _raw_points(node, scale, value))


def _three_figures_down(value: Decimal) -> Decimal:
    return value.quantize(Decimal(1).scaleb(value.adjusted() - 2), rounding=ROUND_FLOOR)


def _allowed(node: Node, value: Decimal) -> bool:
    return (node.min is None or value >= node.min) and (node.max is None or value <= node.max)


def _plain_value(node: Node) -> Decimal:
    # An unscored indicator only needs to be reported; the lowest allowed value stands in for "a value".
    return node.min if node.min is not None else ZERO
