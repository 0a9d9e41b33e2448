"""Checking one row: a city the importer works for, a quantitative item of the library, a period not in the
future, a number in the item's range and unit, a known data quality. A good row becomes a CheckedRow; a bad one
is Rejected with its reason.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import NamedTuple

from django.utils.translation import gettext as _

from citycert.assessments.choices import DataQuality
from citycert.frameworks.schema import Node
from citycert.indicators.importing.reading import OPTIONAL, REQUIRED
from citycert.library.store import latest_versions

SIX_PLACES = Decimal("0.000001")
LARGEST = Decimal(10) ** 14  # IndicatorValue.value: 20 digits, 6 of them decimals

Key = tuple[int, str, str, int, int]  # city id, framework id, item id, year, month


class CheckedRow(NamedTuple):
    """A good row of the file. A named tuple: an import makes a million of them."""

    line: int  # in the file, the header being line 1
    city_id: int
    framework_id: str
    item_id: str
    year: int
    month: int
    value: Decimal
    unit: str
    source: str
    quality: str
    reason: str = ""  # given with a revision; where none is, the page says it was the import's

    @property
    def key(self) -> Key:
        return (self.city_id, self.framework_id, self.item_id, self.year, self.month)


@dataclass(frozen=True)
class Rejected:
    line: int
    field: str
    reason: str
    text: str  # the row as it was in the file, shortened


@dataclass(frozen=True)
class Quantity:
    framework_id: str
    node: Node
    units: frozenset[str]  # the item's unit in either language, lower case; empty where it has none


def quantitative_items() -> tuple[dict[str, Quantity], dict[str, list[str]]]:
    """Every quantitative item of the newest version of each framework, by `framework:item`, and the
    frameworks each bare item id belongs to (to tell when a bare id is ambiguous)."""
    qualified: dict[str, Quantity] = {}
    bare: dict[str, list[str]] = {}
    for version in latest_versions():
        for node in version.framework.nodes:
            if node.type == "quantitative":
                units = (
                    frozenset({node.unit.ko.lower(), node.unit.en.lower()}) if node.unit is not None else frozenset()
                )
                qualified[f"{version.framework_id}:{node.id}"] = Quantity(version.framework_id, node, units)
                bare.setdefault(node.id, []).append(version.framework_id)
    return qualified, bare


def check_row(
    line: int,
    cells: dict[str, str],
    cities: dict[str, int],
    allowed: set[int] | None,
    qualified: dict[str, Quantity],
    bare: dict[str, list[str]],
    today: date,
    shared: dict[object, object],
) -> tuple[CheckedRow | None, Rejected | None]:
    """The row checked: (the good row, None), or (None, why it is rejected). `shared` keeps one object for each
    repeated text and year, rather than a million equal copies."""

    def refuse(column: str, reason: str) -> tuple[None, Rejected]:
        return None, Rejected(line, column, reason, "")

    if "__shape__" in cells:
        return refuse(
            "",
            _("the row has %(found)s fields, the header %(expected)s (is the file cut short?)")
            % {"found": cells["__shape__"], "expected": cells["__expected__"]},
        )
    code = cells["city"].strip()
    city_id = cities.get(code)
    if city_id is None:
        return refuse("city", _("no city has the code “%(code)s”") % {"code": code[:20]})
    if allowed is not None and city_id not in allowed:
        return refuse("city", _("you do not keep the indicators of %(code)s") % {"code": code})
    quantity = _item(cells["item"].strip(), qualified, bare)
    if isinstance(quantity, str):
        return refuse("item", quantity)
    period = _period(cells["period"].strip(), today)
    if isinstance(period, str):
        return refuse("period", period)
    node = quantity.node
    text = cells["value"].strip().replace(",", "")
    try:
        # Stored with six decimals, as the column keeps them; a number too long for the column is not one.
        value = Decimal(text).quantize(SIX_PLACES)
        if not value.is_finite() or abs(value) >= LARGEST:
            raise InvalidOperation
    except InvalidOperation:
        return refuse("value", _("“%(text)s” is not a number") % {"text": cells["value"].strip()[:30]})
    if (node.min is not None and value < node.min) or (node.max is not None and value > node.max):
        return refuse(
            "value",
            _("%(value)s is outside the range %(item)s allows (%(low)s to %(high)s)")
            % {
                "value": f"{value.normalize():f}",
                "item": node.id,
                "low": "-" if node.min is None else f"{node.min.normalize():f}",
                "high": "-" if node.max is None else f"{node.max.normalize():f}",
            },
        )
    unit = cells["unit"].strip()
    if unit and unit.lower() not in quantity.units:
        shown = f"{node.unit.ko} / {node.unit.en}" if node.unit is not None else "-"
        return refuse(
            "unit", _("the unit “%(unit)s” is not the item's (%(expected)s)") % {"unit": unit, "expected": shown}
        )
    quality = cells.get("quality", "").strip()
    if quality and quality not in DataQuality.values:
        return refuse(
            "quality",
            _("unknown data quality “%(value)s”; use one of %(known)s")
            % {"value": quality, "known": ", ".join(DataQuality.values)},
        )
    year, month = period
    source = cells["source"].strip()[:300]
    return (
        CheckedRow(
            line,
            city_id,
            quantity.framework_id,
            node.id,
            shared.setdefault(year, year),  # type: ignore[arg-type]
            month,
            value,
            node.unit.en if node.unit is not None else "",
            shared.setdefault(source, source),  # type: ignore[arg-type]
            quality,
            cells.get("reason", "").strip()[:300],
        ),
        None,
    )


def _item(text: str, qualified: dict[str, Quantity], bare: dict[str, list[str]]) -> Quantity | str:
    if ":" in text:
        found = qualified.get(text)
        return found if found is not None else _("no quantitative item “%(item)s” in the library") % {"item": text[:80]}
    frameworks = bare.get(text, [])
    if len(frameworks) == 1:
        return qualified[f"{frameworks[0]}:{text}"]
    if frameworks:
        return _("“%(item)s” is in several frameworks; write it as %(choices)s") % {
            "item": text,
            "choices": " or ".join(f"{framework}:{text}" for framework in frameworks),
        }
    return _("no quantitative item “%(item)s” in the library") % {"item": text[:80]}


def _period(text: str, today: date) -> tuple[int, int] | str:
    year_text, _dash, month_text = text.partition("-")
    if not (year_text.isdigit() and len(year_text) == 4 and (not month_text or month_text.isdigit())):
        return _("“%(text)s” is not a period; write a year (2024) or a month (2024-03)") % {"text": text[:20]}
    year, month = int(year_text), int(month_text) if month_text else 0
    if not 0 <= month <= 12 or (month_text and month == 0):
        return _("“%(text)s” is not a month of the year") % {"text": text}
    if (year, month) > (today.year, today.month) or year > today.year:
        return _("%(text)s is in the future") % {"text": text}
    return year, month


def shortened(cells: dict[str, str]) -> str:
    """The row as it was in the file, cut to 120 characters, for the report of rejected rows."""
    text = cells.get("__text__") or ",".join(cells.get(column, "") for column in (*REQUIRED, *OPTIONAL))
    return text[:120]
