"""In Chromium, in Korean: Seocho-gu's officer has the draft open in two tabs.

A change in the second tab leaves the first out of date: a change there is not saved, and its row says so and
offers to reload the page. Reloaded, it works again; then the assessment is submitted from the second tab, and a
change in the first says the assessment was submitted and is locked; the reload shows it locked.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Browser, Page, expect

from citycert.assessments.models import Assessment
from tests.browser.chromium import launched
from tests.browser.officer_at_work import PERCENT_ITEM, a_percentage_draft, officer_page, shoot_both_widths
from tests.people import People

OTHER_ITEM = "D1.I1.1"  # 공공데이터 개방 건수


@pytest.fixture
def draft(people: People) -> Assessment:
    return a_percentage_draft(people)


@pytest.fixture
def chromium(live_server: Any, draft: Assessment) -> Iterator[Browser]:
    with launched() as browser:
        yield browser


def type_into(page: Page, item: str, value: str) -> int:
    field = page.locator(f'form.item[data-item="{item}"] input[name=value]')
    with page.expect_response(lambda answer: answer.url.endswith(f"/items/{item}/")) as answered:
        field.fill(value)
        field.press("Tab")
    return answered.value.status


def test_an_old_tab_says_it_is_out_of_date_and_offers_to_reload(
    live_server: Any, people: People, draft: Assessment, chromium: Browser, tmp_path: Path
) -> None:
    first = officer_page(chromium, live_server.url, people)
    address = f"{live_server.url}/assessments/{draft.pk}/"
    first.goto(address)
    second = first.context.new_page()
    second.goto(address)

    # The first tab's own changes follow one another, each bringing the page's next revision.
    assert type_into(first, OTHER_ITEM, "12") == 200
    assert type_into(first, PERCENT_ITEM, "41") == 200

    # The second tab was read before those: its change is refused, and it says why.
    assert type_into(second, PERCENT_ITEM, "55") == 409
    row = second.locator(f'form.item[data-item="{PERCENT_ITEM}"]')
    expect(row.locator("p.error")).to_contain_text(
        "이 페이지를 연 뒤 다른 곳(다른 탭 또는 동료)에서 평가가 변경되었습니다"
    )
    expect(row.locator("input[name=value]")).to_have_value("55")
    reload = row.locator("p.error a", has_text="페이지 새로 고침")
    expect(reload).to_be_visible()
    shoot_both_widths(second, tmp_path, "old-tab-changed-elsewhere", at=f'form.item[data-item="{PERCENT_ITEM}"]')
    with second.expect_navigation():
        reload.click()
    expect(second.locator(f'form.item[data-item="{PERCENT_ITEM}"] input[name=value]')).to_have_value("41")
    expect(second.locator(f'form.item[data-item="{OTHER_ITEM}"] input[name=value]')).to_have_value("12")

    # Submitted from the second tab; the first tab, left open, is told the assessment is locked.
    with second.expect_navigation():
        second.click("header.assessment-head a[href$='/submit/']")
    with second.expect_navigation():
        second.click("main form.confirm button[type=submit]")
    expect(second.locator("[data-state]")).to_have_attribute("data-state", "submitted")
    assert type_into(first, OTHER_ITEM, "13") == 409
    message = first.locator(f'form.item[data-item="{OTHER_ITEM}"] p.error')
    expect(message).to_contain_text("이 페이지를 연 뒤 평가가 제출되어 잠겼습니다. 변경 내용은 저장되지 않았습니다.")
    shoot_both_widths(first, tmp_path, "old-tab-after-submitting", at=f'form.item[data-item="{OTHER_ITEM}"]')
    with first.expect_navigation():
        message.locator("a").click()
    expect(first.locator("[data-state]")).to_have_attribute("data-state", "submitted")
    expect(first.locator(f'div.item[data-item="{OTHER_ITEM}"] .item-answer')).to_contain_text("12")
    first.context.close()
