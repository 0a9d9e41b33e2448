"""Seocho-gu's officer finds the blank import file on the import page, as XLSX and CSV: Korean and English
headers, every quantitative item with its unit and range, instructions in both languages. Filled in and
uploaded as it is, it previews the values it adds. The public is sent to log in."""

from __future__ import annotations

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from openpyxl import load_workbook

from tests.indicators.story import Certified, certified_cities
from tests.people import People

SHARE = "kr-smartcity:D1.I1.2"  # share of machine-readable datasets, 0-100 %


@pytest.fixture
def story(people: People) -> Certified:
    return certified_cities(people)


def test_the_import_page_offers_the_template(client: Client, story: Certified) -> None:
    client.force_login(story.people.officer)
    html = client.get("/indicators/11650/import/").content.decode()
    assert 'href="/indicators/import/template.xlsx"' in html and "양식(XLSX)" in html
    assert 'href="/indicators/import/template.csv"' in html and "양식(CSV)" in html


def test_the_xlsx_template_filled_in_is_read(client: Client, story: Certified) -> None:
    client.force_login(story.people.officer)
    answer = client.get("/indicators/import/template.xlsx")
    assert answer.status_code == 200 and "attachment" in answer["Content-Disposition"]
    book = load_workbook(io.BytesIO(answer.content))
    assert book.sheetnames == ["values", "items", "instructions"]
    values = book["values"]
    assert [cell.value for cell in values[1]][:4] == [
        "지자체 코드 / city",
        "항목 / item",
        "기간 / period",
        "값 / value",
    ]
    items = {row[0]: row for row in book["items"].iter_rows(min_row=2, values_only=True)}
    assert items[SHARE][3:] == ("%", "%", 0, 100)
    instructions = list(book["instructions"].iter_rows(values_only=True))
    assert instructions[0] == ("안내", "Instructions") and len(instructions) > 3

    values.append(["11650", SHARE, str(story.today.year), 55, "%", "서초구 데이터허브", "measured", None])
    filled = io.BytesIO()
    book.save(filled)
    answer = client.post("/indicators/11650/import/", {"file": SimpleUploadedFile("filled.xlsx", filled.getvalue())})
    html = answer.content.decode()
    assert answer.status_code == 200
    assert "1행: 추가 1건, 변경 0건, 그대로 0건, 거부 0건" in html


def test_the_csv_template_filled_in_is_read(client: Client, story: Certified) -> None:
    client.force_login(story.people.officer)
    answer = client.get("/indicators/import/template.csv")
    assert answer["Content-Type"].startswith("text/csv")
    assert answer.content.startswith(b"\xef\xbb\xbf")
    text = answer.content.decode("utf-8-sig")
    assert text.splitlines() == [
        "지자체 코드 / city,항목 / item,기간 / period,값 / value,단위 / unit,출처 / source,데이터 품질 / quality,사유 / reason"
    ]
    filled = text + f"11650,{SHARE},{story.today.year},55,%,서초구 데이터허브,,\n"
    answer = client.post(
        "/indicators/11650/import/", {"file": SimpleUploadedFile("filled.csv", filled.encode("utf-8-sig"))}
    )
    html = answer.content.decode()
    assert answer.status_code == 200
    assert "1행: 추가 1건, 변경 0건, 그대로 0건, 거부 0건" in html


def test_the_public_is_sent_to_log_in(client: Client, story: Certified) -> None:
    answer = client.get("/indicators/import/template.xlsx")
    assert answer.status_code == 302 and "/accounts/login/" in answer["Location"]
