"""What the assessment browser stories share: Seocho-gu's draft on a framework with percentages, the officer
logged in through the form, and screenshots at a desk's and a phone's width kept for a person to look at."""

from __future__ import annotations

import shutil
from pathlib import Path

from playwright.sync_api import Browser, Page

from citycert.assessments.choices import AssessmentKind
from citycert.assessments.models import Assessment
from citycert.assessments.workflow import ResponseInput, create_assessment, save_response
from tests.people import PASSWORD, People

SHOTS_FOR_PEOPLE = Path("/tmp/browser-shots")
DESK = {"width": 1280, "height": 900}
PHONE = {"width": 390, "height": 844}
PERCENT_ITEM = "D1.I1.2"  # 기계 판독 가능 개방 데이터 비율, 0 to 100 %


def a_percentage_draft(people: People) -> Assessment:
    """Seocho-gu's 2026 self-assessment on the Korean scheme, one percentage answered (40)."""
    from citycert.library.store import find_version

    draft = create_assessment(
        people.seocho, find_version("kr-smartcity"), AssessmentKind.SELF_ASSESSMENT, 2026, people.officer
    )
    save_response(draft, PERCENT_ITEM, ResponseInput(value="40"), people.officer)
    return draft


def officer_page(browser: Browser, site: str, people: People) -> Page:
    """A fresh desk-sized tab with Seocho-gu's officer logged in through the login form."""
    page = browser.new_context(viewport=DESK).new_page()  # type: ignore[arg-type]
    page.set_default_timeout(15_000)
    page.goto(f"{site}/accounts/login/")
    page.fill("input[name=username]", people.officer.get_username())
    page.fill("input[name=password]", PASSWORD)
    with page.expect_navigation():
        page.click("main form.stacked button[type=submit]")
    return page


def shoot_both_widths(page: Page, folder: Path, name: str, *, at: str | None = None) -> None:
    """Screenshots at 1280 and at 390 px wide (of the screen around `at`, or the whole page), kept in
    /tmp/browser-shots; the tab is left at the desk's width."""
    SHOTS_FOR_PEOPLE.mkdir(parents=True, exist_ok=True)
    for label, size in (("desk", DESK), ("phone", PHONE)):
        page.set_viewport_size(size)  # type: ignore[arg-type]
        if at is not None:
            page.locator(at).scroll_into_view_if_needed()
        path = folder / f"{name}-{label}.png"
        page.screenshot(path=str(path), full_page=at is None)
        shutil.copy(path, SHOTS_FOR_PEOPLE / path.name)
    page.set_viewport_size(DESK)  # type: ignore[arg-type]
