"""In Chromium, in Korean and English, on a desk (1280 wide) and a phone (390): a city officer whose provider has not
verified their email is refused on the login page; assessor-1, who must have a second factor, signs in through the
test OpenID provider (its login and consent), sets up an authenticator app from the QR code's key, and reaches their
work; signing in again, they are asked for a code before anything else. Screenshots of each step are kept in
/tmp/browser-shots/single-sign-on for a person to look at."""

from __future__ import annotations

import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Browser, Page

from tests.accounts.single_sign_on import configure, totp
from tests.browser.chromium import launched
from tests.oidc_provider.people import ASSESSOR, PASSWORD, UNVERIFIED, ProviderPerson
from tests.oidc_provider.server import Provider
from tests.people import People

SHOTS_FOR_PEOPLE = Path("/tmp/browser-shots/single-sign-on")
WIDTHS = {"desk": {"width": 1280, "height": 900}, "phone": {"width": 390, "height": 844}}
SAID = {
    "ko": {
        "button": "KRIHS ID(으)로 로그인",
        "unverified": "KRIHS ID에서 이메일 주소 lee.officer@seocho.example이(가) 확인되지 않아",
        "required": "이 역할에는 2단계 인증이 필요합니다.",
        "set_up": "인증 앱이 등록되었습니다.",
        "asked": "인증 코드 입력",
        "my_work": "내 업무",
    },
    "en": {
        "button": "Sign in with KRIHS ID",
        "unverified": "KRIHS ID has not verified the email address lee.officer@seocho.example",
        "required": "Your role requires a second factor.",
        "set_up": "Your authenticator app is set up",
        "asked": "Enter your code",
        "my_work": "My work",
    },
}


@pytest.fixture
def site(live_server: Any, people: People, oidc_provider: Provider, settings: Any) -> str:
    configure(settings, oidc_provider, name="KRIHS ID")
    settings.REQUIRE_TOTP_FOR = ["assessor", "certifier"]
    people.assessor.email = ASSESSOR.email
    people.assessor.save()
    people.officer.email = UNVERIFIED.email
    people.officer.save()
    # The provider lets any port of 127.0.0.1 be sent back to (RFC 8252), not of "localhost".
    return str(live_server.url).replace("localhost", "127.0.0.1")


@pytest.fixture
def chromium(site: str) -> Iterator[Browser]:
    with launched() as browser:
        yield browser


class Shots:
    """Numbered screenshots of one run, copied where a person looks at them."""

    def __init__(self, folder: Path, language: str, width: str) -> None:
        self.folder, self.suffix, self.count = folder, f"{language}-{width}", 0

    def take(self, page: Page, name: str) -> None:
        self.count += 1
        shot = self.folder / f"sso-{self.count}-{name}-{self.suffix}.png"
        page.screenshot(path=str(shot), full_page=True)
        SHOTS_FOR_PEOPLE.mkdir(parents=True, exist_ok=True)
        shutil.copy(shot, SHOTS_FOR_PEOPLE / shot.name)


def through_provider(browser: Browser, site: str, language: str, width: str, person: ProviderPerson) -> Page:
    """A new browser: citycert's login page, "Sign in with KRIHS ID", the provider's login and consent."""
    context = browser.new_context(viewport=WIDTHS[width])  # type: ignore[arg-type]
    context.add_cookies([{"name": "django_language", "value": language, "url": site}])
    page = context.new_page()
    page.set_default_timeout(20_000)
    page.goto(f"{site}/accounts/login/")
    page.click("#single-sign-on")
    page.wait_for_selector("text=Sign in to the test provider")
    page.fill("input[name=username]", person.username)
    page.fill("input[name=password]", PASSWORD)
    with page.expect_navigation():
        page.click("button[type=submit]")
    with page.expect_navigation():
        page.click("button[name=allow]")
    page.wait_for_load_state()
    return page


def fits(page: Page, width: str) -> None:
    seen = page.evaluate("document.documentElement.scrollWidth")
    assert seen <= WIDTHS[width]["width"], f"{page.url} is {seen} px wide"


@pytest.mark.parametrize("width", ["desk", "phone"])
@pytest.mark.parametrize("language", ["ko", "en"])
def test_signing_in_with_the_provider_and_a_code(
    chromium: Browser, site: str, language: str, width: str, tmp_path: Path
) -> None:
    said, shots = SAID[language], Shots(tmp_path, language, width)

    refused = through_provider(chromium, site, language, width, UNVERIFIED)
    assert refused.url == f"{site}/accounts/login/"
    assert said["unverified"] in refused.locator("ul.messages").inner_text()
    assert said["button"] in refused.locator("#single-sign-on").inner_text()
    fits(refused, width)
    shots.take(refused, "refused-unverified")
    refused.context.close()

    page = through_provider(chromium, site, language, width, ASSESSOR)
    assert page.url.startswith(f"{site}/accounts/second-factor/enrol/")
    assert said["required"] in page.inner_text("main")
    assert page.locator("#totp-qr svg").is_visible()
    fits(page, width)
    shots.take(page, "enrol")
    secret = page.inner_text("#totp-secret")
    # What a phone's camera would read off the screen: the same secret, for this person, from citycert.
    page.locator("#totp-qr svg").screenshot(path=str(tmp_path / "qr.png"))
    scanned = subprocess.run(["zbarimg", "-q", "--raw", str(tmp_path / "qr.png")], capture_output=True, text=True)
    assert scanned.stdout.startswith("otpauth://totp/citycert%3Aassessor-1?"), scanned
    assert f"secret={secret.replace(' ', '')}" in scanned.stdout
    page.goto(f"{site}/certification/")  # nothing else before enrolment, but the page asked for comes after it
    assert page.url == f"{site}/accounts/second-factor/enrol/?next=/certification/"
    page.fill("input[name=code]", totp(secret))
    with page.expect_navigation():
        page.click("#second-factor-form button[type=submit]")
    assert page.url == f"{site}/certification/"
    assert said["set_up"] in page.inner_text("main")
    shots.take(page, "enrolled")
    page.context.close()

    again = through_provider(chromium, site, language, width, ASSESSOR)
    assert again.url.startswith(f"{site}/accounts/second-factor/?next=")
    assert said["asked"] in again.inner_text("h1")
    fits(again, width)
    shots.take(again, "code")
    again.fill("input[name=code]", totp(secret, step_offset=1))  # the enrolment's code is spent
    with again.expect_navigation():
        again.click("#second-factor-form button[type=submit]")
    assert again.url == f"{site}/my/"
    assert said["my_work"] in again.inner_text("h1")
    shots.take(again, "signed-in")
    again.context.close()
