"""Reading an import file: a CSV (UTF-8 or CP949) or XLSX file's header, named in English or Korean, and
its rows as {column: text}, numbered as lines of the file. A file that cannot be read at all is refused whole.
"""

from __future__ import annotations

import codecs
import csv
import io
import zipfile
from collections.abc import Iterator

from django.conf import settings
from django.utils.translation import gettext as _

from citycert.spreadsheet_cells import header_name

REQUIRED = ("city", "item", "period", "value", "unit", "source")
OPTIONAL = ("quality", "reason")  # reason: why a value replaces the one stored for its period
# Korean headers a city's spreadsheet may carry, read as the English ones.
ALIASES = {
    "지자체": "city",
    "지자체 코드": "city",
    "city_code": "city",
    "항목": "item",
    "기간": "period",
    "값": "value",
    "단위": "unit",
    "출처": "source",
    "품질": "quality",
    "데이터 품질": "quality",
    "사유": "reason",
}


class ImportRefused(Exception):
    """The file as a whole cannot be read or committed; the message says why."""


def read_rows(name: str, data: bytes) -> Iterator[tuple[int, dict[str, str]]]:
    """(line number, {column: text}) for each data row of a CSV or XLSX file; ImportRefused for a file that
    is too large, unreadable or lacks columns."""
    limit = settings.INDICATOR_IMPORT_MAX_BYTES
    if len(data) > limit:
        raise ImportRefused(
            _("%(name)s is %(size)s MB; an import file may be at most %(limit)s MB.")
            % {"name": name, "size": f"{len(data) / 2**20:.1f}", "limit": f"{limit / 2**20:.0f}"}
        )
    table = _xlsx_table(name, data) if data[:2] == b"PK" else _csv_table(name, data)
    header = next(table, None)
    if header is None:
        raise ImportRefused(_("%(name)s is empty.") % {"name": name})
    # A bilingual header ("값 / value", as the template has) names its column by the English part.
    columns = [ALIASES.get(cell.strip().lower(), header_name(cell)) for cell in header]
    missing = [column for column in REQUIRED if column not in columns]
    if missing:
        raise ImportRefused(
            _("%(name)s lacks the columns %(missing)s; its header row is: %(header)s")
            % {"name": name, "missing": ", ".join(missing), "header": ", ".join(header)[:200]}
        )
    for line, cells in enumerate(table, start=2):
        if not any(cell.strip() for cell in cells):
            continue
        if len(cells) != len(columns):
            yield line, {"__shape__": str(len(cells)), "__expected__": str(len(columns)), "__text__": ",".join(cells)}
            continue
        yield line, dict(zip(columns, cells, strict=True))


def _csv_table(name: str, data: bytes) -> Iterator[list[str]]:
    encoding = _encoding(data)
    # Decoded as it is read: the whole text exists only briefly, once, while its encoding is found.
    reader = csv.reader(io.TextIOWrapper(io.BytesIO(data), encoding=encoding, newline=""))
    try:
        yield from reader
    except csv.Error as error:
        # Python's reader refuses a field longer than its limit (128 KB), or a stray NUL, for the whole file.
        too_long = "field limit" in str(error)
        raise ImportRefused(
            (
                _("%(name)s:%(line)d: a field is longer than %(limit)d characters.")
                if too_long
                else _("%(name)s:%(line)d: %(error)s")
            )
            % {"name": name, "line": reader.line_num, "limit": csv.field_size_limit(), "error": error}
        ) from None


def _encoding(data: bytes) -> str:
    """UTF-8, or CP949, which Korean spreadsheet programs save CSV in unless told otherwise."""
    for encoding in ("utf-8-sig", "cp949"):
        try:
            codecs.getincrementaldecoder(encoding)().decode(data, final=True)
        except UnicodeDecodeError:
            continue
        return encoding
    raise ImportRefused(_("The file is neither UTF-8 nor CP949 text."))


def _xlsx_table(name: str, data: bytes) -> Iterator[list[str]]:
    from openpyxl import load_workbook

    try:
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError):
        raise ImportRefused(_("%(name)s is not a readable XLSX file (is it cut short?).") % {"name": name}) from None
    sheet = book.worksheets[0]
    for values in sheet.iter_rows(values_only=True):
        yield ["" if value is None else str(value) for value in values]
