"""Assessor-1, assigned both cities' applications, asked Seocho-gu for documents and Seocho-gu answered: in Chromium,
in Korean and in English, on a desk (1280 wide) and on a phone (390), the notification list shows the three, the
newest first and marked new, with the count beside "Notifications" in the navigation; marking one read lowers the
count, "mark all as read" clears it, and nothing is wider than the screen. Screenshots are kept in
/tmp/browser-shots/notifications for a person to look at."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Browser, Page

from citycert.certification import workflow
from tests.browser.chromium import launched
from tests.certification.story import round_in_review
from tests.people import PASSWORD, People

SHOTS_FOR_PEOPLE = Path("/tmp/browser-shots/notifications")
WIDTHS = {"desk": {"width": 1280, "height": 900}, "phone": {"width": 390, "height": 844}}
NEWEST = {
    "ko": "서초구에서 BM.vision에 대한 서류 요청에 답변했습니다.",
    "en": "Seocho-gu answered your request for documents on BM.vision.",
}
ASSIGNED = {
    "ko": "2026년 ISO 37106 인증에 낸 하남시의 신청을 심사하도록 배정되었습니다.",
    "en": "You are assigned to review Hanam-si's application to ISO 37106 certification 2026.",
}
MARK_ALL = {"ko": "모두 읽음으로 표시", "en": "Mark all as read"}
MARK_ONE = {"ko": "읽음으로 표시", "en": "Mark as read"}


@pytest.fixture
def site(live_server: Any, people: People) -> str:
    # The live server's database commits each step, so what waits for the commit is told as in production.
    story = round_in_review(people)
    request = workflow.ask_city(
        story.seocho, "BM.vision", "stage-1", "2025 성과보고서 원본을 보내 주세요.", people.assessor
    )
    workflow.answer_request(request, "원본을 첨부했습니다.", people.officer)
    return str(live_server.url)


@pytest.fixture
def chromium(site: str) -> Iterator[Browser]:
    with launched() as browser:
        yield browser


def notifications(browser: Browser, site: str, language: str, width: str) -> Page:
    context = browser.new_context(viewport=WIDTHS[width])  # type: ignore[arg-type]
    context.add_cookies([{"name": "django_language", "value": language, "url": site}])
    page = context.new_page()
    page.set_default_timeout(15_000)
    page.goto(f"{site}/accounts/login/")
    page.fill("input[name=username]", "assessor-1")
    page.fill("input[name=password]", PASSWORD)
    with page.expect_navigation():
        page.click("main form.stacked button[type=submit]")
    page.goto(f"{site}/notifications/")
    return page


def shoot(page: Page, name: str, tmp_path: Path) -> None:
    shot = tmp_path / name
    page.screenshot(path=str(shot), full_page=True)
    SHOTS_FOR_PEOPLE.mkdir(parents=True, exist_ok=True)
    shutil.copy(shot, SHOTS_FOR_PEOPLE / shot.name)


@pytest.mark.parametrize("width", ["desk", "phone"])
@pytest.mark.parametrize("language", ["ko", "en"])
def test_the_notification_list_in_the_browser(
    chromium: Browser, site: str, language: str, width: str, tmp_path: Path
) -> None:
    page = notifications(chromium, site, language, width)
    items = page.locator("ul.notifications li")
    assert items.count() == 3
    assert NEWEST[language] in items.first.inner_text()
    assert ASSIGNED[language] in page.locator("ul.notifications").inner_text()
    assert page.locator("ul.notifications li.unread").count() == 3
    count = page.locator("nav.account a[href='/notifications/'] .count")
    assert count.text_content() == "3"
    width_seen = page.evaluate("document.documentElement.scrollWidth")
    assert width_seen <= WIDTHS[width]["width"], f"the notification list is {width_seen} px wide"
    shoot(page, f"notifications-{language}-{width}.png", tmp_path)

    with page.expect_navigation():
        items.first.get_by_role("button", name=MARK_ONE[language], exact=True).click()
    assert page.locator("ul.notifications li.unread").count() == 2
    assert count.text_content() == "2"
    with page.expect_navigation():
        page.get_by_role("button", name=MARK_ALL[language]).click()
    assert page.locator("ul.notifications li.unread").count() == 0
    assert count.count() == 0
    assert page.locator("ul.messages").inner_text().strip() != ""
    shoot(page, f"notifications-read-{language}-{width}.png", tmp_path)
    page.context.close()
