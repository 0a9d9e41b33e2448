"""Frictionless Data Package descriptors (datapackage.json) for the open data, so that others' tools read each
file with its columns, types and keys instead of guessing them (https://datapackage.org/).

One package per dataset, its three files (CSV, JSON lines, Parquet) as three resources sharing one Table Schema,
made from the columns the exports write (open_data_columns). Served beside the files, with their addresses as
paths, and written beside them by `citycert opendata DATASET package`, with the files' names as paths. Titles and
descriptions are in the language active when the descriptor is made (Korean unless the reader asked for English).
"""

from __future__ import annotations

import json
import tempfile
import zipfile
from datetime import date
from pathlib import Path
from typing import IO, Any

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from citycert.certification.choices import CertificateStatus, Outcome
from citycert.public_address import public_base
from citycert.reports.open_data import FORMATS, described, write
from citycert.reports.open_data_columns import DATASETS, PRIMARY_KEYS

DESCRIPTOR = "datapackage.json"
PROFILE = "https://datapackage.org/profiles/2.0/datapackage.json"
# The open data are free to reuse with attribution: Korea's public-data licence type 1 (공공누리 제1유형) asks the
# same of its readers.
LICENSE = {
    "name": "CC-BY-4.0",
    "path": "https://creativecommons.org/licenses/by/4.0/",
    "title": "Creative Commons Attribution 4.0",
}
TITLES: dict[str, Promise] = {
    "results": _("Published results"),
    "certificates": _("Certificates"),
    "audit-checkpoints": _("Audit log checkpoints"),
}
DESCRIPTIONS: dict[str, Promise] = {
    "results": _(
        "Every published result item by item, as frozen at its decision: the agreed value, its points and the "
        "decision. Drafts, self-assessments and reviews in progress are never included."
    ),
    "certificates": _(
        "Every certificate issued on a published decision, with its grade, dates and status on the day of export."
    ),
    "audit-checkpoints": _(
        "The audit log's signed checkpoints: keep a copy to check later that the log was not rewritten."
    ),
}
SOURCES: dict[str, Promise] = {
    "results": _("Decisions of the certifying body, published when their round is announced"),
    "certificates": _("Certificates issued by the certifying body"),
    "audit-checkpoints": _("The certifying body's audit log"),
}
FORMAT_TITLES: dict[str, Promise] = {
    "csv": _("CSV (UTF-8 with a byte-order mark)"),
    "json": _("JSON Lines (one record per line)"),
    "parquet": _("Apache Parquet"),
}
# How each form is named in a descriptor; the JSON download is JSON Lines, which readers must be told.
TABLE_FORMATS = {"csv": "csv", "json": "jsonl", "parquet": "parquet"}
MEDIA_TYPES = {"csv": "text/csv", "json": "application/x-ndjson", "parquet": "application/vnd.apache.parquet"}
# The CSV starts with a byte-order mark (for Excel in a Korean locale): readers are told so by its encoding.
ENCODINGS = {"csv": "utf-8-sig", "json": "utf-8"}
# The values a column may take where they are a closed list, read from the models' choices.
ALLOWED = {("results", "outcome"): Outcome.values, ("certificates", "status"): CertificateStatus.values}


def file_name(dataset: str, form: str) -> str:
    return f"{dataset}.{form}"


def schema(dataset: str) -> dict[str, Any]:
    """The dataset's Table Schema: its columns in order, their types and meaning, and the columns naming a row."""
    keys = PRIMARY_KEYS[dataset]
    fields = []
    for column in DATASETS[dataset]:
        field: dict[str, Any] = {
            "name": column.name,
            "type": column.table_type,
            "description": described(column),
        }
        constraints: dict[str, Any] = {}
        if column.name in keys:
            constraints["required"] = True
        if allowed := ALLOWED.get((dataset, column.name)):
            constraints["enum"] = list(allowed)
        if constraints:
            field["constraints"] = constraints
        fields.append(field)
    # A text left empty is a missing value (a unit that does not apply, a score not given).
    return {"fields": fields, "primaryKey": list(keys), "missingValues": [""]}


def descriptor(dataset: str, *, base: str | None = None, linked: bool = False) -> dict[str, Any]:
    """The dataset's datapackage.json. `base` is the site's public address (public_address.public_base); when
    `linked`, each resource's path is its download address there, else its file name beside the descriptor."""
    if dataset not in DATASETS:
        raise ValueError(f"unknown dataset {dataset!r}; choose one of {', '.join(DATASETS)}")
    site = base or public_base()
    table = schema(dataset)
    resources = []
    for form in FORMATS:
        name = file_name(dataset, form)
        resource: dict[str, Any] = {
            "name": f"{dataset}-{form}",
            "type": "table",
            "path": f"{site}/open-data/{name}" if linked else name,
            "title": f"{TITLES[dataset]} · {FORMAT_TITLES[form]}",
            "format": TABLE_FORMATS[form],
            "mediatype": MEDIA_TYPES[form],
            "schema": table,
        }
        if form in ENCODINGS:
            resource["encoding"] = ENCODINGS[form]
        resources.append(resource)
    return {
        "$schema": PROFILE,
        "name": f"citycert-{dataset}",
        "title": str(TITLES[dataset]),
        "description": str(DESCRIPTIONS[dataset]),
        "homepage": f"{site}/open-data/",
        "licenses": [LICENSE],
        "sources": [{"title": str(SOURCES[dataset]), "path": f"{site}/open-data/"}],
        "resources": resources,
    }


def write_package(dataset: str, folder: Path, today: date) -> list[Path]:
    """Write the dataset in every format into `folder`, with its datapackage.json; returns the files written."""
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for form in FORMATS:
        path = folder / file_name(dataset, form)
        with path.open("wb") as out:
            write(dataset, form, out, today)
        written.append(path)
    described = folder / DESCRIPTOR
    described.write_text(json.dumps(descriptor(dataset), ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    return [*written, described]


def bundle(dataset: str, today: date) -> IO[bytes]:
    """The dataset's package as one ZIP file to download: its three files with the datapackage.json naming them,
    in a folder of the package's name. An unnamed temporary file, gone once closed."""
    archive = tempfile.TemporaryFile()  # noqa: SIM115  (handed to the response, which closes it)
    with tempfile.TemporaryDirectory(prefix="citycert-package-") as folder:
        written = write_package(dataset, Path(folder), today)
        with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as zipped:
            for path in written:
                zipped.write(path, f"citycert-{dataset}/{path.name}")
    archive.seek(0)
    return archive
