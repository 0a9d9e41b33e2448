"""Seocho-gu's city officer fills in a self-assessment in a real browser, end to end.

The story, as the officer lives it: log in through the login form, start a BSI ISO 37106 self-assessment
from the city workspace, answer every item and watch the score panel change beside the form without the
page reloading (not certified with one item short, certified once it is raised), attach a PDF as evidence
and download it back, submit, and find the assessment locked. Then Hanam-si's officer tries the same
address and finds nothing there, and the public is sent to the login page. One step is in English.

Chromium is Debian's (/usr/bin/chromium); `make test` installs it. Without it this test fails: a skipped
browser test would look like a passing one.
"""

from __future__ import annotations

import re
import shutil
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, Response, expect

from tests.browser.chromium import launched
from tests.people import PASSWORD, People

SHOTS_FOR_PEOPLE = Path("/tmp/browser-shots")
SEOCHO = "11650"
SHORT_ITEM = "TDAM.open-platform"  # the one item left a level short, then raised
EVIDENCE_ITEM = "BM.vision"
EVIDENCE_TITLE = "서초구 스마트도시 비전 보고서"
# A small but well-formed PDF: one empty page, a cross-reference table, a trailer.
PDF = (
    b"%PDF-1.4\n"
    b"1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
    b"2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
    b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 612 792]>>endobj\n"
    b"xref\n0 4\n0000000000 65535 f \n0000000009 00000 n \n0000000052 00000 n \n0000000101 00000 n \n"
    b"trailer<</Size 4/Root 1 0 R>>\nstartxref\n164\n%%EOF\n"
)


@dataclass
class Camera:
    """Screenshots into the test's folder; the ones a person should look at are copied to /tmp/browser-shots."""

    folder: Path
    taken: list[Path] = field(default_factory=list)

    def shoot(self, page: Page, name: str, *, for_people: bool = False) -> Path:
        path = self.folder / f"{name}.png"
        page.screenshot(path=str(path), full_page=True)
        self.taken.append(path)
        if for_people:
            SHOTS_FOR_PEOPLE.mkdir(parents=True, exist_ok=True)
            shutil.copy(path, SHOTS_FOR_PEOPLE / path.name)
        return path


@dataclass
class ServerTrouble:
    """Every 5xx answer and script error a page met, so a broken swap fails the story with its address."""

    problems: list[str] = field(default_factory=list)

    def watch(self, page: Page) -> None:
        page.on("response", self._on_response)
        page.on("pageerror", lambda error: self.problems.append(f"script error: {error}"))

    def _on_response(self, response: Response) -> None:
        if response.status >= 500:
            self.problems.append(f"{response.status} {response.request.method} {response.url}")

    def assert_none(self) -> None:
        assert not self.problems, "the site answered with errors: " + "; ".join(self.problems)


@pytest.fixture
def chromium(live_server: Any, people: People) -> Iterator[Browser]:
    """Debian's Chromium, started after the people exist (the ORM is not used while Playwright runs)."""
    with launched() as browser:
        yield browser


def a_fresh_page(browser: Browser, trouble: ServerTrouble) -> tuple[BrowserContext, Page]:
    context = browser.new_context(viewport={"width": 1280, "height": 900}, accept_downloads=True)
    context.set_default_timeout(15_000)
    page = context.new_page()
    trouble.watch(page)
    return context, page


def log_in_through_the_form(page: Page, site: str, username: str) -> None:
    page.goto(f"{site}/accounts/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", PASSWORD)
    with page.expect_navigation():
        page.click("main form.stacked button[type=submit]")
    assert "/accounts/login/" not in page.url, f"still on the login page: {page.url}"


