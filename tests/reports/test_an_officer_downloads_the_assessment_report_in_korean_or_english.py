"""Seocho-gu's officer downloads the PDF report of the city's assessment, in Korean and in English: the
city's Korean name, the score, the failed condition and every item are in it, the Korean font embedded."""

from __future__ import annotations

import subprocess
from pathlib import Path

from django.test import Client

from citycert.scoring.model import compile_framework
from tests.people import People


def text_of(client: Client, url: str, folder: Path) -> tuple[str, str]:
    answer = client.get(url)
    assert answer.status_code == 200 and answer["Content-Type"] == "application/pdf"
    path = folder / "report.pdf"
    path.write_bytes(answer.content)
    text = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True).stdout
    fonts = subprocess.run(["pdffonts", str(path)], capture_output=True, text=True, check=True).stdout
    return text, fonts


def test_the_report_reads_back_in_both_languages(client: Client, people: People, tmp_path: Path) -> None:
    client.force_login(people.officer)
    url = f"/assessments/{people.draft.pk}/report.pdf"
    text, fonts = text_of(client, url, tmp_path)
    assert "서울특별시 서초구" in text and "2026" in text
    assert "모든 항목 3수준(성숙) 이상" in text  # the pass condition the draft does not meet yet
    items = [item.id for item in compile_framework(people.draft.framework_version.framework).items]
    assert all(item in text for item in items)
    assert any("Nanum" in line and " yes " in line for line in fonts.splitlines()), fonts

    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    text, _ = text_of(client, url, tmp_path)
    assert "Seocho-gu" in text and "Every item at level 3 (mature) or above" in text


def test_another_city_finds_no_report(client: Client, people: People) -> None:
    client.force_login(people.other_officer)
    assert client.get(f"/assessments/{people.draft.pk}/report.pdf").status_code == 404
