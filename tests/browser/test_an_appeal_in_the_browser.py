"""Seocho-gu's officer appeals its decision in a real browser, in Korean, and the certifier who took no part decides
it. The officer logs in through the form, opens the application, follows "이 결정에 이의 신청", writes the reasons,
attaches a PDF and files; the page shows the appeal as 접수됨. certifier-3 logs in, opens the appeal, takes it and
overturns the decision; the appeal reads 원결정 변경 and the certificate is withdrawn. Screenshots of both ends
are kept in /tmp/browser-shots."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Browser, Page, expect

from citycert.certification.choices import Outcome
from citycert.certification.models import Certificate
from tests.appeals.story import seocho_decided
from tests.browser.chromium import launched
from tests.people import PASSWORD, PDF, People

SHOTS = Path("/tmp/browser-shots")


@dataclass
class Decided:
    application: int
    number: str


@pytest.fixture
def decided(live_server: Any, people: People) -> Decided:
    story = seocho_decided(people, Outcome.CERTIFIED)
    return Decided(story.application.pk, Certificate.objects.get(application=story.application).number)


@pytest.fixture
def chromium(decided: Decided) -> Iterator[Browser]:
    with launched() as browser:
        yield browser


def log_in(page: Page, site: str, username: str) -> None:
    page.goto(f"{site}/accounts/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", PASSWORD)
    with page.expect_navigation():
        page.click("main form.stacked button[type=submit]")
    assert "/accounts/login/" not in page.url, page.url


def shoot(page: Page, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"appeal-{name}.png"), full_page=True)


def test_an_officer_appeals_and_the_second_certifier_decides(
    live_server: Any, decided: Decided, chromium: Browser, tmp_path: Path
) -> None:
    site = live_server.url
    evidence = tmp_path / "근거자료.pdf"
    evidence.write_bytes(PDF)

    officer = chromium.new_context(viewport={"width": 1280, "height": 900}).new_page()
    officer.set_default_timeout(15_000)
    log_in(officer, site, "officer-seocho")
    officer.goto(f"{site}/certification/applications/{decided.application}/")
    officer.click("text=이 결정에 이의 신청")
    expect(officer.locator("h1")).to_have_text("결정에 이의 신청")
    officer.fill("textarea[name=reasons]", "BM.vision 항목의 2025 성과보고서가 심사에 반영되지 않았습니다.")
    officer.set_input_files("input[name=files]", str(evidence))
    shoot(officer, "1-officer-files-ko")
    with officer.expect_navigation():
        officer.click("text=이의 신청하기")
    expect(officer.locator("main")).to_contain_text("이의 신청이 접수되었습니다")
    expect(officer.locator("main .tag").first).to_have_text("접수됨")
    expect(officer.locator("main")).to_contain_text("근거자료.pdf")
    appeal_page = officer.url  # /certification/appeals/<id>/ (the ORM stays out of Playwright's way)

    handler = chromium.new_context(viewport={"width": 1280, "height": 900}).new_page()
    handler.set_default_timeout(15_000)
    log_in(handler, site, "certifier-3")
    handler.goto(f"{site}/certificates/{decided.number}/")
    expect(handler.locator("main")).to_contain_text("이의 신청 중")
    handler.goto(appeal_page)
    with handler.expect_navigation():
        handler.click("text=이 이의 신청 맡기")
    handler.check("input[name=outcome][value=overturned]")
    handler.fill("textarea[name=resolution]", "제출된 증빙을 반영하면 기준에 미달합니다. 인증을 철회합니다.")
    shoot(handler, "2-certifier-decides-ko")
    with handler.expect_navigation():
        handler.click("text=처리 결과 기록")
    expect(handler.locator("main")).to_contain_text("원결정 변경")
    expect(handler.locator("main")).to_contain_text(decided.number)
    shoot(handler, "3-decided-ko")

    officer.goto(f"{site}/certification/applications/{decided.application}/")
    expect(officer.locator("#appeals")).to_contain_text("원결정 변경")
    officer.goto(f"{site}/certificates/{decided.number}/")
    expect(officer.locator("span.state")).to_have_text("철회됨")
