"""In Chromium, in Korean, at desktop width: the certifier records Seocho-gu's consensus, typing 5 for the vision
the panel scored 2 and 3; the form flags it and keeps what was typed until a reason is given. The certifier,
who recorded the consensus, is told that a certifier who took no part decides. certifier-2 logs in, finds the
engine's outcome chosen on the decision form, decides, and the decision lists the item outside the panel's range
with its reason. Screenshots in /tmp/browser-shots."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Browser, Page, expect

from citycert.certification import workflow
from tests.browser.chromium import launched
from tests.certification.story import item_ids, round_in_review, second_certifier
from tests.people import PASSWORD, People

SHOTS = Path("/tmp/browser-shots")


@pytest.fixture
def seocho(live_server: Any, people: People) -> int:
    """Seocho-gu's application with both stages submitted by the panel: BM.vision at 2, 3 and 3."""
    story = round_in_review(people)
    for stage in ("stage-1", "stage-2"):
        for assessor, vision in zip(story.assessors, ("2", "3", "3"), strict=True):
            sheet = workflow.sheet_for(story.seocho, assessor, stage)
            scores = {item: (vision if item == "BM.vision" else "3", "") for item in item_ids()}
            workflow.save_scores(sheet, scores, assessor)
            workflow.submit_sheet(sheet, assessor)
    second_certifier()
    return story.seocho.pk


@pytest.fixture
def chromium(seocho: int) -> Iterator[Browser]:
    with launched() as browser:
        yield browser


def logged_in(browser: Browser, site: str, username: str) -> Page:
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    context.set_default_timeout(15_000)
    page = context.new_page()
    page.goto(f"{site}/accounts/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", PASSWORD)
    with page.expect_navigation():
        page.click("main form.stacked button[type=submit]")
    return page


def shoot(page: Page, name: str, tmp_path: Path) -> None:
    path = tmp_path / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    SHOTS.mkdir(parents=True, exist_ok=True)
    shutil.copy(path, SHOTS / path.name)


def test_consensus_then_a_second_certifier_decides(
    live_server: Any, seocho: int, chromium: Browser, tmp_path: Path
) -> None:
    site, url = live_server.url, f"{live_server.url}/certification/applications/{seocho}/"

    page = logged_in(chromium, site, "certifier")
    page.goto(url)
    expect(page.locator("h2#stages + p")).to_have_text("필수 심사 단계가 모두 제출되었습니다.")
    page.select_option("select[name='value-BM.vision']", "5")
    page.fill("input[name='rationale-BM.roadmap']", "로드맵 합의")
    page.click("form[action*='/consensus/'] button[type=submit]")
    alert = page.locator("#consensus ~ p.error[role=alert]")
    expect(page.locator("#consensus-BM\\.vision .field-error")).to_contain_text("이 항목의 사유를 적어 주세요")
    expect(alert).to_contain_text("패널 점수 범위를 벗어난 합의 점수는 해당 항목의 사유가 필요합니다")
    # The page opens at the form that was refused, not at its top thousands of pixels above the reason.
    assert page.evaluate("window.scrollY") > 0 and page.url.endswith("#consensus")
    flagged = page.locator("tr.flagged")
    expect(flagged).to_have_count(1)
    expect(flagged).to_contain_text("BM.vision")
    expect(flagged).to_contain_text("2–3")
    expect(page.locator("select[name='value-BM.vision']")).to_have_value("5")
    expect(page.locator("input[name='rationale-BM.roadmap']")).to_have_value("로드맵 합의")
    shoot(page, "consensus-outside-range-ko", tmp_path)

    page.fill("input[name='rationale-BM.vision']", "현장 확인에서 추가 증빙 제출")
    page.click("form[action*='/consensus/'] button[type=submit]")
    expect(page.locator(".messages")).to_contain_text("합의")
    expect(page.locator("#decide ~ .notice")).to_contain_text("이 신청의 합의 점수를 기록하셨습니다")
    expect(page.locator("#decide ~ .notice")).to_contain_text("certifier-2")
    shoot(page, "consensus-recorded-four-eyes-ko", tmp_path)
    page.context.close()

    page = logged_in(chromium, site, "certifier-2")
    page.goto(url)
    expect(page.locator("select[name=outcome] option:checked")).to_have_text("인증")
    page.fill("textarea[name=reasons]", "모든 항목 3수준 이상, 비전은 현장 증빙으로 5수준")
    page.click("form[action*='/decide/'] button[type=submit]")
    decision = page.locator("#decision")
    expect(decision).to_contain_text("패널 점수 범위를 벗어난 합의")
    expect(decision).to_contain_text("BM.vision")
    expect(decision).to_contain_text("현장 확인에서 추가 증빙 제출")
    expect(decision).to_contain_text("certifier-2")
    shoot(page, "decided-by-second-certifier-ko", tmp_path)
    page.context.close()
