"""The main pages work under the Content-Security-Policy without a single violation in the browser.

Seocho-gu's officer logs in, opens a draft and changes an answer (htmx saves it and swaps the score panel,
charts included); the public reads the home page, a framework, the registry and the API's Swagger UI, which
renders the operations from its own static script. Chromium reports every refused script, style, image or
frame on the console: any such report fails the test, as does any script error.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import pytest
from playwright.sync_api import Browser, ConsoleMessage, Page, expect

from tests.browser.chromium import launched
from tests.people import PASSWORD, People


@dataclass
class Violations:
    """Console reports of the policy refusing something, and script errors, with the page they happened on."""

    found: list[str] = field(default_factory=list)

    def watch(self, page: Page) -> None:
        page.on("console", lambda message: self._on_console(page, message))
        page.on("pageerror", lambda error: self.found.append(f"{page.url}: script error: {error}"))

    def _on_console(self, page: Page, message: ConsoleMessage) -> None:
        # The site has no favicon; the browser's own request for one is not the page's doing.
        if message.location.get("url", "").endswith("/favicon.ico"):
            return
        if message.type == "error" or "Content Security Policy" in message.text:
            self.found.append(f"{page.url}: {message.text} ({message.location.get('url')})")


@dataclass
class Site:
    url: str
    draft: int


@pytest.fixture
def site(live_server: Any, people: People) -> Site:
    return Site(live_server.url, people.draft.pk)


@pytest.fixture
def chromium(site: Site) -> Iterator[Browser]:
    with launched() as browser:
        yield browser


def a_watched_page(browser: Browser, violations: Violations) -> Page:
    page = browser.new_context(viewport={"width": 1280, "height": 900}).new_page()
    page.set_default_timeout(15_000)
    violations.watch(page)
    return page


def test_the_policy_is_noticed_when_broken(site: Site, chromium: Browser) -> None:
    """The watch works: an inline script slipped into a page is refused, and reported."""
    violations = Violations()
    page = a_watched_page(chromium, violations)
    page.goto(f"{site.url}/")
    page.evaluate("document.body.insertAdjacentHTML('beforeend', '<img src=x onerror=\"window.ran = 1\">')")
    page.wait_for_timeout(300)
    assert page.evaluate("window.ran") is None
    assert any("Content Security Policy" in found for found in violations.found), violations.found


def test_the_public_pages_show_no_violation(site: Site, chromium: Browser) -> None:
    violations = Violations()
    page = a_watched_page(chromium, violations)
    page.goto(f"{site.url}/")
    expect(page.locator("h1")).to_be_visible()
    page.goto(f"{site.url}/frameworks/bsi-iso37106/")
    expect(page.locator("table.tree td.name").first).to_be_visible()
    page.goto(f"{site.url}/registry/")
    page.fill("input[name=q]", "서초")
    page.press("input[name=q]", "Enter")
    page.wait_for_load_state()
    page.goto(f"{site.url}/api/v1/docs")
    expect(page.locator(".swagger-ui .opblock").first).to_be_visible()
    page.locator(".swagger-ui .opblock-summary").first.click()
    expect(page.locator(".swagger-ui .opblock-body").first).to_be_visible()
    page.goto(f"{site.url}/accounts/login/")
    page.fill("input[name=username]", "nobody")
    page.fill("input[name=password]", "wrong-password")
    with page.expect_navigation():
        page.click("main form.stacked button[type=submit]")
    expect(page.locator("main p.error")).to_be_visible()
    assert violations.found == []


def test_the_officer_saves_an_answer_with_htmx_and_no_violation(site: Site, chromium: Browser) -> None:
    violations = Violations()
    page = a_watched_page(chromium, violations)
    page.goto(f"{site.url}/accounts/login/")
    page.fill("input[name=username]", "officer-seocho")
    page.fill("input[name=password]", PASSWORD)
    with page.expect_navigation():
        page.click("main form.stacked button[type=submit]")
    page.goto(f"{site.url}/assessments/{site.draft}/")
    expect(page.locator("#score-panel figure.chart svg").first).to_be_visible()
    total = page.locator("#score-panel [data-total]").get_attribute("data-total")
    with page.expect_response(lambda answer: answer.request.method == "POST" and "/items/" in answer.url) as saved:
        page.select_option('form.item[data-item="BM.leadership"] select[name=value]', value="5")
    assert saved.value.status == 200
    expect(page.locator("#score-panel [data-total]")).not_to_have_attribute("data-total", total or "")
    assert page.evaluate("document.querySelectorAll('head style').length") == 0
    page.goto(f"{site.url}/accounts/password/")
    expect(page.locator("#password-form")).to_be_visible()
    assert violations.found == []
