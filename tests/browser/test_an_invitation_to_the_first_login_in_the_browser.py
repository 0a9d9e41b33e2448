"""In Chromium, in Korean and in English, on a desk (1280 wide) and a phone (390): the administrator opens "People",
invites a person (in Korean an officer of Seocho-gu, in English an assessor); the form refuses an address already in
use at its field, keeping what was typed; sent, the invitation is listed as pending. The email (read from the outbox
once the worker has run) is in the invitation's language; its link opens, in that language, a page where the person
chooses a password (a weak one is refused at its field), and they land signed in on their work page. Signed out,
they sign in with their email address and the new password. Screenshots of each step are kept in
/tmp/browser-shots/invitation for a person to look at."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import pytest
from django.core import mail
from playwright.sync_api import Browser, Page, expect

from tests.accounts.inviting import NEW_PASSWORD, link_in
from tests.browser.chromium import launched
from tests.people import PASSWORD, People
from tests.support import run_queued_jobs

SHOTS_FOR_PEOPLE = Path("/tmp/browser-shots/invitation")
WIDTHS = {"desk": {"width": 1280, "height": 900}, "phone": {"width": 390, "height": 844}}
SAID = {
    "ko": {
        "people": "사용자",
        "invite": "사용자 초대",
        "in_use": "이 이메일 주소를 쓰는 계정이 이미 있습니다.",
        "sent": "초대를 보냈습니다",
        "pending": "대기 중",
        "subject": "citycert: 지자체 담당자(으)로 초대합니다",
        "accept": "초대 수락",
        "weak": "너무 짧습니다",
        "welcome": "환영합니다",
        "my_work": "내 업무",
        "log_in": "로그인",
        "log_out": "로그아웃",
    },
    "en": {
        "people": "People",
        "invite": "Invite a person",
        "in_use": "An account with this email address already exists.",
        "sent": "Invitation sent to",
        "pending": "pending",
        "subject": "citycert: you are invited as assessor",
        "accept": "Accept your invitation",
        "weak": "This password is too short",
        "welcome": "Welcome",
        "my_work": "My work",
        "log_in": "Log in",
        "log_out": "Log out",
    },
}


@pytest.fixture
def site(live_server: Any, people: People) -> str:
    # An address in use, for the refusal; set before the browser starts (the ORM stays out of its way).
    people.certifier.email = "certifier@body.example"
    people.certifier.save()
    return str(live_server.url)


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
        shot = self.folder / f"invite-{self.count}-{name}-{self.suffix}.png"
        page.screenshot(path=str(shot), full_page=True)
        SHOTS_FOR_PEOPLE.mkdir(parents=True, exist_ok=True)
        shutil.copy(shot, SHOTS_FOR_PEOPLE / shot.name)


def fits(page: Page, width: str) -> None:
    seen = page.evaluate("document.documentElement.scrollWidth")
    assert seen <= WIDTHS[width]["width"], f"{page.url} is {seen} px wide"


def new_page(browser: Browser, width: str) -> Page:
    context = browser.new_context(viewport=WIDTHS[width])  # type: ignore[arg-type]
    page = context.new_page()
    page.set_default_timeout(20_000)
    return page


def sign_in(page: Page, site: str, username: str, password: str) -> None:
    page.goto(f"{site}/accounts/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", password)
    with page.expect_navigation():
        page.click("button[type=submit].primary")


def open_menu(page: Page, width: str) -> None:
    """On a phone the links fold into the menu: open it as a person would."""
    if width == "phone" and page.locator("details.menu").get_attribute("open") is None:
        page.click("details.menu summary")


def emails_sent() -> list[mail.EmailMessage]:
    """Run the queued jobs as the worker would, in a thread of its own: Playwright's loop holds this one."""
    with ThreadPoolExecutor(max_workers=1) as worker:
        worker.submit(run_queued_jobs).result()
    return list(mail.outbox)


