"""A researcher exports each open dataset as a Frictionless Data Package (`citycert opendata DATASET package`) and
checks it as their tools will: every file, CSV, JSON lines and Parquet, passes `frictionless validate` against its
datapackage.json, whose fields are the columns the export wrote. A row planted with a score that is not a number, or
a decision outside the allowed list, makes the check fail at that row and field."""

from __future__ import annotations

import csv
import io
import json
import zipfile
from pathlib import Path

import pytest
from django.core.management import call_command
from django.test import Client
from frictionless import validate

from citycert.reports.open_data import FORMATS
from citycert.reports.open_data_columns import DATASETS
from citycert.reports.open_data_package import DESCRIPTOR
from tests.audit.test_checkpoints_are_signed_after_decisions_and_published import Commits, decided_and_suspended
from tests.people import People


def exported(dataset: str, folder: Path) -> Path:
    call_command("opendata", dataset, "package", "-o", str(folder))
    return folder / DESCRIPTOR


def test_each_dataset_and_its_descriptor_pass_validation(
    people: People, tmp_path: Path, django_capture_on_commit_callbacks: Commits
) -> None:
    # Seocho-gu decided and its certificate suspended: results, a certificate and two signed checkpoints.
    decided_and_suspended(people, django_capture_on_commit_callbacks)
    for dataset in DATASETS:
        described = exported(dataset, tmp_path / dataset)
        report = validate(described)
        assert report.valid, report.flatten(["rowNumber", "fieldName", "message"])
        assert [task.name for task in report.tasks] == [f"{dataset}-{form}" for form in FORMATS]
        package = json.loads(described.read_text(encoding="utf-8"))
        with (tmp_path / dataset / f"{dataset}.csv").open(encoding="utf-8-sig", newline="") as opened:
            header = next(csv.reader(opened))
        for resource in package["resources"]:
            assert [field["name"] for field in resource["schema"]["fields"]] == header
        assert all(task.stats["rows"] > 0 for task in report.tasks)  # every format holds rows to check
    # Korean by default: the titles are the page's.
    assert json.loads((tmp_path / "results" / DESCRIPTOR).read_text(encoding="utf-8"))["title"] == "공개된 결과"


@pytest.mark.parametrize(
    ("planted", "field", "error"),
    [({"score": "many"}, "score", "type-error"), ({"outcome": "approved"}, "outcome", "constraint-error")],
)
def test_a_planted_bad_row_fails_at_its_row_and_field(
    people: People,
    tmp_path: Path,
    django_capture_on_commit_callbacks: Commits,
    planted: dict[str, str],
    field: str,
    error: str,
) -> None:
    decided_and_suspended(people, django_capture_on_commit_callbacks)
    described = exported("results", tmp_path)
    table = tmp_path / "results.csv"
    with table.open(encoding="utf-8-sig", newline="") as opened:
        rows = list(csv.DictReader(opened))
    bad = {**rows[0], "item": "planted.item", **planted}
    with table.open("a", encoding="utf-8", newline="") as out:
        csv.DictWriter(out, fieldnames=list(bad), lineterminator="\n").writerow(bad)

    report = validate(described)
    assert not report.valid
    failed = [(task.name, task.flatten(["rowNumber", "fieldName", "type"])) for task in report.tasks if not task.valid]
    # The header is row 1: the planted row, after every exported one, is the last.
    assert failed == [("results-csv", [[len(rows) + 2, field, error]])]


def test_the_zip_a_reader_downloads_holds_a_package_that_passes(
    client: Client, people: People, tmp_path: Path, django_capture_on_commit_callbacks: Commits
) -> None:
    decided_and_suspended(people, django_capture_on_commit_callbacks)
    answer = client.get("/open-data/certificates.zip")
    assert answer["Content-Type"] == "application/zip"
    assert answer["Content-Disposition"].startswith('attachment; filename="citycert-certificates-')
    with zipfile.ZipFile(io.BytesIO(b"".join(answer.streaming_content))) as archive:  # type: ignore[attr-defined]
        assert sorted(archive.namelist()) == [
            f"citycert-certificates/{name}"
            for name in ("certificates.csv", "certificates.json", "certificates.parquet", DESCRIPTOR)
        ]
        archive.extractall(tmp_path)
    report = validate(tmp_path / "citycert-certificates" / DESCRIPTOR)
    assert report.valid, report.flatten(["rowNumber", "fieldName", "message"])
    assert [task.stats["rows"] for task in report.tasks] == [1, 1, 1]  # Seocho-gu's certificate, suspended
    rows = csv.DictReader(io.StringIO((tmp_path / "citycert-certificates" / "certificates.csv").read_text("utf-8-sig")))
    assert [row["status"] for row in rows] == ["suspended"]
