"""The certifier opens a round's progress page in Chromium, in Korean and in English, on a desk (1280 wide) and on
a phone (390): the outcomes, Seocho-gu's step and its overdue review, and each assessor's count are there, and
nothing but the applications' own table (which scrolls in its box) is wider than the screen. Screenshots are kept
in /tmp/browser-shots for a person to look at."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Browser

from tests.browser.chromium import launched
from tests.certification.story import REVIEW_DAY, one_decided_one_waiting
from tests.people import PASSWORD, People

SHOTS_FOR_PEOPLE = Path("/tmp/browser-shots")
WIDTHS = {"desk": {"width": 1280, "height": 900}, "phone": {"width": 390, "height": 844}}
SEEN = {
    "ko": ["1단계 문서심사: assessor-2, assessor-3 미제출", f"심사 기한 {REVIEW_DAY.isoformat()}", "결정: 인증"],
    "en": [
        "Stage 1 document review: not yet submitted by assessor-2, assessor-3",
        f"review due {REVIEW_DAY.isoformat()}",
        "decided: certified",
    ],
}


@pytest.fixture
def round_url(live_server: Any, people: People) -> str:
    story = one_decided_one_waiting(people)
    return f"{live_server.url}/certification/rounds/{story.round.pk}/progress/"


@pytest.fixture
def chromium(round_url: str) -> Iterator[Browser]:
    with launched() as browser:
        yield browser


@pytest.mark.parametrize("width", ["desk", "phone"])
@pytest.mark.parametrize("language", ["ko", "en"])
def test_the_round_progress_page(chromium: Browser, round_url: str, language: str, width: str, tmp_path: Path) -> None:
    site = round_url.split("/certification/")[0]
    context = chromium.new_context(viewport=WIDTHS[width])  # type: ignore[arg-type]
    context.add_cookies([{"name": "django_language", "value": language, "url": site}])
    page = context.new_page()
    page.set_default_timeout(15_000)
    page.goto(f"{site}/accounts/login/?next={round_url.removeprefix(site)}")
    page.fill("input[name=username]", "certifier")
    page.fill("input[name=password]", PASSWORD)
    with page.expect_navigation():
        page.click("main form.stacked button[type=submit]")
    text = page.locator("main").inner_text()
    for expected in SEEN[language]:
        assert expected in text, expected
    assert page.locator("#outcomes .counts li").count() == 4
    width_seen = page.evaluate("document.documentElement.scrollWidth")
    assert width_seen <= WIDTHS[width]["width"], f"the progress page is {width_seen} px wide"
    shot = tmp_path / f"round-progress-{language}-{width}.png"
    page.screenshot(path=str(shot), full_page=True)
    SHOTS_FOR_PEOPLE.mkdir(parents=True, exist_ok=True)
    shutil.copy(shot, SHOTS_FOR_PEOPLE / shot.name)
    context.close()
