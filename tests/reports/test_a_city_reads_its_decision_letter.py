"""Seocho-gu is certified at level 3. Its officer opens the decision letter (결과 통보서) from the application page,
in Korean and in English: the outcome and reasons, the score and level, each item's agreed score beside what
each assessor gave and said (the assessors named by letter only), the certificate and the last day to appeal.
A long comment wraps inside its column. Nobody else but the certifying body may read it."""

from __future__ import annotations

import subprocess
from datetime import timedelta
from pathlib import Path

import pytest
from django.test import Client
from django.utils import timezone

from citycert.certification import workflow
from citycert.certification.choices import Outcome
from citycert.certification.models import Certificate
from tests.certification.story import DECISION_DAY, agree, decide, item_ids, round_in_review
from tests.people import People

pytestmark = pytest.mark.django_db

LONG_COMMENT = (
    "도시비전과연계한스마트시티실행계획의성과지표가구체적이며연도별점검결과가공개되어있음"
    "https://www.seocho.go.kr/site/seocho/ex/bbs/View.do?cbIdx=57&bcIdx=123456789012345678901234567890"
)


def text_of(pdf: bytes, tmp_path: Path, name: str) -> str:
    path = tmp_path / name
    path.write_bytes(pdf)
    return subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True).stdout


def test_the_city_reads_its_letter_in_korean_and_english(people: People, tmp_path: Path) -> None:
    story = round_in_review(people)
    for index, assessor in enumerate(story.assessors):
        sheet = workflow.sheet_for(story.seocho, assessor, "stage-2")
        comment = LONG_COMMENT if index == 0 else f"심사위원 {index + 1}의 의견"
        scores = {
            item: ("4" if item == "BM.vision" else "3", comment if item == "BM.vision" else "") for item in item_ids()
        }
        workflow.save_scores(sheet, scores, assessor)
        workflow.submit_sheet(sheet, assessor)
    agreed = {item: ("4" if item == "BM.vision" else "3", "서면·현장 심사 합의") for item in item_ids()}
    agree(story.seocho, agreed, people.certifier)
    decide(story.seocho, Outcome.CERTIFIED, "모든 항목 3수준 이상", DECISION_DAY)
    number = Certificate.objects.get(application=story.seocho).number

    officer = Client()
    officer.force_login(people.officer)
    page = officer.get(f"/certification/applications/{story.seocho.pk}/").content.decode()
    assert "결과 통보서 (한국어, PDF)" in page

    korean = officer.get(f"/certification/applications/{story.seocho.pk}/letter.pdf?lang=ko")
    assert korean.status_code == 200 and korean["Content-Type"] == "application/pdf"
    letter = text_of(korean.content, tmp_path, "ko.pdf")
    decided_on = timezone.localtime(story.seocho.decision.decided_at).date()
    for expected in (
        "인증 결과 통보서",
        "서울특별시 서초구",
        "모든 항목 3수준 이상",
        number,
        "도시 비전",
        "A: 4",
        "B: 4 — 심사위원 2의 의견",
        "서면·현장 심사 합의",
        f"{decided_on + timedelta(days=30):%Y-%m-%d}까지 이의를 신청할 수 있습니다",
    ):
        assert expected in letter, expected
    assert "assessor-1" not in letter and "assessor-2" not in letter  # assessors by letter only
    # The long comment wraps within the page: no line of the laid-out text runs past the right margin.
    assert max(len(line) for line in letter.splitlines()) < 130
    assert "12345678901234567890" in letter.replace("\n", "").replace(" ", "")

    english = text_of(
        officer.get(f"/certification/applications/{story.seocho.pk}/letter.pdf?lang=en").content, tmp_path, "en.pdf"
    )
    for expected in ("Certification decision letter", "Seocho-gu", "City vision", "You may appeal this decision until"):
        assert expected in english, expected


def test_only_the_city_and_the_body_read_the_letter(people: People) -> None:
    story = round_in_review(people)
    agreed = dict.fromkeys(item_ids(), ("3", ""))
    agree(story.seocho, agreed, people.certifier)
    decide(story.seocho, Outcome.CERTIFIED, "모든 항목 3수준 이상", DECISION_DAY)
    address = f"/certification/applications/{story.seocho.pk}/letter.pdf"
    certifier = Client()
    certifier.force_login(people.certifier)
    assert certifier.get(address).status_code == 200
    for outsider in (people.other_officer, people.assessor):
        client = Client()
        client.force_login(outsider)
        assert client.get(address).status_code == 404
    assert Client().get(address).status_code == 302  # to log in
