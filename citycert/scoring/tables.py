"""Read a CSV or XLSX table with a header row, keeping each row's line number for error messages."""

from __future__ import annotations

import csv
import io
import zipfile
from dataclasses import dataclass, field
from typing import Any

from citycert.frameworks.located_yaml import InvalidFile, Problem
from citycert.spreadsheet_cells import header_name


@dataclass
class Table:
    """A header row and the non-blank rows beneath it, each with its line (row) number."""

    file: str
    columns: dict[str, int]
    rows: list[tuple[int, list[Any]]]
    # Key-value pairs of an "about" sheet (workbooks made by citycert say what they belong to).
    about: dict[str, Any] = field(default_factory=dict)

    def get(self, cells: list[Any], name: str) -> Any:
        at = self.columns.get(name)
        return cells[at] if at is not None and at < len(cells) else None

    def column(self, name: str) -> int:
        """1-based column number of a header name, for error messages."""
        return self.columns.get(name, 0) + 1


def read_table(data: bytes, file: str, suffix: str, required: tuple[str, ...]) -> Table:
    """A .csv (UTF-8) or .xlsx table whose header names every column in `required`."""
    table = _xlsx(data, file) if suffix == ".xlsx" else _csv(data, file)
    missing = [name for name in required if name not in table.columns]
    if missing:
        found = ", ".join(name for name in table.columns if name) or "nothing"
        needed = " and ".join(required)
        raise InvalidFile(
            [
                Problem(
                    file, 1, 1, f"the header row needs columns {needed} (missing {', '.join(missing)}; found {found})"
                )
            ]
        )
    return table


def _columns(header: list[Any]) -> dict[str, int]:
    names = [header_name(cell) for cell in header]  # "값 / value" names the column value
    return {name: index for index, name in reversed(list(enumerate(names))) if name}


def _csv(data: bytes, file: str) -> Table:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        raise InvalidFile([Problem(file, line, 1, "the file is not UTF-8 text; save it as CSV UTF-8")]) from None
    reader = csv.reader(io.StringIO(text, newline=""))
    rows: list[tuple[int, list[Any]]] = []
    try:
        header = next(reader, [])
        for cells in reader:
            if any(cell.strip() for cell in cells):
                rows.append((reader.line_num, list(cells)))
    except csv.Error as error:
        # Python's reader refuses a field longer than its limit (128 KB) for the whole file: say which line.
        message = (
            f"a field is longer than {csv.field_size_limit()} characters"
            if "field limit" in str(error)
            else f"CSV: {error}"
        )
        raise InvalidFile([Problem(file, reader.line_num, 1, message)]) from None
    return Table(file, _columns(list(header)), rows)


def _xlsx(data: bytes, file: str) -> Table:
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError) as error:
        raise InvalidFile([Problem(file, 1, 1, f"not a readable .xlsx workbook ({type(error).__name__})")]) from None
    try:
        about: dict[str, Any] = {}
        if "about" in workbook.sheetnames:
            about = {
                str(row[0]): row[1] for row in workbook["about"].iter_rows(values_only=True) if len(row) >= 2 and row[0]
            }
        sheet = workbook["responses"] if "responses" in workbook.sheetnames else workbook.worksheets[0]
        lines = sheet.iter_rows(values_only=True)
        header = next(lines, None)
        if header is None:
            raise InvalidFile([Problem(file, 1, 1, "the first sheet is empty")])
        rows = [
            (number, list(cells))
            for number, cells in enumerate(lines, start=2)
            if any(cell is not None and str(cell).strip() for cell in cells)
        ]
    except (zipfile.BadZipFile, KeyError, OSError, ValueError) as error:
        raise InvalidFile([Problem(file, 1, 1, f"not a readable .xlsx workbook ({type(error).__name__})")]) from None
    finally:
        workbook.close()
    return Table(file, _columns(list(header)), rows, about)
