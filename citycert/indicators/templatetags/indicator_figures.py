"""Template filters for indicator values: stored decimals and periods as people write them."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import template

from citycert.indicators import series
from citycert.indicators.models import period_text

register = template.Library()


@register.filter
def figure(number: Decimal | float | None) -> str:
    """12.500000 → 12.5; a float (a margin, points) to at most two decimals; None → -."""
    if isinstance(number, float):
        return f"{number:,.2f}".rstrip("0").rstrip(".")
    return series.figure(number)


@register.filter
def period(value: Any) -> str:
    """2024 or 2024-03, for an IndicatorValue or an import row."""
    return period_text(value.year, value.month)
