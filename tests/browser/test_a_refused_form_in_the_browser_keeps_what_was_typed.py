"""Three people meet a refused form in a real browser, in Korean, on a desktop and on a phone.

The certifier opens a round of the national scheme with the closing day before the opening day: the same page
comes back with the form still open, the reason below the closing day and everything typed still there; the
categories are ticked by name (대도시, 중소도시) and none ticked takes every city, as the form says. The assessor
asks Seocho-gu for documents without writing what to send: the reason below the empty box, the item and stage
still chosen. Seocho-gu's officer changes their password with a wrong current one: the reason below it.
Screenshots of each at 1280 and 390 pixels wide go to /tmp/browser-shots/forms-*.png.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Browser, Page, expect

from citycert.library.store import find_version
from tests.browser.chromium import launched
from tests.certification.story import RoundStory, round_in_review
from tests.people import PASSWORD, People

SHOTS = Path("/tmp/browser-shots")
WIDTHS = {"desktop": 1280, "phone": 390}


@pytest.fixture
def story(people: People) -> RoundStory:
    return round_in_review(people)


@pytest.fixture
def national(people: People) -> str:
    """The national scheme's stored version, read before the browser starts (the ORM stays out of its way)."""
    return str(find_version("kr-smartcity").pk)


@pytest.fixture
def browser(live_server: Any, story: RoundStory, national: str) -> Iterator[Browser]:
    with launched() as chromium:
        yield chromium


def shoot(page: Page, name: str, tmp_path: Path) -> None:
    path = tmp_path / f"forms-{name}.png"
    page.screenshot(path=str(path), full_page=True)
    SHOTS.mkdir(parents=True, exist_ok=True)
    shutil.copy(path, SHOTS / path.name)


def logged_in(browser: Browser, site: str, username: str, width: int) -> Page:
    context = browser.new_context(viewport={"width": width, "height": 900}, locale="ko-KR")
    context.set_default_timeout(15_000)
    page = context.new_page()
    page.goto(f"{site}/accounts/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit].primary")
    page.wait_for_url(lambda url: "/accounts/login/" not in url)
    return page


@pytest.mark.parametrize("size", list(WIDTHS))
def test_the_certifier_opens_a_round_after_one_refusal(
    live_server: Any, national: str, browser: Browser, tmp_path: Path, size: str
) -> None:
    page = logged_in(browser, live_server.url, "certifier", WIDTHS[size])
    page.goto(f"{live_server.url}/certification/")
    page.click("#open-round summary")
    form = page.locator("#open-round form")
    form.get_by_label("평가 체계").select_option(label="스마트도시 인증 (국토교통부) (2024)")
    form.get_by_label("연도").fill("2027")
    form.get_by_label("이름(한국어)").fill("2027년 스마트도시 인증 공모")
    form.get_by_label("신청 시작").fill("2027-07-01")
    form.get_by_label("신청 마감").fill("2027-06-01")
    expect(form.get_by_label("대도시")).not_to_be_checked()
    expect(form.get_by_label("중소도시")).not_to_be_checked()
    expect(form).to_contain_text("아무것도 선택하지 않으면 모든 구분의 도시가 신청할 수 있습니다.")
    form.get_by_role("button", name="공모 개시").click()

    form = page.locator("#open-round form")
    expect(form).to_be_visible()  # the form is open again, where it was
    error = page.locator("#id_closes_on_error")
    expect(error).to_have_text("신청 마감일이 시작일보다 빠를 수 없습니다.")
    expect(page.locator("#id_closes_on")).to_have_attribute("aria-invalid", "true")
    expect(form.get_by_label("연도")).to_have_value("2027")
    expect(form.get_by_label("이름(한국어)")).to_have_value("2027년 스마트도시 인증 공모")
    expect(form.get_by_label("신청 시작")).to_have_value("2027-07-01")
    expect(form.get_by_label("신청 마감")).to_have_value("2027-06-01")
    expect(form.get_by_label("평가 체계")).to_have_value(national)
    # The reason sits right below its field: between the closing day and the next field.
    closes = page.locator("#id_closes_on").bounding_box()
    below = error.bounding_box()
    assert closes is not None and below is not None and 0 <= below["y"] - (closes["y"] + closes["height"]) < 40
    error.scroll_into_view_if_needed()
    shoot(page, f"round-refused-{size}", tmp_path)
    assert "small_medium" not in page.locator("main").inner_text()

    form.get_by_label("신청 마감").fill("2027-07-31")
    form.get_by_role("button", name="공모 개시").click()
    expect(page.locator("main h1")).to_have_text("2027년 스마트도시 인증 공모")
    expect(page.locator("main")).to_contain_text("모든 구분의 도시")
    page.context.close()


@pytest.mark.parametrize("size", list(WIDTHS))
def test_the_assessor_asks_for_documents_without_saying_which(
    live_server: Any, story: RoundStory, browser: Browser, tmp_path: Path, size: str
) -> None:
    page = logged_in(browser, live_server.url, "assessor-1", WIDTHS[size])
    page.goto(f"{live_server.url}/certification/applications/{story.seocho.pk}/")
    form = page.locator("#request-form")
    form.get_by_label("항목").select_option("BM.roadmap")
    form.get_by_label("단계").select_option("stage-2")
    form.get_by_role("button").click()

    expect(page.locator("#id_request_question_error")).to_have_text("필수 항목입니다.")
    form = page.locator("#request-form")
    expect(form.get_by_label("항목")).to_have_value("BM.roadmap")
    expect(form.get_by_label("단계")).to_have_value("stage-2")
    expect(form.locator(".form-errors")).to_contain_text("다시 확인할 입력란이 있습니다")
    page.locator("#id_request_question_error").scroll_into_view_if_needed()
    shoot(page, f"request-refused-{size}", tmp_path)

    form.get_by_label("지자체가 보낼 자료").fill("로드맵 성과지표 산정 근거")
    form.get_by_role("button").click()
    expect(page.locator("main")).to_contain_text("로드맵 성과지표 산정 근거")
    page.context.close()


@pytest.mark.parametrize("size", list(WIDTHS))
def test_the_officer_changes_the_password_with_a_wrong_current_one(
    live_server: Any, story: RoundStory, browser: Browser, tmp_path: Path, size: str
) -> None:
    page = logged_in(browser, live_server.url, "officer-seocho", WIDTHS[size])
    page.goto(f"{live_server.url}/accounts/password/")
    page.get_by_label("현재 비밀번호").fill("not-my-password")
    page.get_by_label("새 비밀번호", exact=True).fill("Gangnam-2026!")
    page.get_by_label("새 비밀번호 확인").fill("Gangnam-2026!")
    page.locator("#password-form button[type=submit]").click()

    expect(page.locator("#id_old_password_error")).to_have_text(
        "기존 비밀번호를 잘못 입력하셨습니다. 다시 입력해 주세요."
    )
    expect(page.locator("#id_old_password")).to_have_attribute("aria-invalid", "true")
    # A password is never sent back into a page: the page says so instead of showing them.
    expect(page.get_by_label("새 비밀번호", exact=True)).to_have_value("")
    expect(page.locator("#password-form")).to_contain_text("입력한 비밀번호는 다시 보여 주지 않습니다")
    shoot(page, f"password-refused-{size}", tmp_path)
    page.context.close()
