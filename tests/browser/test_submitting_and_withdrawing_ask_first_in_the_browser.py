"""In Chromium, in Korean: submitting lists what is missing first, and withdrawing asks.

Seocho-gu's officer, with one of 53 items answered and no evidence, opens Submit: the page lists the 52
unanswered items and the 53 without evidence above the confirmation, each a link to its row. A link leads to the
row; back, the officer confirms and the assessment is locked. Withdraw is not beside Submit but at the page's
foot; its page says what withdrawing means and asks; going back changes nothing; confirmed, it is withdrawn and
offers a copy as a new draft. Screenshots at 1280 and 390 px wide.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Browser, expect

from citycert.assessments.models import Assessment
from tests.browser.chromium import launched
from tests.browser.officer_at_work import a_percentage_draft, officer_page, shoot_both_widths
from tests.people import People


@pytest.fixture
def draft(people: People) -> Assessment:
    return a_percentage_draft(people)


@pytest.fixture
def chromium(live_server: Any, draft: Assessment) -> Iterator[Browser]:
    with launched() as browser:
        yield browser


def test_submit_lists_the_unanswered_items_first_and_withdraw_asks(
    live_server: Any, people: People, draft: Assessment, chromium: Browser, tmp_path: Path
) -> None:
    page = officer_page(chromium, live_server.url, people)
    address = f"{live_server.url}/assessments/{draft.pk}/"
    page.goto(address)
    header = page.locator("header.assessment-head")
    expect(header.locator("a[href$='/withdraw/'], form[action$='/withdraw/']")).to_have_count(0)
    expect(page.locator("section.withdraw-zone a[href$='/withdraw/']")).to_have_text("철회…")

    with page.expect_navigation():
        header.locator("a[href$='/submit/']").click()
    expect(page.locator("h1")).to_have_text("평가 제출")
    expect(page.locator("#unanswered h2")).to_have_text("전체 53개 항목 중 52개에 답하지 않았습니다")
    expect(page.locator("#without-evidence h2")).to_have_text("전체 53개 항목 중 53개에 증빙자료가 없습니다")
    unanswered = page.locator('ul[data-list="unanswered"] li a')
    expect(unanswered).to_have_count(52)
    expect(page.locator('ul[data-list="unanswered"]')).not_to_contain_text("D1.I1.2")
    confirm = page.locator("main form.confirm button[type=submit]")
    list_box, button_box = page.locator("#unanswered").bounding_box(), confirm.bounding_box()
    assert list_box is not None and button_box is not None and list_box["y"] < button_box["y"], "the list comes first"
    shoot_both_widths(page, tmp_path, "submit-lists-what-is-missing")

    # A link leads to the item's row; back on the list, nothing was submitted.
    with page.expect_navigation():
        unanswered.first.click()
    assert page.url.endswith("#item-D1.I1.1")
    expect(page.locator('[id="item-D1.I1.1"]')).to_be_in_viewport()
    expect(page.locator("[data-state]")).to_have_attribute("data-state", "draft")
    page.go_back()
    with page.expect_navigation():
        page.locator("main form.confirm button[type=submit]").click()
    assert page.url == address
    expect(page.locator("[data-state]")).to_have_attribute("data-state", "submitted")
    shoot_both_widths(page, tmp_path, "withdraw-stands-apart", at="section.withdraw-zone")

    # Withdraw asks, and says what it means; going back changes nothing.
    with page.expect_navigation():
        page.locator("section.withdraw-zone a[href$='/withdraw/']").click()
    expect(page.locator("h1")).to_have_text("평가 철회")
    expect(page.locator("section.withdraw-means")).to_contain_text("평가는 영구히 잠기며")
    expect(page.locator("main form.confirm")).to_contain_text("이 평가를 철회하시겠습니까?")
    shoot_both_widths(page, tmp_path, "withdraw-asks-first")
    with page.expect_navigation():
        page.locator("main form.confirm a", has_text="철회하지 않고 돌아가기").click()
    expect(page.locator("[data-state]")).to_have_attribute("data-state", "submitted")
    with page.expect_navigation():
        page.locator("section.withdraw-zone a[href$='/withdraw/']").click()
    with page.expect_navigation():
        page.locator("main form.confirm button[type=submit]").click()
    expect(page.locator("[data-state]")).to_have_attribute("data-state", "withdrawn")

    # Withdrawn, it offers a copy as a new draft, which starts marked until confirmed.
    copy = page.locator("form.copy-withdrawn button[type=submit]")
    expect(copy).to_have_text("새 초안으로 복사")
    shoot_both_widths(page, tmp_path, "withdrawn-offers-a-copy", at="form.copy-withdrawn")
    with page.expect_navigation():
        copy.click()
    assert page.url != address
    expect(page.locator("[data-state]")).to_have_attribute("data-state", "draft")
    expect(page.locator("ul.messages")).to_contain_text("철회된 평가를 새 초안으로 복사했습니다")
    expect(page.locator('form.item[data-item="D1.I1.2"] input[name=value]')).to_have_value("40")
    expect(page.locator('form.item[data-item="D1.I1.2"]')).to_have_class("item depth-2 prefilled")
    page.context.close()
