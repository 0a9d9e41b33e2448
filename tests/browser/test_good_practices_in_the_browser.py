"""In Chromium, in Korean and in English, on a desk and on a phone: Hanam-si's officer reads the gap plan of a
draft two items short of the bar and follows a step's case to Seocho-gu's practice; a delegation visiting Seoul
goes from the start page to the library and to Seoul's cases in two clicks. Nothing is wider than the screen.
Screenshots are kept in /tmp/browser-shots (and in $CITYCERT_SHOTS when set) for a person to look at."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Browser, Page, expect

from citycert.accounts.models import Role
from citycert.cities.models import City
from citycert.practices.bundled import load_bundled_cases
from tests.browser.chromium import launched
from tests.people import PASSWORD, person
from tests.practices.stories import draft_short_of_the_bar

pytestmark = pytest.mark.django_db(transaction=True)

SHOTS = [
    Path("/tmp/browser-shots"),
    *([Path(os.environ["CITYCERT_SHOTS"])] if os.environ.get("CITYCERT_SHOTS") else []),
]
PHONE = {"width": 390, "height": 844}
DESK = {"width": 1280, "height": 900}


@pytest.fixture
def draft_pk(live_server: Any) -> int:
    """The library as bundled, Hanam-si's officer and a draft two items short; made before the browser starts
    (Playwright's loop makes the database unreachable from the test's thread afterwards)."""
    load_bundled_cases()
    person("officer-hanam", Role.CITY_OFFICER, City.objects.get(code="41450"))
    return draft_short_of_the_bar("41450", {"BM.leadership": 2, "CSM.digital-inclusion": 2}).pk


@pytest.fixture
def chromium(draft_pk: int) -> Iterator[Browser]:
    with launched() as browser:
        yield browser


def shoot(page: Page, name: str, tmp_path: Path, *, unfold: bool = False) -> None:
    """The page at the desk's width and at the phone's, each checked to fit its screen, then kept; `unfold` opens
    what a phone folds (the result panel), as the officer would to read the plan."""
    for label, size in (("desk", DESK), ("phone", PHONE)):
        page.set_viewport_size(size)  # type: ignore[arg-type]
        if unfold:
            page.evaluate("document.querySelectorAll('details.fold').forEach(fold => { fold.open = true; })")
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= size["width"], f"{page.url} is {width} px wide on a {size['width']} px screen"
        path = tmp_path / f"{name}-{label}.png"
        page.screenshot(path=str(path), full_page=True)
        for folder in SHOTS:
            folder.mkdir(parents=True, exist_ok=True)
            shutil.copy(path, folder / path.name)
    page.set_viewport_size(DESK)  # type: ignore[arg-type]


def in_language(page: Page, language: str) -> None:
    page.click(f"form.language button[value={language}]")
    page.wait_for_load_state()


def test_the_gap_plan_and_seouls_cases_in_both_languages(
    live_server: Any, draft_pk: int, chromium: Browser, tmp_path: Path
) -> None:
    page = chromium.new_context(viewport=DESK, locale="ko-KR").new_page()  # type: ignore[arg-type]
    page.set_default_timeout(15_000)
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("input[name=username]", "officer-hanam")
    page.fill("input[name=password]", PASSWORD)
    with page.expect_navigation():
        page.click("main form.stacked button[type=submit]")

    page.goto(f"{live_server.url}/assessments/{draft_pk}/")
    step = page.locator('li[data-gap="CSM.digital-inclusion"]')
    expect(step.locator("ul.gap-cases")).to_contain_text("서초스마트유스센터")
    expect(step).to_contain_text("레벨 5")
    shoot(page, "gap-plan-with-cases-ko", tmp_path, unfold=True)
    in_language(page, "en")
    expect(page.locator('li[data-gap="CSM.digital-inclusion"]')).to_contain_text("Seocho Smart Youth Centre")
    shoot(page, "gap-plan-with-cases-en", tmp_path, unfold=True)
    with page.expect_navigation():
        page.locator('li[data-gap="CSM.digital-inclusion"] ul.gap-cases').get_by_role(
            "link", name="Seocho Smart Youth Centre"
        ).click()
    expect(page.locator("h1")).to_have_text("Seocho Smart Youth Centre")
    shoot(page, "case-en", tmp_path)
    in_language(page, "ko")

    # A delegation: the start page, "우수사례" in the navigation, then Seoul.
    visitor = chromium.new_context(viewport=DESK, locale="ko-KR").new_page()  # type: ignore[arg-type]
    visitor.set_default_timeout(15_000)
    visitor.goto(f"{live_server.url}/")
    with visitor.expect_navigation():
        visitor.locator("nav.public").get_by_role("link", name="우수사례").click()
    with visitor.expect_navigation():
        visitor.locator("nav.case-cities").get_by_role("link", name="서울특별시 (12)").click()
    expect(visitor.locator("h1")).to_have_text("서울특별시의 우수사례")
    expect(visitor.locator("main")).to_contain_text("엠보팅 시민 투표와 스마트 불편신고")
    shoot(visitor, "seoul-cases-ko", tmp_path)
    in_language(visitor, "en")
    expect(visitor.locator("h1")).to_have_text("Good practices of Seoul Special City")
    expect(visitor.locator("main")).to_contain_text("mVoting citizen polls and smart complaint reporting")
    shoot(visitor, "seoul-cases-en", tmp_path)