def start_a_bsi_self_assessment_from_the_workspace(page: Page, site: str) -> str:
    """From the city workspace to a new draft; returns the assessment's address."""
    page.goto(f"{site}/cities/{SEOCHO}/workspace/")
    expect(page.locator("h1")).to_contain_text("서초구")
    page.click(f'a[href="/cities/{SEOCHO}/assessments/new/"]')
    page.wait_for_url(f"**/cities/{SEOCHO}/assessments/new/")
    # Every stored version is offered (a round may be open on an older one); the newest is listed first.
    bsi = page.locator("select[name=framework_version] option", has_text="ISO 37106").first
    expect(bsi).to_contain_text("(2021.1)")
    page.select_option("select[name=framework_version]", value=bsi.get_attribute("value"))
    page.select_option("select[name=kind]", value="self_assessment")
    page.fill("input[name=year]", "2026")
    page.click("main form.stacked button[type=submit]")
    # The demo's Seocho-gu already has a 2026 draft of ISO 37106: the page asks before a second one is started.
    expect(page.locator("#second-draft")).to_contain_text("두 번째 평가를 시작할까요")
    page.click("#second-draft button[type=submit]")
    page.wait_for_url(re.compile(r"/assessments/\d+/$"))
    return page.url


def the_item_ids_on(page: Page) -> list[str]:
    ids = [form.get_attribute("data-item") or "" for form in page.locator("form.item").all()]
    assert ids and all(ids), "the assessment page shows no item forms"
    assert page.locator("form.item select[name=value]").count() == len(ids), "every BSI item is answered by level"
    return ids


def answer_an_item(page: Page, item: str, level: str) -> None:
    """Choose a level; htmx saves it on change and swaps the row and, out of band, the score panel."""
    with page.expect_response(
        lambda answer: answer.request.method == "POST" and answer.url.endswith(f"/items/{item}/")
    ) as saved:
        page.select_option(f'form.item[data-item="{item}"] select[name=value]', value=level)
    assert saved.value.status == 200, f"saving {item} at {level} answered {saved.value.status}"
    expect(page.locator(f'form.item[data-item="{item}"] select[name=value]')).to_have_value(level)


def the_page_was_not_reloaded(page: Page) -> bool:
    return bool(page.evaluate("window.__notReloaded === 1"))


def attach_the_pdf_to_an_item(page: Page, pdf: Path) -> None:
    form = page.locator("#evidence-form")
    form.locator("input[name=title]").fill(EVIDENCE_TITLE)
    form.locator("input[name=file]").set_input_files(str(pdf))
    form.locator("select[name=items]").select_option(EVIDENCE_ITEM)
    with page.expect_navigation():
        form.locator("button[type=submit]").click()


def download_the_evidence_from_its_row(page: Page) -> bytes:
    row = page.locator(f'form.item[data-item="{EVIDENCE_ITEM}"]')
    row.locator("details summary").click()
    link = row.locator("details ul.evidence a", has_text=EVIDENCE_TITLE)
    expect(link).to_be_visible()
    with page.expect_download() as downloading:
        link.click()
    download = downloading.value
    assert download.suggested_filename.endswith(".pdf"), download.suggested_filename
    return Path(download.path()).read_bytes()


