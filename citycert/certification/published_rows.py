"""A decided result's open-data rows, as CSV text written once at the decision.

Why: a full export of 10,000 cities over 10 years on two frameworks is some eight million rows, and formatting
them one by one at export time took minutes. A decided result never changes, so its rows are formatted once,
when it is decided, and an export only joins texts (JSON lines and Parquet are read from that CSV).
The rows are part of the decision, so they are written here, in the domain; reports.open_data_columns describes
their columns (in this order) for the exports and the data dictionary. Pure Python, no Django.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from decimal import Decimal

from citycert.spreadsheet_cells import csv_row

# The results' columns, in the order the CSV text holds them.
RESULT_FIELDS = (
    "city_code",
    "city_ko",
    "city_en",
    "framework",
    "version",
    "year",
    "item",
    "value",
    "unit",
    "score",
    "outcome",
)


def result_csv(
    *,
    city: tuple[str, str, str],
    framework: str,
    version: str,
    year: int,
    outcome: str,
    items: Iterable[tuple[str, str, str, Decimal | None]],
) -> str:
    """One decided result as CSV lines in the order of RESULT_FIELDS, without a header. `city` is its code, Korean
    and English name; `items` are (item id, value, unit, points), in the order they are to appear. Scores are
    written as decimal numbers (30.0, 12.5), a missing score as an empty field."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    code, name_ko, name_en = city
    for item_id, value, unit, points in items:
        row = {
            "city_code": code,
            "city_ko": name_ko,
            "city_en": name_en,
            "framework": framework,
            "version": version,
            "year": year,
            "item": item_id,
            "value": value,
            "unit": unit,
            "score": _score(points),
            "outcome": outcome,
        }
        # City names and any other text that a spreadsheet would run as a formula are written as text.
        writer.writerow(csv_row([row[name] for name in RESULT_FIELDS]))
    return buffer.getvalue()


def _score(points: Decimal | None) -> str:
    return "" if points is None else repr(float(points))
