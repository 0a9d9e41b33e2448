"""In Chromium, in Korean and in English, at 1280 and 390 pixels wide: assessor-1 declares their impartiality for the
ISO 37106 round of 2026, listing one past tie; the certifier forms a panel with assessor-1 and assessor-2, who has no
qualification and no declaration, is refused with assessor-2 named and what they lack, gives a reason, and the
round's panel shows it. Nothing is wider than a phone's screen. Screenshots of each step are kept in
/tmp/browser-shots/competence-<language>/ for a person to look at."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Browser, Page, ViewportSize, expect

from citycert.accounts.models import Role
from citycert.competence.workflow import QualificationInput, record_qualification
from tests.browser.chromium import launched
from tests.certification.story import open_bsi_round
from tests.people import PASSWORD, People, person

SHOTS = Path("/tmp/browser-shots")
DESKTOP: ViewportSize = {"width": 1280, "height": 900}
PHONE: ViewportSize = {"width": 390, "height": 844}
TIE = "2023년 하남시 스마트도시 계획 자문 (종료)"
REASON = "ISO 37106 심사원 교육 수료 예정(12월 10일), 지역 전문가로 위촉"

WORDS = {
    "ko": {
        "declared": "2026년 ISO 37106 인증 공정성 선언을 했습니다.",
        "refused": "다음 평가위원을 배정하려면 사유가 필요합니다: assessor-2 (",
        "lacks": "2026년 ISO 37106 인증 공정성 선언 없음",
        "formed": "평가위원단을 구성했습니다.",
        "seated": "자격이나 공정성 선언 없이 배정된 평가위원",
        "reason": "사유:",
    },
    "en": {
        "declared": "Impartiality declared for ISO 37106 certification 2026.",
        "refused": "A reason is needed to seat assessor-2 (",
        "lacks": "no impartiality declaration for ISO 37106 certification 2026",
        "formed": "Panel formed.",
        "seated": "Seated without a qualification or a declaration",
        "reason": "Reason:",
    },
}


@dataclass
class Story:
    site: str
    round_pk: int


@pytest.fixture
def story(live_server: Any, people: People) -> Story:
    round_ = open_bsi_round(people)
    person("assessor-2", Role.ASSESSOR)
    record_qualification(
        people.assessor,
        QualificationInput(
            title="ISO 37106 심사원 (BSI)",
            schemes=["bsi-iso37106"],
            valid_from=date(2024, 1, 1),
            training="ISO 37106 심사원 과정",
            trained_on=date(2023, 11, 20),
        ),
        people.certifier,
    )
    return Story(live_server.url, round_.pk)


@pytest.fixture
def chromium(story: Story) -> Iterator[Browser]:
    with launched() as browser:
        yield browser


def signed_in(browser: Browser, site: str, username: str, language: str) -> Page:
    context = browser.new_context(viewport=DESKTOP)
    context.set_default_timeout(20_000)
    context.add_cookies([{"name": "django_language", "value": language, "url": site}])
    page = context.new_page()
    page.goto(f"{site}/accounts/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", PASSWORD)
    with page.expect_navigation():
        page.click("main form.stacked button[type=submit]")
    assert "/accounts/login/" not in page.url
    return page


def shoot(page: Page, folder: Path, name: str) -> None:
    """The page at desk and phone width; on the phone nothing may be wider than the screen."""
    folder.mkdir(parents=True, exist_ok=True)
    for label, size in (("1280", DESKTOP), ("390", PHONE)):
        page.set_viewport_size(size)
        page.screenshot(path=str(folder / f"{name}-{label}.png"), full_page=True)
        if label == "390":
            width = page.evaluate("document.documentElement.scrollWidth")
            assert width <= 390, f"{name} is {width} pixels wide on a phone"
    page.set_viewport_size(DESKTOP)


@pytest.mark.parametrize("language", ["ko", "en"])
def test_an_assessor_declares_and_the_certifier_seats_another_with_a_reason(
    story: Story, chromium: Browser, language: str
) -> None:
    words, folder = WORDS[language], SHOTS / f"competence-{language}"
    shutil.rmtree(folder, ignore_errors=True)

    assessor = signed_in(chromium, story.site, "assessor-1", language)
    assessor.goto(f"{story.site}/competence/")
    assessor.click(f"a[href='/competence/rounds/{story.round_pk}/declaration/']")
    assessor.fill("textarea[name=interests]", TIE)
    assessor.check("input[name=affirm]")
    shoot(assessor, folder, "01-declaration-form")
    with assessor.expect_navigation():
        assessor.click("form[action*='/declaration/'] button[type=submit]")
    expect(assessor.locator(".messages")).to_contain_text(words["declared"])
    expect(assessor.locator("main")).to_contain_text(TIE)
    shoot(assessor, folder, "02-declaration-made")

    certifier = signed_in(chromium, story.site, "certifier", language)
    certifier.goto(f"{story.site}/certification/rounds/{story.round_pk}/")
    panel_form = "form[action*='/panels/']"
    certifier.click(f"details:has({panel_form}) summary")
    certifier.fill(f"{panel_form} input[name=name]", "패널 A")
    for username in ("assessor-1", "assessor-2"):
        certifier.locator(f"{panel_form} label", has_text=username).locator("input[name=members]").check()
    with certifier.expect_navigation():
        certifier.click(f"{panel_form} button[type=submit]")
    error = certifier.locator("#id_reason_error")
    expect(error).to_contain_text(words["refused"])
    expect(error).to_contain_text(words["lacks"])
    expect(certifier.locator(f"{panel_form} input[name=name]")).to_have_value("패널 A")
    certifier.locator("#id_reason").scroll_into_view_if_needed()
    shoot(certifier, folder, "03-panel-refused-without-a-reason")

    certifier.fill(f"{panel_form} textarea[name=reason]", REASON)
    with certifier.expect_navigation():
        certifier.click(f"{panel_form} button[type=submit]")
    expect(certifier.locator(".messages")).to_contain_text(words["formed"])
    card = certifier.locator("main .card", has_text="패널 A")
    expect(card).to_contain_text(words["seated"])
    expect(card).to_contain_text(f"{words['reason']} {REASON}")
    expect(card.locator("ul.seated-anyway strong")).to_have_text(["assessor-2"])
    card.scroll_into_view_if_needed()
    shoot(certifier, folder, "04-panel-with-the-reason")
