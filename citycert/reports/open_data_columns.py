"""The open datasets' columns, defined once: the exports (CSV, JSON lines, Parquet), the rows a decision writes,
the data dictionary on the page and in the API, and the Frictionless Data Package descriptors all read them here.

Pure Python, no Django: a column's description is a sentence marked for the catalogue, translated where it is
shown. The results' rows are written at each decision by certification.published_rows, in its
order (RESULT_FIELDS), which RESULTS describes.
"""

from __future__ import annotations

from dataclasses import dataclass

from citycert.certification.published_rows import RESULT_FIELDS


def gettext_noop(message: str) -> str:
    """Marks a sentence for the catalogue (as Django's gettext_noop does) without importing Django."""
    return message


# The catalogue's context for the descriptions: a column's "Decision" is worded apart from a page's.
COLUMN_CONTEXT = "open data column"

# A Polars type name and the Table Schema type (https://datapackage.org/standard/table-schema/) it is published as.
TABLE_TYPES = {"String": "string", "Int32": "integer", "Int64": "integer", "Float64": "number"}


@dataclass(frozen=True)
class Column:
    name: str
    dtype: str  # a Polars type name; Polars itself loads only when an export runs
    description: str  # in English, marked for the catalogue (context COLUMN_CONTEXT): translated where shown
    field: str = ""  # the ORM path a certificate's column is read from; results come as text
    # The Table Schema type when the text holds more than a string (a date as YYYY-MM-DD); else from `dtype`.
    published_as: str = ""

    @property
    def table_type(self) -> str:
        return self.published_as or TABLE_TYPES[self.dtype]


RESULTS = [
    Column("city_code", "String", gettext_noop("Korean administrative code of the city")),
    Column("city_ko", "String", gettext_noop("City name in Korean")),
    Column("city_en", "String", gettext_noop("City name in English")),
    Column("framework", "String", gettext_noop("Framework id")),
    Column("version", "String", gettext_noop("Framework version")),
    Column("year", "Int32", gettext_noop("Year of the round")),
    Column("item", "String", gettext_noop("Item id in the framework")),
    Column("value", "String", gettext_noop("Agreed value: level, number or true/false")),
    Column("unit", "String", gettext_noop("Unit of a quantitative value")),
    Column("score", "Float64", gettext_noop("Points the value earns under the framework's rules")),
    Column("outcome", "String", gettext_noop("Decision")),
]
# The rows come from the decision; their description here must follow them, column for column.
if tuple(column.name for column in RESULTS) != RESULT_FIELDS:
    raise RuntimeError("open_data_columns.RESULTS must describe certification.published_rows.RESULT_FIELDS in order")

CERTIFICATES = [
    Column("number", "String", gettext_noop("Certificate number"), field="number"),
    Column("city_code", "String", gettext_noop("Korean administrative code of the city"), field="city__code"),
    Column("city_ko", "String", gettext_noop("City name in Korean"), field="city__name_ko"),
    Column("city_en", "String", gettext_noop("City name in English"), field="city__name_en"),
    Column("framework", "String", gettext_noop("Framework id"), field="framework_version__framework_id"),
    Column("version", "String", gettext_noop("Framework version"), field="framework_version__version"),
    Column("category", "String", gettext_noop("Category id (e.g. large, small_medium)"), field="category"),
    Column("grade", "String", gettext_noop("Grade or level"), field="grade"),
    Column("issued_on", "String", gettext_noop("Issue date (YYYY-MM-DD)"), field="issued_on", published_as="date"),
    Column("expires_on", "String", gettext_noop("Expiry date (YYYY-MM-DD)"), field="expires_on", published_as="date"),
    Column(
        "status",
        "String",
        gettext_noop(
            "Status on the day of export: valid, renewal_pending (valid past its expiry while an extension applied "
            "for in time is decided), suspended, withdrawn, expired"
        ),
        field="status_on_day",
    ),
]

CHECKPOINTS = [
    Column("checkpoint", "Int64", gettext_noop("Checkpoint number, from 1"), field="number"),
    Column("made_at", "String", gettext_noop("When it was signed (UTC, ISO 8601)"), field="made_at"),
    Column("events", "Int64", gettext_noop("Number of events in the audit log"), field="event_count"),
    Column(
        "last_event",
        "Int64",
        gettext_noop("Id of the last event (empty for an empty log)"),
        field="last_event_id",
    ),
    Column("head", "String", gettext_noop("Hash of the last event (SHA-256)"), field="head_hash"),
    Column(
        "signed",
        "String",
        gettext_noop("The signed statement (the body's signing key, Ed25519); verification reads this column only"),
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
