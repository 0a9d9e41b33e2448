"""The open datasets' columns, defined once: the exports (CSV, JSON lines, Parquet), the rows a decision writes,
the data dictionary on the page and in the API, and the Frictionless Data Package descriptors all read them here.

Pure Python, no Django. The results' rows are written at each decision by certification.published_rows, in its
order (RESULT_FIELDS), which RESULTS describes.
"""

from __future__ import annotations

from dataclasses import dataclass

from citycert.certification.published_rows import RESULT_FIELDS

# A Polars type name and the Table Schema type (https://datapackage.org/standard/table-schema/) it is published as.
TABLE_TYPES = {"String": "string", "Int32": "integer", "Int64": "integer", "Float64": "number"}


@dataclass(frozen=True)
class Column:
    name: str
    dtype: str  # a Polars type name; Polars itself loads only when an export runs
    ko: str
    en: str
    field: str = ""  # the ORM path a certificate's column is read from; results come as text
    # The Table Schema type when the text holds more than a string (a date as YYYY-MM-DD); else from `dtype`.
    published_as: str = ""

    @property
    def table_type(self) -> str:
        return self.published_as or TABLE_TYPES[self.dtype]


RESULTS = [
    Column("city_code", "String", "행정구역 코드", "Korean administrative code of the city"),
    Column("city_ko", "String", "지자체 이름(한국어)", "City name in Korean"),
    Column("city_en", "String", "지자체 이름(영어)", "City name in English"),
    Column("framework", "String", "평가 체계", "Framework id"),
    Column("version", "String", "평가 체계 판", "Framework version"),
    Column("year", "Int32", "인증 회차 연도", "Year of the round"),
    Column("item", "String", "항목 id", "Item id in the framework"),
    Column("value", "String", "합의된 값(수준·수치·true/false)", "Agreed value: level, number or true/false"),
    Column("unit", "String", "단위", "Unit of a quantitative value"),
    Column("score", "Float64", "항목 점수", "Points the value earns under the framework's rules"),
    Column("outcome", "String", "결정(certified/not_certified)", "Decision"),
]
# The rows come from the decision; their description here must follow them, column for column.
if tuple(column.name for column in RESULTS) != RESULT_FIELDS:
    raise RuntimeError("open_data_columns.RESULTS must describe certification.published_rows.RESULT_FIELDS in order")

CERTIFICATES = [
    Column("number", "String", "인증서 번호", "Certificate number", field="number"),
    Column("city_code", "String", "행정구역 코드", "Korean administrative code of the city", field="city__code"),
    Column("city_ko", "String", "지자체 이름(한국어)", "City name in Korean", field="city__name_ko"),
    Column("city_en", "String", "지자체 이름(영어)", "City name in English", field="city__name_en"),
    Column("framework", "String", "평가 체계", "Framework id", field="framework_version__framework_id"),
    Column("version", "String", "평가 체계 판", "Framework version", field="framework_version__version"),
    Column("category", "String", "구분", "Category id (e.g. large, small_medium)", field="category"),
    Column("grade", "String", "등급·수준", "Grade or level", field="grade"),
    Column("issued_on", "String", "발급일", "Issue date (YYYY-MM-DD)", field="issued_on", published_as="date"),
    Column("expires_on", "String", "만료일", "Expiry date (YYYY-MM-DD)", field="expires_on", published_as="date"),
    Column(
        "status",
        "String",
        "상태(내보낸 날 기준)",
        "Status on the day of export: valid, renewal_pending (valid past its expiry while an extension applied for "
        "in time is decided), suspended, withdrawn, expired",
        field="status_on_day",
    ),
]

CHECKPOINTS = [
    Column("checkpoint", "Int64", "체크포인트 번호", "Checkpoint number, from 1", field="number"),
    Column("made_at", "String", "서명 시각(UTC)", "When it was signed (UTC, ISO 8601)", field="made_at"),
    Column("events", "Int64", "감사 기록 사건 수", "Number of events in the audit log", field="event_count"),
    Column(
        "last_event",
        "Int64",
        "마지막 사건 번호",
        "Id of the last event (empty for an empty log)",
        field="last_event_id",
    ),
    Column("head", "String", "마지막 사건의 해시(SHA-256)", "Hash of the last event (SHA-256)", field="head_hash"),
    Column(
        "signed",
        "String",
        "서명된 진술(인증기관 서명 키, Ed25519): 검증에는 이 열만 쓰입니다",
        "The signed statement (the body's signing key, Ed25519); verification reads this column only",
        field="signed",
    ),
]

DATASETS = {"results": RESULTS, "certificates": CERTIFICATES, "audit-checkpoints": CHECKPOINTS}

# The columns that name one row: a round is one per framework version and year, an application one per round and
# city, a published value one per application and item; a certificate has its number; a checkpoint its number.
PRIMARY_KEYS = {
    "results": ("city_code", "framework", "version", "year", "item"),
    "certificates": ("number",),
    "audit-checkpoints": ("checkpoint",),
}
