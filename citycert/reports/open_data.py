"""Open data: published results and certificates as CSV, JSON (one record per line) or Parquet.

Only what a decision made public is exported: the items frozen at decision (PublishedItem) and issued
certificates. Rows are read from the database in batches and written as they come, so the whole set
never sits in memory at once (Parquet is the exception: it is written as one file from all batches).
Polars is imported inside the functions, so pages and commands that never export do not pay for loading it.
"""

from __future__ import annotations

import io
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from itertools import islice
from typing import TYPE_CHECKING, Any, BinaryIO

from django.db.models import QuerySet

from citycert.certification.models import Certificate, PublishedItem

if TYPE_CHECKING:
    import polars as pl

BATCH = 100_000
FORMATS = ("csv", "json", "parquet")


@dataclass(frozen=True)
class Column:
    name: str
    field: str  # the ORM path it is read from
    dtype: str  # a Polars type name; Polars itself loads only when an export runs
    ko: str
    en: str


RESULTS = [
    Column("city_code", "city__code", "String", "행정구역 코드", "Korean administrative code of the city"),
    Column("city_ko", "city__name_ko", "String", "지자체 이름(한국어)", "City name in Korean"),
    Column("city_en", "city__name_en", "String", "지자체 이름(영어)", "City name in English"),
    Column("framework", "framework_version__framework_id", "String", "평가 체계", "Framework id"),
    Column("version", "framework_version__version", "String", "평가 체계 판", "Framework version"),
    Column("year", "year", "Int32", "인증 회차 연도", "Year of the round"),
    Column("item", "item_id", "String", "항목 id", "Item id in the framework"),
    Column("value", "value", "String", "합의된 값(수준·수치·true/false)", "Agreed value: level, number or true/false"),
    Column("unit", "unit", "String", "단위", "Unit of a quantitative value"),
    Column("score", "points", "Float64", "항목 점수", "Points the value earns under the framework's rules"),
    Column("outcome", "application__decision__outcome", "String", "결정(certified/not_certified)", "Decision"),
]

CERTIFICATES = [
    Column("number", "number", "String", "인증서 번호", "Certificate number"),
    Column("city_code", "city__code", "String", "행정구역 코드", "Korean administrative code of the city"),
    Column("city_ko", "city__name_ko", "String", "지자체 이름(한국어)", "City name in Korean"),
    Column("city_en", "city__name_en", "String", "지자체 이름(영어)", "City name in English"),
    Column("framework", "framework_version__framework_id", "String", "평가 체계", "Framework id"),
    Column("version", "framework_version__version", "String", "평가 체계 판", "Framework version"),
    Column("category", "category", "String", "구분", "Category id (e.g. large, small_medium)"),
    Column("grade", "grade", "String", "등급·수준", "Grade or level"),
    Column("issued_on", "issued_on", "String", "발급일", "Issue date (YYYY-MM-DD)"),
    Column("expires_on", "expires_on", "String", "만료일", "Expiry date (YYYY-MM-DD)"),
    Column(
        "status",
        "status_on_day",
        "String",
        "상태(내보낸 날 기준)",
        "Status on the day of export: valid, suspended, withdrawn, expired",
    ),
]

DATASETS = {"results": RESULTS, "certificates": CERTIFICATES}


def _queryset(dataset: str, today: date) -> QuerySet[Any]:
    if dataset == "results":
        return PublishedItem.objects.order_by("framework_version_id", "year", "city_id", "item_id")
    # `expired` is never stored; the database works it out for the day of the export.
    return Certificate.objects.annotate(status_on_day=Certificate.status_today(today)).order_by("issued_on", "number")


def _schema(dataset: str) -> dict[str, Any]:
    import polars as pl

    return {column.name: getattr(pl, column.dtype) for column in DATASETS[dataset]}


def batches(dataset: str, today: date) -> Iterator[pl.DataFrame]:
    """The dataset as data frames of up to BATCH rows, read with one query through a server-side cursor
    where the database has one (PostgreSQL), so the rows are never all in memory at once."""
    import polars as pl

    schema = _schema(dataset)
    rows = _queryset(dataset, today).values_list(*[column.field for column in DATASETS[dataset]])
    stream = rows.iterator(chunk_size=BATCH)
    # itertools.batched would do this from Python 3.12.
    while batch := list(islice(stream, BATCH)):
        yield pl.DataFrame([_plain(row) for row in batch], schema=schema, orient="row")


def _plain(row: tuple[Any, ...]) -> tuple[Any, ...]:
    """Dates as ISO text and decimals as floats: what CSV, JSON and Parquet readers expect."""
    return tuple(
        value.isoformat() if isinstance(value, date) else float(value) if isinstance(value, Decimal) else value
        for value in row
    )


def write(dataset: str, form: str, out: BinaryIO, today: date) -> int:
    """Write the dataset in `form` to `out`; returns the number of bytes written."""
    written = 0
    for piece in chunks(dataset, form, today):
        out.write(piece)
        written += len(piece)
    return written


def chunks(dataset: str, form: str, today: date) -> Iterator[bytes]:
    """The export as pieces, for a file or a streaming response. CSV and JSON lines go batch by batch;
    Parquet is one file with its footer at the end, so it is built whole and comes in one piece."""
    import polars as pl

    if dataset not in DATASETS:
        raise ValueError(f"unknown dataset {dataset!r}; choose one of {', '.join(DATASETS)}")
    if form not in FORMATS:
        raise ValueError(f"unknown format {form!r}; choose one of {', '.join(FORMATS)}")
    if form == "parquet":
        frames = list(batches(dataset, today))
        buffer = io.BytesIO()
        (pl.concat(frames) if frames else pl.DataFrame(schema=_schema(dataset))).write_parquet(buffer)
        yield buffer.getvalue()
        return
    wrote_header = False
    for frame in batches(dataset, today):
        buffer = io.BytesIO()
        if form == "csv":
            frame.write_csv(buffer, include_header=not wrote_header)
            wrote_header = True
            yield buffer.getvalue()
        else:
            yield frame.write_ndjson().encode("utf-8")
    if form == "csv" and not wrote_header:
        yield (",".join(column.name for column in DATASETS[dataset]) + "\n").encode("utf-8")


def dictionary() -> dict[str, list[dict[str, str]]]:
    """Every column of every dataset, described in Korean and English."""
    return {
        name: [{"column": c.name, "type": c.dtype, "ko": c.ko, "en": c.en} for c in columns]
        for name, columns in DATASETS.items()
    }
