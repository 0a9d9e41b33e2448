"""Seocho-gu's city officer opens the self-assessment of a 1,375-item framework in a real browser: the page
shows the first area's items; opening another area loads its rows in place (htmx, no reload), and an answer
chosen there is saved with the score panel refreshed beside the form."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml
from playwright.sync_api import Browser, expect

from bench.synthetic import framework_document, full_responses
from citycert.assessments.answers import stored_text
from citycert.assessments.choices import AssessmentKind
from citycert.assessments.workflow import create_assessment, save_responses
from citycert.library.store import find_version, import_paths
from tests.browser.chromium import launched
from tests.browser.test_city_officer_in_the_browser import ServerTrouble, a_fresh_page, log_in_through_the_form
from tests.people import People


@pytest.fixture
def large_assessment(live_server: Any, people: People, tmp_path: Path) -> int:
    path = tmp_path / "synthetic.yaml"
    path.write_text(yaml.safe_dump(framework_document(1375), allow_unicode=True), encoding="utf-8")
    import_paths([path])
    version = find_version("synthetic")
    assessment = create_assessment(people.seocho, version, AssessmentKind.SELF_ASSESSMENT, 2026, people.officer)
    answers = full_responses(version.framework)
    save_responses(
        assessment, {item: {"value": stored_text(answer.value)} for item, answer in answers.items()}, people.officer
    )
    return assessment.pk


@pytest.fixture
def chromium(large_assessment: int) -> Iterator[Browser]:
    """Started after the assessment exists (the ORM is not used while Playwright runs)."""
    with launched() as browser:
        yield browser


def test_an_area_opened_loads_its_rows_and_saves_from_them(
    chromium: Browser, live_server: Any, people: People, large_assessment: int
) -> None:
    trouble = ServerTrouble()
    context, page = a_fresh_page(chromium, trouble)
    site = live_server.url
    log_in_through_the_form(page, site, people.officer.username)
    page.goto(f"{site}/assessments/{large_assessment}/")
    expect(page.locator('form.item[data-item^="D0."]')).to_have_count(100)
    expect(page.locator('form.item[data-item^="D3."]')).to_have_count(0)
    page.evaluate("window.__notReloaded = 1")

    page.click('details[data-area="D3"] > summary')
    expect(page.locator('form.item[data-item^="D3."]')).to_have_count(100)

    item = "D3.G30.I300"  # a maturity item: chosen by level
    with page.expect_response(lambda answer: answer.url.endswith(f"/items/{item}/")) as saved:
        page.select_option(f'form.item[data-item="{item}"] select[name=value]', value="5")
    assert saved.value.status == 200
    expect(page.locator(f'form.item[data-item="{item}"] select[name=value]')).to_have_value("5")
    expect(page.locator("#score-panel")).to_be_visible()
    assert page.evaluate("window.__notReloaded === 1"), "the page was reloaded"
    trouble.assert_none()
    context.close()