def test_seocho_officer_fills_in_submits_and_only_seocho_sees_it(
    live_server: Any, people: People, chromium: Browser, tmp_path: Path
) -> None:
    site = live_server.url
    camera = Camera(tmp_path)
    trouble = ServerTrouble()
    pdf = tmp_path / "비전-보고서.pdf"
    pdf.write_bytes(PDF)

    # The officer logs in and starts a self-assessment from the workspace.
    context, page = a_fresh_page(chromium, trouble)
    log_in_through_the_form(page, site, people.officer.get_username())
    address = start_a_bsi_self_assessment_from_the_workspace(page, site)
    expect(page.locator("html")).to_have_attribute("lang", "ko")
    expect(page.locator("[data-state]")).to_have_attribute("data-state", "draft")
    page.evaluate("window.__notReloaded = 1")

    # Every item at level 3 but one, which stays at 2: each change is saved as it is made.
    items = the_item_ids_on(page)
    assert SHORT_ITEM in items and EVIDENCE_ITEM in items
    for item in items:
        answer_an_item(page, item, "2" if item == SHORT_ITEM else "3")
    panel = page.locator("#score-panel")
    expect(panel.locator(".verdict")).to_have_attribute("data-certified", "false")
    gap = panel.locator(f'ol.gaps li[data-gap="{SHORT_ITEM}"]')
    expect(gap).to_have_count(1)
    expect(gap).to_contain_text("개방형 플랫폼")
    expect(gap).to_contain_text("2 → 3")
    assert the_page_was_not_reloaded(page), "the score panel must change without reloading the page"
    camera.shoot(page, "1-filled-one-short-not-certified", for_people=True)

    # Raised to 3, the assessment passes and the plan has nothing left to improve.
    answer_an_item(page, SHORT_ITEM, "3")
    expect(panel.locator(".verdict")).to_have_attribute("data-certified", "true")
    expect(panel.locator("ol.gaps li")).to_have_count(0)
    expect(panel.locator("[data-total]")).to_have_attribute("data-total", re.compile(r"^66(\.0+)?$"))
    assert the_page_was_not_reloaded(page)
    camera.shoot(page, "2-filled-certified", for_people=True)

    # A PDF as evidence for the city vision; it shows in that item's row and downloads unchanged.
    attach_the_pdf_to_an_item(page, pdf)
    expect(page.locator("ul.messages li.success")).to_have_count(1)
    expect(page.locator(f'form.item[data-item="{EVIDENCE_ITEM}"] details a')).to_have_text(EVIDENCE_TITLE)
    assert download_the_evidence_from_its_row(page) == PDF
    camera.shoot(page, "3-evidence-added-and-downloaded", for_people=True)

    # Submitted (after its confirmation page), the assessment is read-only for the city too.
    with page.expect_navigation():
        page.click("header.assessment-head a[href$='/submit/']")
    with page.expect_navigation():
        page.click("main form.confirm button[type=submit]")
    assert page.url == address
    expect(page.locator("[data-state]")).to_have_attribute("data-state", "submitted")
    expect(page.locator("form.item")).to_have_count(0)
    expect(page.locator("div.item")).to_have_count(len(items))
    expect(page.locator("a[href$='/submit/']")).to_have_count(0)
    expect(page.locator("#evidence-form")).to_have_count(0)
    expect(page.locator(f'div.item[data-item="{EVIDENCE_ITEM}"] a')).to_have_text(EVIDENCE_TITLE)
    expect(page.locator("#score-panel .verdict")).to_have_attribute("data-certified", "true")
    camera.shoot(page, "4-submitted-locked", for_people=True)

    # One click on "English" and the same page speaks English.
    with page.expect_navigation():
        page.click("form.language button[value=en]")
    assert page.url == address
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.locator("header.site .tagline")).to_have_text("Smart city certification, open to all")
    expect(page.locator("#score-panel .verdict")).to_have_text("Meets the bar")  # a score, not a certificate
    expect(page.locator(f'div.item[data-item="{SHORT_ITEM}"] .item-name')).to_have_text("Open platform")
    camera.shoot(page, "5-submitted-in-english", for_people=True)
    context.close()

    # Hanam-si's officer finds nothing at Seocho-gu's address.
    context, page = a_fresh_page(chromium, trouble)
    log_in_through_the_form(page, site, people.other_officer.get_username())
    answer = page.goto(address)
    assert answer is not None and answer.status in (403, 404), f"another city's officer got {answer and answer.status}"
    body = page.locator("body").inner_text()
    assert "서초구" not in body and "Seocho" not in body and EVIDENCE_TITLE not in body
    expect(page.locator("#score-panel")).to_have_count(0)
    camera.shoot(page, "6-other-officer-not-found", for_people=True)
    context.close()

    # The public is asked to log in.
    context, page = a_fresh_page(chromium, trouble)
    page.goto(address)
    assert re.search(r"/accounts/login/\?next=", page.url), page.url
    expect(page.locator("input[name=password]")).to_have_count(1)
    context.close()

    trouble.assert_none()
