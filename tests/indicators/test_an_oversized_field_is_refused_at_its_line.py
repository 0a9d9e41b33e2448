"""Seocho-gu's officer imports a file whose third line has a `source` of a megabyte, more than Python's CSV
reader takes in one field: the indicator import page and command, the assessment's spreadsheet upload and
`citycert score` each refuse it naming the file and the line, with no traceback and nothing stored."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from citycert.indicators.models import IndicatorValue
from tests.indicators.story import Certified, certified_cities, long_csv
from tests.people import People
from tests.support import run

SHARE = "kr-smartcity:D1.I1.2"
MEGABYTE_SOURCE = "출처" * 300_000


@pytest.fixture
def story(people: People) -> Certified:
    return certified_cities(people)


def oversized(story: Certified) -> bytes:
    year = str(story.today.year)
    return long_csv(
        [("11650", SHARE, year, "40", "%", "시 데이터허브"), ("11650", SHARE, year, "41", "%", MEGABYTE_SOURCE)]
    )


def test_the_import_page_names_the_file_and_line(client: Client, story: Certified) -> None:
    client.force_login(story.people.officer)
    client.cookies["django_language"] = "en"
    upload = SimpleUploadedFile("values.csv", oversized(story), content_type="text/csv")
    answer = client.post("/indicators/11650/import/", {"file": upload})
    assert answer.status_code == 400
    assert "values.csv:3: a field is longer than 131072 characters." in answer.content.decode()
    assert not IndicatorValue.objects.exists()


def test_the_import_page_says_it_in_korean(client: Client, story: Certified) -> None:
    client.force_login(story.people.officer)
    upload = SimpleUploadedFile("values.csv", oversized(story), content_type="text/csv")
    answer = client.post("/indicators/11650/import/", {"file": upload})
    assert "values.csv:3: 한 칸의 글자가 131072자를 넘습니다." in answer.content.decode()


def test_the_command_line_names_the_file_and_line(story: Certified, tmp_path: Path) -> None:
    values = tmp_path / "values.csv"
    values.write_bytes(oversized(story))
    ran = run("indicators", "import", str(values), "--as", "officer-seocho")
    assert ran.code == 2
    assert f"{values}: values.csv:3: 한 칸의 글자가 131072자를 넘습니다." in ran.err
    assert "Traceback" not in ran.err and not IndicatorValue.objects.exists()


def test_the_assessment_sheet_upload_names_the_file_and_line(client: Client, people: People) -> None:
    client.force_login(people.officer)
    sheet = f'item,value,justification\nBM.vision,3,ok\nBM.leadership,2,"{MEGABYTE_SOURCE}"\n'.encode()
    answer = client.post(f"/assessments/{people.draft.pk}/import/", {"sheet": SimpleUploadedFile("sheet.csv", sheet)})
    assert answer.status_code == 400
    assert "sheet.csv:3:1: 한 칸의 글이 131072자보다 깁니다" in answer.content.decode()  # in the page's language
    assert people.draft.responses.get(item_id="BM.vision").value == "3"


def test_scoring_a_responses_file_names_the_file_and_line(db: None, tmp_path: Path) -> None:
    responses = tmp_path / "responses.csv"
    responses.write_text(f'item,value,justification\nBM.vision,3,ok\nBM.leadership,2,"{MEGABYTE_SOURCE}"\n')
    ran = run("score", "--framework", "bsi-iso37106", str(responses))
    assert ran.code == 2
    assert f"{responses}:3:1: a field is longer than 131072 characters" in ran.err
    assert "Traceback" not in ran.err
