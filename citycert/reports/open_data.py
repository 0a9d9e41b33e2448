"""Open data: published results, certificates and the audit log's signed checkpoints as CSV, JSON (one record
per line) or Parquet.

Only what a decision made public is exported (its round announced, or the scheme publishing at decision): the
results frozen at decision (PublishedRows, which repeat the PublishedItem rows as CSV text) and the certificates. Every format is made from the CSV text, piece by
piece, so the whole set never sits in memory at once. Polars is imported inside the functions, so pages and
commands that never export do not pay for loading it. The CSV starts with a UTF-8 byte-order mark and writes
text a spreadsheet would run as a formula as text (see citycert.spreadsheet_cells); the page, the API and the
command give the same bytes.
"""

from __future__ import annotations

import tempfile
from collections.abc import Iterator
from datetime import date
from itertools import islice
from pathlib import Path
from typing import TYPE_CHECKING, Any, BinaryIO

from django.utils import timezone
from django.utils.translation import pgettext

from citycert.audit.models import AuditCheckpoint
from citycert.certification.models import Certificate, Decision, PublishedRows
from citycert.language import in_each_data_language
from citycert.reports.open_data_columns import CERTIFICATES, CHECKPOINTS, COLUMN_CONTEXT, DATASETS, Column

if TYPE_CHECKING:
    import polars as pl

BATCH = 100_000  # certificates read and formatted at once
RESULTS_PER_PIECE = 2_000  # decided results (some 60 rows each) joined into one piece of the export
PARQUET_BLOCK = 1 << 20
# Excel in a Korean locale reads a CSV without it as CP949 and garbles every Korean name.
BYTE_ORDER_MARK = "\ufeff".encode()
# Text a spreadsheet would run as a formula is written as text in the CSV, with an apostrophe in front
# (citycert.spreadsheet_cells; the results' rows are written so at the decision): JSON lines and Parquet, read from
# that CSV, take it off again, as spreadsheet_cells.csv_field_read does.
_WRITTEN_AS_TEXT = r"^'([=+\-@\t\r'])"
_RUNS_AS_FORMULA = r"^[=+\-@\t\r]"
_PLAIN_NUMBER = r"^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$"
FORMATS = ("csv", "json", "parquet")
CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "json": "application/x-ndjson",
    "parquet": "application/vnd.apache.parquet",
}


def _schema(dataset: str) -> dict[str, Any]:
    import polars as pl

    return {column.name: getattr(pl, column.dtype) for column in DATASETS[dataset]}


def _header(dataset: str) -> str:
    return ",".join(column.name for column in DATASETS[dataset]) + "\n"


def csv_pieces(dataset: str, today: date) -> Iterator[str]:
    """The dataset's rows as CSV text without the header, in pieces of many rows each.

    Results are joined from the rows each decision wrote (PublishedRows), in the order of framework version,
    year and city; certificates, a few per city and with a status that depends on the day, are read and
    formatted at the time of the export."""
    if dataset == "results":
        texts = (
            PublishedRows.objects.filter(Decision.public(timezone.now(), "application__decision__"))
            .order_by("framework_version_id", "year", "city_id")
            .values_list("csv", flat=True)
            .iterator(chunk_size=RESULTS_PER_PIECE)
        )
        while batch := list(islice(texts, RESULTS_PER_PIECE)):
            yield "".join(batch)
        return
    frames = _checkpoint_frames() if dataset == "audit-checkpoints" else _certificate_frames(today)
    for frame in frames:
        yield frame.write_csv(include_header=False)


def _certificate_frames(today: date) -> Iterator[pl.DataFrame]:
    import polars as pl

    schema = _schema("certificates")
    # `expired` is never stored; the database works it out for the day of the export.
    rows = (
        Certificate.objects.filter(Decision.public(timezone.now(), "application__decision__"))
        .annotate(status_on_day=Certificate.status_today(today))
        .order_by("issued_on", "number")
        .values_list(*[column.field for column in CERTIFICATES])
        .iterator(chunk_size=BATCH)
    )
    # itertools.batched would do this from Python 3.12.
    while batch := list(islice(rows, BATCH)):
        frame = pl.DataFrame([_plain(row) for row in batch], schema=schema, orient="row")
        yield frame.with_columns(_as_text(name) for name, dtype in schema.items() if dtype == pl.String)


