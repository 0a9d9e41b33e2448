"""On a phone (390×844) and on a desk (1280 wide), in Korean: the public reads the registry, whose city names
are never broken one syllable per line and which fits the screen (cards on the phone); Seocho-gu's officer
finds the navigation folded into a menu on the phone and every link on one line once it is opened; an
assessment shows its items first, with the result panel folded on the phone and open on the desk. Nothing
is wider than the screen. Screenshots of each are kept in /tmp/browser-shots for a person to look at.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Browser, Locator, Page, expect

from citycert.certification.choices import Outcome
from citycert.cities.models import City
from tests.browser.chromium import launched
from tests.certification.story import DECISION_DAY, agree, decide, item_ids, round_in_review
from tests.people import PASSWORD, People

SHOTS_FOR_PEOPLE = Path("/tmp/browser-shots")
PHONE = {"width": 390, "height": 844}
DESK = {"width": 1280, "height": 900}
WIDTHS = {"phone": PHONE, "desk": DESK}


@dataclass
class Site:
    url: str
    draft: int
    folder: Path

    def shoot(self, page: Page, name: str) -> None:
        path = self.folder / f"{name}.png"
        page.screenshot(path=str(path), full_page=True)
        SHOTS_FOR_PEOPLE.mkdir(parents=True, exist_ok=True)
        shutil.copy(path, SHOTS_FOR_PEOPLE / path.name)


@pytest.fixture
def site(live_server: Any, people: People, tmp_path: Path) -> Site:
    # A long name, as the registry shows it with its province: the case that broke one syllable per line.
    City.objects.filter(pk=people.hanam.pk).update(name_ko="경기도 하남시 미사강변도시")
    story = round_in_review(people)
    for application in (story.seocho, story.hanam):
        agree(application, dict.fromkeys(item_ids(), ("3", "")), people.certifier)
        decide(application, Outcome.CERTIFIED, "충족", DECISION_DAY)
    return Site(live_server.url, people.draft.pk, tmp_path)


@pytest.fixture
def chromium(site: Site) -> Iterator[Browser]:
    with launched() as browser:
        yield browser


def a_page(browser: Browser, size: dict[str, int]) -> Page:
    page = browser.new_context(viewport=size, locale="ko-KR").new_page()  # type: ignore[arg-type]
    page.set_default_timeout(15_000)
    return page


def log_in(page: Page, site: Site) -> None:
    page.goto(f"{site.url}/accounts/login/")
    page.fill("input[name=username]", "officer-seocho")
    page.fill("input[name=password]", PASSWORD)
    with page.expect_navigation():
        page.click("main form.stacked button[type=submit]")


def assert_nothing_wider_than_the_screen(page: Page) -> None:
    width = page.evaluate("document.documentElement.scrollWidth")
    screen = page.evaluate("window.innerWidth")
    assert width <= screen, f"{page.url} is {width} px wide on a {screen} px screen"


def lines_of(element: Locator) -> float:
    """How many lines an element's text takes: its height over its line height."""
    return float(
        element.evaluate(
            """node => {
                const style = getComputedStyle(node);
                const line = parseFloat(style.lineHeight) || parseFloat(style.fontSize) * 1.55;
                return node.getBoundingClientRect().height / line;
            }"""
        )
    )


def assert_on_lines(element: Locator, most: int) -> None:
    """The text takes at most `most` lines (one per word, at worst), never one per syllable."""
    text = element.inner_text()
    assert lines_of(element) < most + 0.5, f"{text!r} takes {lines_of(element):.1f} lines"


@pytest.mark.parametrize("width", WIDTHS)
def test_the_registry_fits_and_keeps_names_whole(site: Site, chromium: Browser, width: str) -> None:
    page = a_page(chromium, WIDTHS[width])
    page.goto(f"{site.url}/registry/")
    names = page.locator("table.registry td.city a")
    expect(names).to_have_count(2)
    for name in names.all():
        assert_on_lines(name, len(name.inner_text().split()))
    long_name = page.locator("table.registry td.city a", has_text="미사강변도시")
    if width == "phone":
        # A card per certificate: the number, status and dates are there, labelled, without scrolling sideways.
        expect(page.locator("table.registry thead")).to_be_hidden()
        card = page.locator("table.registry tbody tr", has=page.locator("td.city", has_text="미사강변도시"))
        for label in ("번호", "상태", "만료일"):
            cell = card.locator(f'td[data-label="{label}"]')
            expect(cell).to_be_visible()
            shown = cell.evaluate("node => getComputedStyle(node, '::before').content")
            assert label in shown, f"the {label} line of the card is not labelled: {shown}"
    else:
        assert_on_lines(long_name, 1)
    assert_nothing_wider_than_the_screen(page)
    site.shoot(page, f"registry-{width}")


