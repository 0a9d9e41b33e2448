"""A member of the public checks Seocho-gu's certificate in a real browser, in Korean and in English.

They find Seocho-gu in the registry by searching its name, open its certificate page and read its status,
which matches the database (valid; and, for Hanam-si's older certificate past its expiry, expired). They download
the certificate PDF; its QR code, read off the rendered page by zbarimg, leads back to that same page.
"""

from __future__ import annotations

import subprocess
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from django.utils import timezone
from playwright.sync_api import Browser, Page, expect

from citycert.certification.choices import Outcome
from citycert.certification.models import Certificate
from tests.browser.chromium import launched
from tests.certification.story import DECISION_DAY, agree, decide, item_ids, round_in_review
from tests.people import People

SHOTS = Path("/tmp/browser-shots")


@dataclass
class Expected:
    """What the database says, read before the browser starts (the ORM stays out of Playwright's way)."""

    number: str
    status_ko: str
    status_en: str
    old_number: str


@pytest.fixture
def expected(live_server: Any, people: People, settings: Any) -> Expected:
    settings.PUBLIC_URL = live_server.url  # the QR code points at the server the browser talks to
    story = round_in_review(people)
    agree(story.seocho, dict.fromkeys(item_ids(), ("3", "")), people.certifier)
    decide(story.seocho, Outcome.CERTIFIED, "충족", DECISION_DAY)
    # Hanam-si's certificate, moved back three and a half years: expired by now, without anyone touching it.
    agree(story.hanam, dict.fromkeys(item_ids(), ("3", "")), people.certifier)
    decide(story.hanam, Outcome.CERTIFIED, "충족", DECISION_DAY)
    today = timezone.localdate()
    Certificate.objects.filter(city=people.hanam).update(
        issued_on=today - timedelta(days=3 * 365 + 180), expires_on=today - timedelta(days=180)
    )
    old = Certificate.objects.get(city=people.hanam)
    current = Certificate.objects.get(city=people.seocho)
    assert current.status_on(today) == "valid" and old.status_on(today) == "expired"
    return Expected(current.number, "유효", "valid", old.number)


@pytest.fixture
def browser(expected: Expected) -> Iterator[Browser]:
    with launched() as chromium:
        yield chromium


def shoot(page: Page, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"public-{name}.png"), full_page=True)


def test_the_public_finds_checks_and_scans_a_certificate(
    live_server: Any, expected: Expected, browser: Browser, tmp_path: Path
) -> None:
    site = live_server.url
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    context.set_default_timeout(15_000)
    page = context.new_page()

    # In Korean (the default): search the registry for 서초, open the certificate.
    page.goto(f"{site}/registry/")
    page.fill("input[name=q]", "서초")
    page.press("input[name=q]", "Enter")
    expect(page.locator(f"a[href='/certificates/{expected.number}/']")).to_be_visible()
    shoot(page, "registry-ko")
    page.click(f"a[href='/certificates/{expected.number}/']")
    expect(page.locator("h1")).to_contain_text(expected.number)
    expect(page.locator("span.state")).to_have_text(expected.status_ko)
    shoot(page, "certificate-ko")
    page.goto(f"{site}/certificates/{expected.old_number}/")
    expect(page.locator("span.state")).to_have_text("만료")

    # In English: the same, through the language switch.
    page.goto(f"{site}/registry/")
    page.click("form.language button[value=en]")
    page.fill("input[name=q]", "Seocho")
    page.press("input[name=q]", "Enter")
    page.click(f"a[href='/certificates/{expected.number}/']")
    expect(page.locator("span.state")).to_have_text(expected.status_en)
    shoot(page, "certificate-en")

    # The PDF's QR code leads back to this page.
    pdf = page.request.get(f"{site}/certificates/{expected.number}/certificate.pdf")
    assert pdf.ok and pdf.headers["content-type"] == "application/pdf"
    path = tmp_path / "certificate.pdf"
    path.write_bytes(pdf.body())
    subprocess.run(["pdftoppm", "-png", "-r", "100", "-singlefile", str(path), str(tmp_path / "page")], check=True)
    decoded = subprocess.run(["zbarimg", "-q", "--raw", str(tmp_path / "page.png")], capture_output=True, text=True)
    url = decoded.stdout.strip()
    assert url == f"{site}/certificates/{expected.number}/"
    page.goto(url)
    expect(page.locator("h1")).to_contain_text(expected.number)
    expect(page.locator("span.state")).to_have_text(expected.status_en)
    context.close()
