"""Seocho-gu's national decision letter, laid out as a reader sees it. The panel scored every indicator of Korea's
national scheme (long Korean names, units such as 명/주민 천 명, yes-or-no indicators), one assessor leaving a long
web address and a long unspaced Korean comment. In Korean and in English, every word printed lies inside the page's
margins; no Korean word of an item's name is split across two lines (성숙|도); a yes-or-no indicator reads 예 or yes,
never "true"; and the last page gives the last day to appeal. The letters are kept in
/tmp/browser-shots/decision-letter/ for a person to look at (pdftoppm turns them into PNG pages)."""

from __future__ import annotations

import re
import subprocess
from datetime import date, timedelta
from decimal import Decimal
from html import unescape
from pathlib import Path

import pytest
from django.test import Client

from citycert.accounts.models import Role
from citycert.assessments.answers import stored_text
from citycert.assessments.choices import AssessmentKind, State
from citycert.assessments.workflow import create_assessment, save_responses, transition
from citycert.certification import workflow
from citycert.certification.choices import Outcome
from citycert.certification.scheme import stages
from citycert.demo.results import illustrative_answers
from citycert.library.store import find_version
from citycert.scoring.model import compile_framework
from tests.certification.story import decide
from tests.people import People, person, ready_to_sit

pytestmark = pytest.mark.django_db

KEPT = Path("/tmp/browser-shots/decision-letter")
DECIDED = date(2026, 11, 20)
A4_WIDTH_PT = 595.28
RIGHT_MARGIN_PT = 14 / 25.4 * 72  # the letter's @page margin
ADDRESS = "https://data.seocho.go.kr/opendata/catalogue/2026/smart-city/datasets-opened-in-machine-readable-form"
UNSPACED = "기계판독가능형식으로개방된데이터셋의비율을산출한근거자료와2025년도공공데이터포털등록현황을함께확인하였음"


def seocho_decided_on_the_national_scheme(people: People) -> int:
    version = find_version("kr-smartcity")
    framework = version.framework
    own = create_assessment(people.seocho, version, AssessmentKind.SELF_ASSESSMENT, 2026, people.officer)
    answers = illustrative_answers(framework, low=Decimal("0.80"), high=Decimal("0.85"), seed=3)
    values = {item: stored_text(answer.value) for item, answer in answers.items()}
    save_responses(own, {item: {"value": value} for item, value in values.items()}, people.officer)
    transition(own, State.SUBMITTED, people.officer)
    round_ = workflow.open_round(
        version,
        2026,
        name_ko="2026년 스마트도시 인증",
        name_en="Smart city certification 2026",
        opens_on=date(2026, 6, 1),
        closes_on=date(2026, 6, 30),
        announce_on=date(2026, 11, 25),
        actor=people.certifier,
    )
    application = workflow.apply(round_, own, people.officer, date(2026, 6, 15))
    assessors = [people.assessor, person("assessor-2", Role.ASSESSOR)]
    ready_to_sit(round_, assessors, people.certifier)
    panel = workflow.form_panel(round_, "패널 A", assessors, people.certifier)
    application = workflow.assign(application, panel, people.certifier)
    comments = {"D1.I1.1": ADDRESS, "D1.I1.2": UNSPACED}
    for stage in stages(framework):
        for index, assessor in enumerate(assessors):
            sheet = workflow.sheet_for(application, assessor, stage.id)
            notes = comments if index == 0 else {}
            workflow.save_scores(
                sheet, {item: (value, notes.get(item, "")) for item, value in values.items()}, assessor
            )
            workflow.submit_sheet(sheet, assessor)
    workflow.record_consensus(application, {item: (value, "") for item, value in values.items()}, people.certifier)
    decide(application, Outcome.CERTIFIED, "총점이 70% 이상이고 3등급 이상이므로 인증합니다.", DECIDED)
    return application.pk


def words_with_their_boxes(pdf: Path) -> list[tuple[int, float, str]]:
    """(page, right edge in points, text) of every word pdftotext finds."""
    html = subprocess.run(["pdftotext", "-bbox", str(pdf), "-"], check=True, capture_output=True, text=True).stdout
    found = []
    for page, body in enumerate(html.split("<page ")[1:], start=1):
        for x_max, text in re.findall(
            r'<word xMin="[\d.]+" yMin="[\d.]+" xMax="([\d.]+)" yMax="[\d.]+">(.*?)</word>', body
        ):
            found.append((page, float(x_max), unescape(text)))
    return found


def plain_text(pdf: Path, layout: str = "-layout") -> str:
    return subprocess.run(["pdftotext", layout, str(pdf), "-"], check=True, capture_output=True, text=True).stdout


@pytest.mark.parametrize("language", ["ko", "en"])
def test_every_word_of_the_letter_stays_in_its_column(people: People, language: str) -> None:
    application = seocho_decided_on_the_national_scheme(people)
    officer = Client()
    officer.force_login(people.officer)
    answer = officer.get(f"/certification/applications/{application}/letter.pdf?lang={language}")
    assert answer.status_code == 200 and answer["Content-Type"] == "application/pdf"
    KEPT.mkdir(parents=True, exist_ok=True)
    pdf = KEPT / f"national-decision-letter-{language}.pdf"
    pdf.write_bytes(answer.content)

    words = words_with_their_boxes(pdf)
    pages = max(page for page, _, _ in words)
    assert pages >= 2
    past_the_margin = [(page, text) for page, x_max, text in words if x_max > A4_WIDTH_PT - RIGHT_MARGIN_PT + 1]
    assert not past_the_margin, f"words past the right margin: {past_the_margin[:5]}"

    # Every Korean word of every item's name is printed whole on one line.
    printed = {text for _, _, text in words}
    framework = find_version("kr-smartcity").framework
    name_side = "ko" if language == "ko" else "en"
    names = [getattr(item.node.name, name_side) for item in compile_framework(framework).items]
    split = sorted(
        {word for name in names for word in name.split() if re.search("[가-힣]", word) and word not in printed}
    )
    assert not split, f"Korean words split across lines: {split}"

    text = plain_text(pdf)
    joined = re.sub(r"\s+", "", plain_text(pdf, "-raw"))  # each cell's lines one after another
    assert ADDRESS.replace("https://", "") in joined and UNSPACED in joined  # wrapped, but all there
    assert "true" not in text and "false" not in text
    yes = "예" if language == "ko" else "yes"
    assert f"A: {yes}" in text
    last_page = text.split("\f")[pages - 1]
    deadline = f"{DECIDED + timedelta(days=30):%Y-%m-%d}"
    if language == "ko":
        assert f"{deadline}까지 이의를 신청할 수 있습니다" in re.sub(r"\s+", " ", last_page)
    else:
        assert f"You may appeal this decision until {deadline}" in re.sub(r"\s+", " ", last_page)
