"""Seocho-gu's national-scheme assessment falls short of 70 %. Wherever its gap plan is shown (the score panel
beside the form, the PDF report, the API, the decision letter's improvement plan) a boolean item reads
아니오 → 예 (No → Yes in English), never False → True, and each step says the points it brings: the 50-point
integrated-platform item first, the biggest step."""

from __future__ import annotations

import re
import subprocess
from datetime import timedelta
from pathlib import Path

import pytest
from django.test import Client
from django.utils import timezone

from citycert.assessments.answers import stored_text
from citycert.assessments.choices import AssessmentKind, State
from citycert.assessments.models import Assessment
from citycert.assessments.workflow import create_assessment, save_responses, transition
from citycert.certification import workflow
from citycert.certification.choices import Outcome
from citycert.library.store import find_version
from citycert.scoring.model import compile_framework
from tests.api.calling import Caller
from tests.certification.story import agree, decide
from tests.people import People, ready_to_sit
from tests.support import run

pytestmark = pytest.mark.django_db

# D3.I2.1 "스마트시티 통합플랫폼 구축" (50 points, a boolean), answered 아니오.
PLATFORM = "D3.I2.1"


def short_answers() -> dict[str, str]:
    """Every qualitative item at level 1, every boolean 아니오, every quantity at its best: about 1,100 of 2,000."""
    framework = find_version("kr-smartcity").framework
    answers = {}
    for item in compile_framework(framework).items:
        if item.node.type == "qualitative":
            answers[item.id] = "1"
        elif item.node.type == "boolean":
            answers[item.id] = "false"
        else:
            answers[item.id] = stored_text(item.values[-1])
    return answers


@pytest.fixture
def short(people: People) -> Assessment:
    version = find_version("kr-smartcity")
    assessment = create_assessment(people.seocho, version, AssessmentKind.SELF_ASSESSMENT, 2026, people.officer)
    save_responses(assessment, {item: {"value": value} for item, value in short_answers().items()}, people.officer)
    return assessment


def plan_steps(html: str) -> list[tuple[str, str]]:
    """Each step of the score panel's plan: its item, and its own words up to the other cities' cases under it."""
    return re.findall(r'<li data-gap="([^"]+)">(.*?)(?:<ul class="gap-cases"|</li>)', html, re.S)


def pdf_text(data: bytes, tmp_path: Path) -> str:
    path = tmp_path / "plan.pdf"
    path.write_bytes(data)
    return subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True).stdout


def test_the_score_panel_reads_no_to_yes_with_the_points(client: Client, people: People, short: Assessment) -> None:
    client.force_login(people.officer)
    html = client.get(f"/assessments/{short.pk}/").content.decode()
    steps = plan_steps(html)
    assert steps, "the plan is shown"
    assert steps[0][0] == PLATFORM, "the biggest step first"
    shown = dict(steps)
    assert re.sub(r"<[^>]+>", "", shown[PLATFORM]).strip() == "스마트시티 통합플랫폼 구축: 아니오 → 예 +50점"
    assert "True" not in html.split('class="gaps"')[1].split("</ol>")[0]
    points = [float(value) for value in re.findall(r'data-points="([^"]+)"', html)]
    assert points == sorted(points, reverse=True)

    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    html = client.get(f"/assessments/{short.pk}/").content.decode()
    step = dict(plan_steps(html))[PLATFORM]
    assert re.sub(r"<[^>]+>", "", step).strip().endswith(": No → Yes +50 points")


def test_the_pdf_report_reads_no_to_yes_with_the_points(
    client: Client, people: People, short: Assessment, tmp_path: Path
) -> None:
    client.force_login(people.officer)
    text = pdf_text(client.get(f"/assessments/{short.pk}/report.pdf").content, tmp_path)
    row = next(line for line in text.splitlines() if PLATFORM in line)
    assert re.search(r"아니오\s+예\s+\+50", row), row
    assert "True" not in text and "False" not in text


def test_the_api_gives_the_values_the_points_and_how_people_read_them(people: People, short: Assessment) -> None:
    result = Caller(people.officer).get(f"/assessments/{short.pk}").json()["result"]
    assert result["certified"] is False
    step = next(gap for gap in result["gaps"] if gap["item"] == PLATFORM)
    assert step == {
        "item": PLATFORM,
        "name": {"ko": "스마트시티 통합플랫폼 구축", "en": step["name"]["en"]},
        "from": False,
        "to": True,
        "action": "raise",
        "points": 50,
        "from_text": {"ko": "아니오", "en": "No"},
        "to_text": {"ko": "예", "en": "Yes"},
    }
    assert result["gaps"][0]["item"] == PLATFORM


def test_the_decision_letter_improvement_plan_reads_no_to_yes(
    people: People, short: Assessment, tmp_path: Path
) -> None:
    version = find_version("kr-smartcity")
    decided = timezone.localdate() - timedelta(days=10)
    round_ = workflow.open_round(
        version,
        decided.year,
        name_ko=f"{decided.year}년 스마트도시 인증",
        name_en=f"Smart city certification {decided.year}",
        opens_on=decided,
        closes_on=decided,
        actor=people.certifier,
    )
    ready_to_sit(round_, [people.assessor], people.certifier)
    panel = workflow.form_panel(round_, "패널 A", [people.assessor], people.certifier)
    transition(short, State.SUBMITTED, people.officer)
    application = workflow.assign(workflow.apply(round_, short, people.officer, decided), panel, people.certifier)
    values = {r.item_id: (r.value, "") for r in application.frozen.responses.all() if r.value}
    agree(application, values, people.certifier)
    decide(application, Outcome.NOT_CERTIFIED, "총점 70% 미달", decided)

    # The round is not announced yet: the certifying body reads the letter before the city does.
    body = Client()
    body.force_login(people.certifier)
    letter = body.get(f"/certification/applications/{application.pk}/letter.pdf?lang=ko")
    assert letter.status_code == 200
    text = pdf_text(letter.content, tmp_path)
    plan = text.split("개선 계획")[1]
    assert re.search(r"아니오\s+예\s+\+50", plan), plan[:2000]
    # The items' agreed values and each assessor's read 아니오 too.
    assert re.search(r"스마트도시 조례 제정\s+아니오\s+0\s+A: 아니오", text), text
    assert "True" not in text and "False" not in text and "false" not in text
    english = pdf_text(body.get(f"/certification/applications/{application.pk}/letter.pdf?lang=en").content, tmp_path)
    assert re.search(r"No\s+Yes\s+\+50", english)


def test_the_command_line_prints_no_to_yes_with_the_points(tmp_path: Path) -> None:
    sheet = tmp_path / "kr.csv"
    sheet.write_text(
        "item,value\n" + "".join(f"{item},{value}\n" for item, value in short_answers().items()), encoding="utf-8"
    )
    ran = run("score", "--framework", "kr-smartcity", str(sheet))
    assert ran.code == 0, ran.err
    plan = ran.out.split("gap plan:\n")[1].splitlines()
    assert re.fullmatch(rf"  {re.escape(PLATFORM)} \(.+\): No -> Yes \(\+50 points\)", plan[0]), plan