def _as_text(column: str) -> pl.Expr:
    """The column with every text that would run as a formula written as text: spreadsheet_cells.csv_field,
    for a whole column at once."""
    import polars as pl

    text = pl.col(column)
    formula = text.str.contains(_RUNS_AS_FORMULA) & ~text.str.contains(_PLAIN_NUMBER)
    return pl.when(formula | text.str.contains(_WRITTEN_AS_TEXT)).then(pl.lit("'") + text).otherwise(text).alias(column)


def _as_typed(dataset: str) -> list[pl.Expr]:
    """Every text column as it was typed, the apostrophe the CSV put in front of a formula-like text taken off."""
    import polars as pl

    return [pl.col(c.name).str.replace(_WRITTEN_AS_TEXT, "$1") for c in DATASETS[dataset] if c.dtype == "String"]


def _checkpoint_frames() -> Iterator[pl.DataFrame]:
    import polars as pl

    rows = (
        AuditCheckpoint.objects.order_by("number")
        .values_list(*[column.field for column in CHECKPOINTS])
        .iterator(chunk_size=BATCH)
    )
    while batch := list(islice(rows, BATCH)):
        yield pl.DataFrame([_plain(row) for row in batch], schema=_schema("audit-checkpoints"), orient="row")


def _plain(row: tuple[Any, ...]) -> tuple[Any, ...]:
    """Dates as ISO text: what CSV, JSON and Parquet readers expect."""
    return tuple(value.isoformat() if isinstance(value, date) else value for value in row)


def write(dataset: str, form: str, out: BinaryIO, today: date) -> int:
    """Write the dataset in `form` to `out`; returns the number of bytes written."""
    written = 0
    for piece in chunks(dataset, form, today):
        out.write(piece)
        written += len(piece)
    return written


def chunks(dataset: str, form: str, today: date) -> Iterator[bytes]:
    """The export as pieces, for a file or a streaming response. CSV is the dataset's own form; JSON lines are
    read from it piece by piece; Parquet, whose footer comes at the end, is streamed by Polars from the whole
    CSV into a temporary file, so neither needs the dataset in memory at once."""
    if dataset not in DATASETS:
        raise ValueError(f"unknown dataset {dataset!r}; choose one of {', '.join(DATASETS)}")
    if form not in FORMATS:
        raise ValueError(f"unknown format {form!r}; choose one of {', '.join(FORMATS)}")
    header = _header(dataset)
    if form == "csv":
        yield BYTE_ORDER_MARK + header.encode("utf-8")
        for piece in csv_pieces(dataset, today):
            yield piece.encode("utf-8")
    elif form == "json":
        for piece in csv_pieces(dataset, today):
            yield _json_lines(dataset, header + piece)
    else:
        yield from _parquet(dataset, header, today)


def _json_lines(dataset: str, csv_text: str) -> bytes:
    """A piece of CSV with its header, as one JSON record per line."""
    import polars as pl

    frame = pl.read_csv(csv_text.encode("utf-8"), schema=_schema(dataset), empty_string_is_null=False)
    return frame.with_columns(_as_typed(dataset)).write_ndjson().encode("utf-8")


def _parquet(dataset: str, header: str, today: date) -> Iterator[bytes]:
    import polars as pl

    with tempfile.TemporaryDirectory(prefix="citycert-open-data-") as folder:
        text, parquet = Path(folder, f"{dataset}.csv"), Path(folder, f"{dataset}.parquet")
        with text.open("w", encoding="utf-8", newline="") as out:
            out.write(header)
            for piece in csv_pieces(dataset, today):
                out.write(piece)
        lines = pl.scan_csv(text, schema=_schema(dataset), empty_string_is_null=False)
        lines.with_columns(_as_typed(dataset)).sink_parquet(parquet)
        with parquet.open("rb") as data:
            while block := data.read(PARQUET_BLOCK):
                yield block


def dictionary() -> dict[str, list[dict[str, str]]]:
    """Every column of every dataset, described in Korean and English (through the catalogue)."""
    return {
        name: [{"column": c.name, "type": c.dtype, **_in_each_language(c)} for c in columns]
        for name, columns in DATASETS.items()
    }


def _in_each_language(column: Column) -> dict[str, str]:
    return in_each_data_language(lambda: described(column))


def described(column: Column) -> str:
    """A column's description in the current language."""
    return pgettext(COLUMN_CONTEXT, column.description)
