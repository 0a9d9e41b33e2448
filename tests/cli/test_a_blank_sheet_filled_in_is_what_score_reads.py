"""A city officer downloads a blank sheet, fills it in and scores it: the sheet is what `score` reads."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest
from openpyxl import load_workbook

from citycert.spreadsheet_cells import header_name
from tests.support import run

pytestmark = pytest.mark.django_db


def test_the_xlsx_template_lists_every_item_and_scores_once_filled(tmp_path: Path) -> None:
    sheet_path = tmp_path / "bsi.xlsx"
    ran = run("template", "--framework", "bsi-iso37106", "-o", str(sheet_path))
    assert ran.code == 0, ran.err
    workbook = load_workbook(sheet_path)
    sheet = workbook["responses"]
    assert [cell.value for cell in sheet[1]][:2] == ["항목 / item", "값 / value"]
    assert "instructions" in workbook.sheetnames
    header = [header_name(cell.value) for cell in sheet[1]]
    assert "name_ko" in header and "name_en" in header
    rows = list(sheet.iter_rows(min_row=2))
    assert len(rows) == 22
    assert str(rows[0][header.index("allowed")].value).startswith("1 뒤떨어짐/Lagging")
    for row in rows:
        row[1].value = 4
    rows[0][1].value = 2
    workbook.save(sheet_path)
    result = json.loads(run("score", "--framework", "bsi-iso37106", str(sheet_path), "--json").out)
    assert result["certified"] is False
    assert result["gaps"] == [
        {
            "item": "BM.vision",
            "name": {"ko": "도시 비전", "en": "City vision"},
            "from": 2,
            "to": 3,
            "action": "raise",
            "points": 1,
            "from_text": {"ko": "2", "en": "2"},
            "to_text": {"ko": "3", "en": "3"},
        }
    ]


def test_the_csv_template_opens_in_excel_with_korean_intact_and_scores_blank(tmp_path: Path) -> None:
    sheet_path = tmp_path / "kr.csv"
    assert run("template", "--framework", "kr-smartcity", "-o", str(sheet_path)).code == 0
    raw = sheet_path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf"), "a BOM, so Excel reads UTF-8"
    with sheet_path.open(encoding="utf-8-sig", newline="") as handle:
        rows = [{header_name(k): v for k, v in row.items()} for row in csv.DictReader(handle)]
    assert len(rows) == 53
    assert all(row["name_ko"] and row["name_en"] and row["allowed"] for row in rows)
    result = json.loads(run("score", "--framework", "kr-smartcity", str(sheet_path), "--json").out)
    assert result["certified"] is False and result["total"] == 0


def test_a_template_needs_a_known_format(tmp_path: Path) -> None:
    ran = run("template", "--framework", "bsi-iso37106", "-o", str(tmp_path / "sheet.pdf"))
    assert ran.code == 2
    assert "written as .xlsx or .csv" in ran.err
