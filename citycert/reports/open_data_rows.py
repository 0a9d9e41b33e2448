"""A decided result's open-data rows, as CSV text written once at the decision.

Why: a full export of 10,000 cities over 10 years on two frameworks is some eight million rows, and formatting
them one by one at export time took minutes. A decided result never changes, so its rows are formatted once,
when it is decided, and an export only joins texts (JSON lines and Parquet are read from that CSV).
Pure Python, no Django: the migration that fills the rows of earlier decisions uses it too.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from decimal import Decimal

from citycert.reports.open_data_columns import RESULTS
from citycert.spreadsheet_cells import csv_row


def result_csv(
    *,
    city: tuple[str, str, str],
    framework: str,
    version: str,
    year: int,
    outcome: str,
    items: Iterable[tuple[str, str, str, Decimal | None]],
) -> str:
    """One decided result as CSV lines in the order of the results' columns (open_data_columns), without a header. `city` is its code, Korean
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
        writer.writerow(csv_row([row[column.name] for column in RESULTS]))
    return buffer.getvalue()


def _score(points: Decimal | None) -> str:
    return "" if points is None else repr(float(points))
