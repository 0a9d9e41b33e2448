"""Text in the CSV and XLSX files citycert makes stays text: no cell a city typed runs as a formula.

Excel and LibreOffice read a cell that starts with `=`, `+`, `-` or `@` (or a tab or carriage return before
one) as a formula, so a justification `=HYPERLINK("http://…","click")` would become a live link in the
certifying body's copy. Every CSV and XLSX writer of the product passes its cells through here:
- in CSV, such text is written with a leading apostrophe, which both programs show as text; a field that
  reads as a plain number (`-5`, `-0.25`) is a number, not text, and is left alone; `csv_field_read` takes
  the apostrophe off again, so a sheet exported and uploaded back reads the value that went out;
- in XLSX, such text is stored as a text cell marked "quote prefix" (what Excel itself does when a person
  types an apostrophe first): it shows as text and reads back exactly, with no apostrophe added.
Pure Python: the framework templates (no Django) use it too.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
APOSTROPHE = "'"
# A plain decimal number, as a spreadsheet reads it: such a field is a number, never a formula.
_NUMBER = re.compile(r"[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?")


def runs_as_formula(text: str) -> bool:
    """Whether a spreadsheet program would read this text as a formula (or part of one)."""
    return text.startswith(FORMULA_STARTS) and _NUMBER.fullmatch(text) is None


def csv_field(value: Any) -> Any:
    """A CSV field written so that it shows as text. Text already starting with an apostrophe before one
    of the formula characters (or another apostrophe) gets one more, so that reading back is exact."""
    if not isinstance(value, str):
        return value
    if runs_as_formula(value) or (value[:1] == APOSTROPHE and value[1:2] in (*FORMULA_STARTS, APOSTROPHE)):
        return APOSTROPHE + value
    return value


def csv_row(values: Iterable[Any]) -> list[Any]:
    return [csv_field(value) for value in values]


def csv_record(row: dict[str, Any]) -> dict[str, Any]:
    """A row for csv.DictWriter, its text fields made safe."""
    return {key: csv_field(value) for key, value in row.items()}


def csv_field_read(text: str) -> str:
    """The value a CSV field written by csv_field stood for: the inverse of csv_field on every text."""
    if text[:1] == APOSTROPHE and text[1:2] in (*FORMULA_STARTS, APOSTROPHE):
        return text[1:]
    return text


def xlsx_append(sheet: Any, values: Iterable[Any]) -> None:
    """Append a row to an openpyxl sheet, keeping text that would run as a formula a text cell."""
    sheet.append([_xlsx_cell(sheet, value) for value in values])


def _xlsx_cell(sheet: Any, value: Any) -> Any:
    if not (isinstance(value, str) and runs_as_formula(value)):
        return value
    from openpyxl.cell.cell import Cell

    cell = Cell(sheet, row=1, column=1, value=value)  # append places it
    cell.data_type = "s"  # openpyxl takes any text starting with "=" for a formula
    cell.quotePrefix = True
    return cell


def bilingual(korean: str, name: str) -> str:
    """A header cell a person reads in Korean and a program by its English name: "값 / value"."""
    return f"{korean} / {name}"


def header_name(cell: Any) -> str:
    """The column name a header cell gives: the English name of a bilingual header, lower case."""
    return "" if cell is None else str(cell).rsplit(" / ", 1)[-1].strip().lower()
