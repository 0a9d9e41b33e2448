"""In Chromium, in Korean: Seocho-gu's officer types `abc` into a percentage and leaves the field.

The row comes back with the reason beside the field in Korean, the field keeps `abc` and is marked (red,
aria-invalid, described by the message); the score does not move. After a reload the saved 40 is there; a
corrected value is saved and the mark is gone; with the server out of reach, the row says the change was not
saved. Screenshots at 1280 and 390 px wide.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Browser, expect

from citycert.assessments.models import Assessment
from tests.browser.chromium import launched
from tests.browser.officer_at_work import PERCENT_ITEM, a_percentage_draft, officer_page, shoot_both_widths
from tests.people import People


@pytest.fixture
def draft(people: People) -> Assessment:
    return a_percentage_draft(people)


@pytest.fixture
def chromium(live_server: Any, draft: Assessment) -> Iterator[Browser]:
    with launched() as browser:
        yield browser


def test_abc_in_a_percentage_is_refused_at_the_field_in_korean(
    live_server: Any, people: People, draft: Assessment, chromium: Browser, tmp_path: Path
) -> None:
    page = officer_page(chromium, live_server.url, people)
    page.goto(f"{live_server.url}/assessments/{draft.pk}/")
    expect(page.locator("html")).to_have_attribute("lang", "ko")
    total = page.locator("#score-panel [data-total]").get_attribute("data-total")
    row = page.locator(f'form.item[data-item="{PERCENT_ITEM}"]')
    field = row.locator("input[name=value]")
    expect(field).to_have_value("40")

    with page.expect_response(lambda answer: answer.url.endswith(f"/items/{PERCENT_ITEM}/")) as refused:
        field.fill("abc")
        field.press("Tab")
    assert refused.value.status == 422
    message = row.locator("p.error")
    expect(message).to_have_text("“abc”은(는) 숫자가 아닙니다.")
    expect(message).to_have_attribute("id", f"error-{PERCENT_ITEM}")
    expect(field).to_have_value("abc")
    expect(field).to_have_attribute("aria-invalid", "true")
    expect(field).to_have_attribute("aria-describedby", f"error-{PERCENT_ITEM}")
    assert field.evaluate("element => getComputedStyle(element).borderTopColor") == "rgb(204, 51, 51)"
    expect(row).to_have_class("item depth-2 invalid")
    expect(page.locator("#score-panel [data-total]")).to_have_attribute("data-total", total or "")
    shoot_both_widths(page, tmp_path, "refused-abc-at-its-field", at=f'form.item[data-item="{PERCENT_ITEM}"]')

    page.reload()
    expect(field).to_have_value("40")
    expect(row.locator("p.error")).to_have_count(0)

    with page.expect_response(lambda answer: answer.url.endswith(f"/items/{PERCENT_ITEM}/")) as saved:
        field.fill("150")
        field.press("Tab")
    assert saved.value.status == 422
    expect(row.locator("p.error")).to_have_text("150은(는) 허용된 최댓값 100보다 큽니다.")
    with page.expect_response(lambda answer: answer.url.endswith(f"/items/{PERCENT_ITEM}/")) as saved:
        field.fill("45")
        field.press("Tab")
    assert saved.value.status == 200
    expect(row.locator("p.error")).to_have_count(0)
    expect(field).not_to_have_attribute("aria-invalid", "true")
    expect(field).to_have_value("45")
    page.reload()
    expect(field).to_have_value("45")

    # With the server out of reach, the row says the change was not saved, rather than nothing happening.
    page.route(f"**/items/{PERCENT_ITEM}/", lambda route: route.abort())
    field.fill("46")
    field.press("Tab")
    expect(row.locator("p.unsaved")).to_have_text(
        "저장하지 못했습니다. 서버에 연결할 수 없거나 서버에 오류가 있었습니다. "
        "연결을 확인하고 값을 다시 바꾸거나 페이지를 새로 고치세요."
    )
    expect(field).to_have_value("46")
    page.context.close()
