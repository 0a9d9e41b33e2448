"""In Chromium, in Korean: assessor-1 scores Seocho-gu's national application (53 items) for the document review,
answering the yes/no items with yes/no buttons, beside each item what it takes and the city's answer with its
evidence. Three values are out of range; submitting brings the sheet back with the three reasons, each under its
field, and every value still typed. Each row saved itself as a draft meanwhile, so a reload keeps the good ones.
Corrected, the sheet is submitted. Screenshots at 1280 and 390 pixels wide in /tmp/browser-shots."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Browser, Page, expect

from citycert.scoring.model import Item
from tests.browser.chromium import launched
from tests.certification.national_sheet import ORDINANCE, city_values, national_application_in_review, national_items
from tests.people import PASSWORD, People

SHOTS = Path("/tmp/browser-shots")
BAD = {"D1.I1.2": "140", "D1.I1.1": "-3", "D3.I1.1": "15"}


@pytest.fixture
def national(live_server: Any, people: People) -> tuple[int, dict[str, str], list[Item]]:
    review = national_application_in_review(people)
    return review.application.pk, city_values(review.application), national_items()


@pytest.fixture
def chromium(national: tuple[int, dict[str, str], list[Item]]) -> Iterator[Browser]:
    with launched() as browser:
        yield browser


def logged_in(browser: Browser, site: str, username: str, width: int, refused: list[str]) -> Page:
    """A logged-in page whose Content-Security-Policy refusals and script errors are collected in `refused`."""
    context = browser.new_context(viewport={"width": width, "height": 900})
    context.set_default_timeout(15_000)
    page = context.new_page()
    page.on("console", lambda m: refused.append(m.text) if "Content Security Policy" in m.text else None)
    page.on("pageerror", lambda error: refused.append(str(error)))
    page.goto(f"{site}/accounts/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", PASSWORD)
    with page.expect_navigation():
        page.click("main form.stacked button[type=submit]")
    return page


def shoot(page: Page, name: str, tmp_path: Path, *, full: bool = True) -> None:
    path = tmp_path / f"{name}.png"
    page.screenshot(path=str(path), full_page=full)
    SHOTS.mkdir(parents=True, exist_ok=True)
    shutil.copy(path, SHOTS / path.name)


def row(page: Page, item: str) -> Any:
    return page.locator("#row-" + item.replace(".", "\\."))


def field(page: Page, item: str) -> Any:
    return page.locator(f"[name='value-{item}']")


def enter(page: Page, item: Item, value: str) -> None:
    """Give an item's score the way a person does: a yes/no button, a level from the list, or a typed number."""
    if item.node.type == "boolean":
        page.check(f"input[name='value-{item.id}'][value='{value}']")
    elif item.scale is not None:
        page.select_option(f"select[name='value-{item.id}']", value)
    else:
        page.fill(f"input[name='value-{item.id}']", value)
        page.press(f"input[name='value-{item.id}']", "Tab")  # leaving the field is what saves it


def kept(page: Page, item: Item, value: str) -> None:
    if item.node.type == "boolean":
        expect(page.locator(f"input[name='value-{item.id}'][value='{value}']")).to_be_checked()
    else:
        expect(field(page, item.id)).to_have_value(value)


def test_three_bad_values_are_named_at_their_fields_and_every_value_is_kept(
    live_server: Any, national: tuple[int, dict[str, str], list[Item]], chromium: Browser, tmp_path: Path
) -> None:
    pk, city, items = national
    url = f"{live_server.url}/certification/applications/{pk}/review/document-review/"
    values = city | BAD
    refused: list[str] = []
    page = logged_in(chromium, live_server.url, "assessor-1", 1280, refused)
    page.goto(url)

    # Yes/no items are yes/no buttons; each row says what the item takes and shows the city's answer and evidence.
    ordinance = row(page, "D2.I1.1")
    expect(ordinance.get_by_role("radio", name="예")).to_be_visible()
    expect(ordinance.get_by_role("radio", name="아니오")).to_be_visible()
    expect(ordinance).to_contain_text("허용: 예 또는 아니오")
    expect(ordinance.locator(".answer")).to_have_text("예" if city["D2.I1.1"] == "true" else "아니오")
    expect(ordinance.get_by_role("link", name=ORDINANCE)).to_be_visible()
    expect(row(page, "D1.I1.2")).to_contain_text("허용: 0 이상 100 이하, 단위: %")
    assert page.locator("input[type=radio]").count() == 12  # six yes/no items, two buttons each

    for item in items:
        enter(page, item, values[item.id])
    # Each row saved itself as it changed: the out-of-range ones say why at once.
    expect(row(page, "D1.I1.2").locator(".row-status")).to_contain_text("허용: 0 이상 100 이하")
    expect(page.locator(".row-status .saved")).to_have_count(50, timeout=90_000)
    expect(row(page, "D3.I1.3").locator(".row-status")).to_contain_text("저장됨")
    shoot(page, "review-sheet-typed-ko-1280", tmp_path)

    with page.expect_navigation():
        page.click("button[name=submit]")
    expect(page.locator(".error-summary")).to_contain_text("3개 값을 고쳐야 합니다")
    expect(page.locator(".field-error")).to_have_count(3)
    for bad, value in BAD.items():
        expect(row(page, bad).locator(".field-error")).to_contain_text("허용:")
        expect(row(page, bad).locator(".field-error")).to_contain_text(value)
    for item in items:
        kept(page, item, values[item.id])
    expect(page.locator("main")).not_to_contain_text("점수를 제출했습니다")
    shoot(page, "review-sheet-three-errors-ko-1280", tmp_path)

    # On a phone each item is a card: the error sits under its field, the city's answer beside it.
    phone = logged_in(chromium, live_server.url, "assessor-1", 390, refused)
    phone.goto(url)
    expect(row(phone, "D2.I1.1")).to_contain_text("허용: 예 또는 아니오")
    row(phone, "D2.I1.1").scroll_into_view_if_needed()
    shoot(phone, "review-sheet-yes-no-ko-390", tmp_path, full=False)
    for bad, value in BAD.items():
        phone.fill(f"input[name='value-{bad}']", value)
        phone.press(f"input[name='value-{bad}']", "Tab")
    expect(phone.locator(".row-status .field-error")).to_have_count(3)  # each row said so as it was left
    with phone.expect_navigation():
        phone.click("button[name=submit]")
    expect(phone.locator(".field-error")).to_have_count(3)
    assert phone.evaluate("document.documentElement.scrollWidth") <= 390
    row(phone, "D1.I1.1").scroll_into_view_if_needed()
    shoot(phone, "review-sheet-errors-ko-390", tmp_path, full=False)
    phone.context.close()

    # The good values were saved as drafts on the way; a reload brings them back.
    page.goto(url)
    for item in items:
        if item.id not in BAD:
            kept(page, item, values[item.id])
    expect(page.locator("main")).to_contain_text("53개 항목 중 50개에 점수를 매겼습니다.")

    for bad in BAD:
        page.fill(f"input[name='value-{bad}']", city[bad])
        page.press(f"input[name='value-{bad}']", "Tab")
    expect(page.locator(".row-status .saved")).to_have_count(3, timeout=30_000)
    with page.expect_navigation():
        page.click("button[name=submit]")
    expect(page.locator(".messages")).to_contain_text("점수를 제출했습니다")
    expect(page.locator("main .card")).to_contain_text("점수를 제출했습니다")  # "You submitted these scores on …"
    expect(page.locator("table.sheet input, table.sheet select")).to_have_count(0)
    page.context.close()
    assert refused == []  # the autosave (htmx) and the sheet's styles keep to the Content-Security-Policy