@pytest.mark.parametrize("width", ["desk", "phone"])
@pytest.mark.parametrize("language", ["ko", "en"])
def test_an_invitation_to_the_first_login(
    chromium: Browser, site: str, people: People, language: str, width: str, tmp_path: Path
) -> None:
    said, shots = SAID[language], Shots(tmp_path, language, width)
    email = f"new-{language}-{width}@example.org"

    admin = new_page(chromium, width)
    admin.context.add_cookies([{"name": "django_language", "value": language, "url": site}])
    sign_in(admin, site, "admin", PASSWORD)
    open_menu(admin, width)
    admin.get_by_role("link", name=said["people"], exact=True).click()
    admin.get_by_role("link", name=said["invite"]).click()
    expect(admin.locator("main h1")).to_have_text(said["invite"])
    form = admin.locator("#invite")
    form.locator("#id_name").fill("이서연" if language == "ko" else "Kim Ji-won")
    form.locator("#id_email").fill("certifier@body.example")
    if language == "ko":
        form.locator("#id_role").select_option("city_officer")
        form.get_by_label("서울특별시 서초구").check()
    else:
        form.locator("#id_role").select_option("assessor")
    form.locator(f"input[name=language][value={language}]").check()
    shots.take(admin, "form")
    form.locator("button[type=submit]").click()

    expect(admin.locator("#id_email_error")).to_contain_text(said["in_use"])
    expect(admin.locator("#id_name")).to_have_value("이서연" if language == "ko" else "Kim Ji-won")
    fits(admin, width)
    shots.take(admin, "address-in-use")
    admin.locator("#id_email").fill(email)
    with admin.expect_navigation():
        admin.locator("#invite button[type=submit]").click()
    assert admin.url == f"{site}/accounts/people/"
    expect(admin.locator("ul.messages")).to_contain_text(said["sent"])
    row = admin.locator("#invitations tr", has_text=email)
    expect(row).to_contain_text(said["pending"])
    fits(admin, width)
    shots.take(admin, "people")
    admin.context.close()

    [message] = [sent for sent in emails_sent() if email in sent.to]
    assert message.subject == said["subject"]
    link = site + link_in(message)
    (SHOTS_FOR_PEOPLE / f"invite-email-{language}-{width}.txt").write_text(
        f"Subject: {message.subject}\n\n{message.body}", encoding="utf-8"
    )

    # The invited person's own browser, which has never been to citycert: the page speaks the invitation's language.
    person = new_page(chromium, width)
    person.goto(link)
    expect(person.locator("main h1")).to_have_text(said["accept"])
    expect(person.locator("main")).to_contain_text(email)
    fits(person, width)
    shots.take(person, "accept")
    person.fill("#id_new_password1", "short1")
    person.fill("#id_new_password2", "short1")
    person.locator("#accept button[type=submit]").click()
    expect(person.locator("div.field.invalid").first).to_contain_text(said["weak"])
    shots.take(person, "weak-password")
    person.fill("#id_new_password1", NEW_PASSWORD)
    person.fill("#id_new_password2", NEW_PASSWORD)
    with person.expect_navigation():
        person.locator("#accept button[type=submit]").click()
    assert person.url == f"{site}/my/"
    expect(person.locator("main h1")).to_have_text(said["my_work"])
    expect(person.locator("ul.messages")).to_contain_text(said["welcome"])
    expect(person.locator("header .who")).to_have_text(email)
    fits(person, width)
    shots.take(person, "first-page")

    open_menu(person, width)
    with person.expect_navigation():
        person.get_by_role("button", name=said["log_out"]).click()
    sign_in(person, site, email, NEW_PASSWORD)
    assert person.url == f"{site}/my/"
    expect(person.locator("main h1")).to_have_text(said["my_work"])
    shots.take(person, "signed-in-again")
    person.goto(link)
    expect(person.locator("main p.error")).to_be_visible()
    shots.take(person, "link-used")
    person.context.close()