@pytest.mark.parametrize("width", WIDTHS)
def test_the_navigation_folds_into_a_menu_on_a_phone(site: Site, chromium: Browser, width: str) -> None:
    page = a_page(chromium, WIDTHS[width])
    log_in(page, site)
    page.goto(f"{site.url}/")
    my_work = page.locator("nav.account a", has_text="내 업무")
    log_out = page.locator("nav.account button", has_text="로그아웃")
    if width == "phone":
        expect(my_work).to_be_hidden()
        assert_nothing_wider_than_the_screen(page)
        site.shoot(page, f"navigation-{width}-folded")
        page.click("details.menu > summary")
    expect(my_work).to_be_visible()
    expect(log_out).to_be_visible()
    for link in (my_work, log_out, page.locator("nav.public a", has_text="공개 데이터")):
        assert_on_lines(link, 1)
    assert_nothing_wider_than_the_screen(page)
    site.shoot(page, f"navigation-{width}")


@pytest.mark.parametrize("width", WIDTHS)
def test_an_assessment_shows_its_items_first(site: Site, chromium: Browser, width: str) -> None:
    page = a_page(chromium, WIDTHS[width])
    log_in(page, site)
    page.goto(f"{site.url}/assessments/{site.draft}/")
    first_item = page.locator("form.item").first
    expect(first_item).to_be_visible()
    result = page.locator("#score-panel details.fold")
    figures = page.locator("#score-panel dl.figures")
    if width == "phone":
        expect(result).not_to_have_attribute("open", "")
        expect(figures).to_be_hidden()
        top = first_item.evaluate("node => node.getBoundingClientRect().top")
        assert top < PHONE["height"], f"the first item starts {top} px down, below the first screen"
        assert_nothing_wider_than_the_screen(page)
        site.shoot(page, f"assessment-{width}-folded")
        page.click("#score-panel summary")
    expect(figures).to_be_visible()
    assert_nothing_wider_than_the_screen(page)
    site.shoot(page, f"assessment-{width}")


def test_the_result_panel_stays_as_the_officer_left_it_after_a_save(site: Site, chromium: Browser) -> None:
    """Saving an answer replaces the panel (htmx): folded it stays folded, opened it stays open."""
    page = a_page(chromium, PHONE)
    log_in(page, site)
    page.goto(f"{site.url}/assessments/{site.draft}/")
    figures = page.locator("#score-panel dl.figures")
    for opened in (False, True):
        if opened:
            page.click("#score-panel summary")
        item = page.locator("form.item").nth(1)
        total = page.locator("#score-panel [data-total]").get_attribute("data-total")
        with page.expect_response(lambda answer: answer.request.method == "POST" and "/items/" in answer.url):
            item.locator("select[name=value]").select_option("4" if opened else "2")
        expect(page.locator("#score-panel [data-total]")).not_to_have_attribute("data-total", total or "")
        if opened:
            expect(figures).to_be_visible()
        else:
            expect(figures).to_be_hidden()


def test_the_public_pages_fit_a_phone(site: Site, chromium: Browser) -> None:
    page = a_page(chromium, PHONE)
    wide = []
    for address in (
        "/",
        "/frameworks/bsi-iso37106/",
        "/registry/cities/41450/",
        "/certificates/BSI-ISO37106-2026-0001/",
        "/certificates/verify/",
        "/open-data/",
    ):
        page.goto(f"{site.url}{address}")
        width = page.evaluate("document.documentElement.scrollWidth")
        if width > PHONE["width"]:
            wide.append(f"{address}: {width} px")
            site.shoot(page, "too-wide-" + address.strip("/").replace("/", "-"))
    assert not wide, wide


def test_the_officers_pages_fit_a_phone(site: Site, chromium: Browser) -> None:
    page = a_page(chromium, PHONE)
    log_in(page, site)
    wide = []
    for address in (
        "/my/",
        "/cities/11650/workspace/",
        "/certification/",
        "/indicators/11650/",
        "/indicators/11650/import/",
        "/accounts/tokens/",
        "/accounts/password/",
    ):
        page.goto(f"{site.url}{address}")
        width = page.evaluate("document.documentElement.scrollWidth")
        if width > PHONE["width"]:
            wide.append(f"{address}: {width} px")
            site.shoot(page, "too-wide-" + address.strip("/").replace("/", "-"))
    assert not wide, wide
