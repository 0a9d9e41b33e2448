"""A researcher opens the open-data page on a desk and on a phone, in Korean and in English: each dataset offers
its datapackage.json beside its three files, the page names the catalogue's DCAT-AP metadata and carries it as an
alternate link a harvester finds, and nothing is wider than the screen. Screenshots go to /tmp/browser-shots/open-data
for a person to look at."""

from __future__ import annotations

import json
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser

from tests.browser.chromium import launched
from tests.browser.test_a_phone_is_enough_to_look_things_up import (
    DESK,
    PHONE,
    Site,
    assert_nothing_wider_than_the_screen,
    site,  # noqa: F401  (the fixture: two decided cities)
)

SHOTS = Path("/tmp/browser-shots/open-data")
WORDS = {
    "ko": ("데이터 패키지 기술 파일(datapackage.json)", "목록 메타데이터(DCAT-AP)"),
    "en": ("Data Package descriptor (datapackage.json)", "Catalogue metadata (DCAT-AP)"),
}


@pytest.fixture
def chromium(site: Site) -> Iterator[Browser]:  # noqa: F811
    with launched() as browser:
        yield browser


@pytest.mark.parametrize("language", WORDS)
@pytest.mark.parametrize("width", ["desk", "phone"])
def test_each_dataset_offers_its_descriptor_and_the_page_its_catalogue(
    site: Site,  # noqa: F811
    chromium: Browser,
    language: str,
    width: str,
) -> None:
    size = DESK if width == "desk" else PHONE
    context = chromium.new_context(viewport=size, locale="ko-KR")  # type: ignore[arg-type]
    context.add_cookies([{"name": "django_language", "value": language, "url": site.url}])
    page = context.new_page()
    page.set_default_timeout(15_000)
    page.goto(f"{site.url}/open-data/")
    descriptor_words, catalogue_words = WORDS[language]
    assert page.get_by_role("link", name=descriptor_words).count() == 3
    assert page.get_by_role("link", name=catalogue_words).is_visible()
    alternate = page.locator('head link[rel=alternate][type="application/ld+json"]')
    assert alternate.get_attribute("href") == "/open-data/catalog.jsonld"
    assert_nothing_wider_than_the_screen(page)
    SHOTS.mkdir(parents=True, exist_ok=True)
    shot = SHOTS / f"open-data-{language}-{width}.png"
    page.screenshot(path=str(shot), full_page=True)
    shutil.copy(shot, site.folder / shot.name)

    page.get_by_role("link", name=descriptor_words).first.click()
    described = json.loads(page.locator("body").inner_text())
    assert described["name"] == "citycert-results"
    assert described["title"] == ("공개된 결과" if language == "ko" else "Published results")
    context.close()
