"""Assessor-1 and the second certifier open "My work" in Chromium, in Korean and in English, on a desk (1280 wide)
and on a phone (390): the assessor's stages to score and the certifier's waiver to approve are there with their
links, the count beside "My work" in the navigation (and on the phone's folded menu) matches the list, and nothing is wider than the screen.
Screenshots are kept in /tmp/browser-shots for a person to look at."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Browser, Page

from citycert.certification import workflow
from tests.browser.chromium import launched
from tests.certification.story import round_in_review, second_certifier
from tests.people import PASSWORD, People

SHOTS_FOR_PEOPLE = Path("/tmp/browser-shots")
WIDTHS = {"desk": {"width": 1280, "height": 900}, "phone": {"width": 390, "height": 844}}


@pytest.fixture
def site(live_server: Any, people: People) -> str:
    story = round_in_review(people)
    second_certifier()
    workflow.request_waiver(story.hanam, "stage-1", "현장 공사로 문서심사를 현장심사에서 대체", people.certifier)
    return str(live_server.url)


@pytest.fixture
def chromium(site: str) -> Iterator[Browser]:
    with launched() as browser:
        yield browser


def my_work(browser: Browser, site: str, username: str, language: str, width: str) -> Page:
    context = browser.new_context(viewport=WIDTHS[width])  # type: ignore[arg-type]
    context.add_cookies([{"name": "django_language", "value": language, "url": site}])
    page = context.new_page()
    page.set_default_timeout(15_000)
    page.goto(f"{site}/accounts/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", PASSWORD)
    with page.expect_navigation():
        page.click("main form.stacked button[type=submit]")
    page.goto(f"{site}/my/")
    return page


@pytest.mark.parametrize("width", ["desk", "phone"])
@pytest.mark.parametrize("language", ["ko", "en"])
def test_my_work_in_the_browser(chromium: Browser, site: str, language: str, width: str, tmp_path: Path) -> None:
    expected = {
        "assessor-1": ("1단계 문서심사 채점", "Score Stage 1 document review", 4),
        "certifier-2": ("생략 승인 또는 거절", "Approve or decline waiving", 1),
    }
    for username, (korean, english, count) in expected.items():
        page = my_work(chromium, site, username, language, width)
        tasks = page.locator("ul.tasks li")
        assert tasks.count() == count
        assert (korean if language == "ko" else english) in tasks.first.inner_text()
        assert page.locator("nav.account a[href='/my/'] .count").text_content() == str(count)
        if width == "phone":  # the links are folded into the menu: the menu itself shows the count
            assert page.locator("details.menu summary .count").inner_text() == str(count)
        assert page.locator("#tasks .count").inner_text() == str(count)
        width_seen = page.evaluate("document.documentElement.scrollWidth")
        assert width_seen <= WIDTHS[width]["width"], f"{username}'s My work is {width_seen} px wide"
        shot = tmp_path / f"my-work-{username}-{language}-{width}.png"
        page.screenshot(path=str(shot), full_page=True)
        SHOTS_FOR_PEOPLE.mkdir(parents=True, exist_ok=True)
        shutil.copy(shot, SHOTS_FOR_PEOPLE / shot.name)
        page.context.close()
