"""A member of the public checks the certificate of 서경산업's 스마트 자전거 지킴이 솔루션 in Chromium, in Korean
and English, on a desktop and on a 390-pixel phone: the certificate page names the service, its provider and
the city where it runs; uploading the certificate's PDF to the verification page calls it genuine and names the
same, with the scheme and the validity. Screenshots go to SHOTS for a person to look at."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Browser, Page, ViewportSize, expect

from tests.browser.chromium import launched
from tests.certification.service_story import certified_service
from tests.people import People

SHOTS = Path(os.environ.get("CITYCERT_SHOTS", "/tmp/browser-shots"))
VIEWPORTS: dict[str, ViewportSize] = {"desktop": {"width": 1280, "height": 900}, "phone": {"width": 390, "height": 844}}
SAYS = {
    "ko": ("스마트 자전거 지킴이 솔루션", "서경산업", "서울특별시 양천구", "진본이며 유효함", "스마트도시 서비스 인증"),
    "en": (
        "Smart bicycle guard",
        "Seokyung Industry",
        "Yangcheon-gu, Seoul",
        "Genuine and valid",
        "Service Certification",
    ),
}


@pytest.fixture
def number(live_server: Any, people: People, settings: Any) -> str:
    settings.PUBLIC_URL = live_server.url
    return certified_service(people).certificate.number


@pytest.fixture
def browser(number: str) -> Iterator[Browser]:
    with launched() as chromium:
        yield chromium


def shoot(page: Page, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"service-{name}.png"), full_page=True)


@pytest.mark.parametrize("language", ["ko", "en"])
@pytest.mark.parametrize("width", ["desktop", "phone"])
def test_the_public_reads_and_verifies_a_service_certificate(
    live_server: Any, number: str, browser: Browser, tmp_path: Path, language: str, width: str
) -> None:
    site = live_server.url
    context = browser.new_context(viewport=VIEWPORTS[width])
    context.add_cookies([{"name": "django_language", "value": language, "url": site}])
    context.set_default_timeout(15_000)
    page = context.new_page()
    service, provider, city, genuine, scheme = SAYS[language]

    page.goto(f"{site}/certificates/{number}/")
    facts = page.locator("dl.facts")
    for words in (service, provider, city, scheme):
        expect(facts).to_contain_text(words)
    shoot(page, f"certificate-{language}-{width}")

    pdf = page.request.get(f"{site}/certificates/{number}/certificate.pdf")
    assert pdf.ok
    path = tmp_path / f"{number}.pdf"
    path.write_bytes(pdf.body())
    page.goto(f"{site}/certificates/verify/")
    page.set_input_files("input[type=file]", str(path))
    page.click("button.primary")
    verdict = page.locator(".verdict")
    expect(verdict.locator("h2")).to_have_text(genuine)
    for words in (service, provider, city, scheme, "2028-11-19"):
        expect(verdict).to_contain_text(words)
    shoot(page, f"verify-{language}-{width}")
    context.close()
