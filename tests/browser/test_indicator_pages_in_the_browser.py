"""Seocho-gu's officer, two years of values in, opens the indicator dashboard in Chromium, shows a revised
value's history (htmx swaps it in) and previews an import with a rejected row; the certifier sorts the
monitoring view and stars a city. No page breaks the Content-Security-Policy or raises a script error.
With CITYCERT_SCREENSHOTS=folder, each page is saved there as a PNG to look at."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Browser, Page, expect

from citycert.indicators.alerts import commit_and_alert
from citycert.indicators.importing.planning import plan_import
from tests.browser.chromium import launched
from tests.browser.test_pages_keep_to_the_content_security_policy import Violations, a_watched_page
from tests.indicators.story import a_year_of_values, certified_cities, long_csv
from tests.people import PASSWORD, People

SHOTS = os.environ.get("CITYCERT_SCREENSHOTS", "")


@pytest.fixture
def site(live_server: Any, people: People) -> str:
    story = certified_cities(people)
    last_year = a_year_of_values(story, low_for="nobody").replace(
        f",{story.today.year},".encode(), f",{story.today.year - 1},".encode()
    )
    for name, data in (("last-year.csv", last_year), ("this-year.csv", a_year_of_values(story, low_for="11650"))):
        plan = plan_import(name, data, people.certifier, story.today)
        commit_and_alert(plan, people.certifier, keep_good_rows=False, today=story.today)
    fix = long_csv([("11650", "kr-smartcity:D1.I1.1", str(story.today.year), "42", "건", "재집계")])
    commit_and_alert(
        plan_import("fix.csv", fix, people.officer, story.today),
        people.officer,
        keep_good_rows=False,
        today=story.today,
    )
    return str(live_server.url)


@pytest.fixture
def chromium(site: str) -> Iterator[Browser]:
    with launched() as browser:
        yield browser


def shot(page: Page, name: str) -> None:
    if SHOTS:
        page.screenshot(path=str(Path(SHOTS) / f"{name}.png"), full_page=True)


def log_in(page: Page, site: str, username: str) -> None:
    page.goto(f"{site}/accounts/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", PASSWORD)
    with page.expect_navigation():
        page.click("main form.stacked button[type=submit]")


def test_the_officer_reads_revises_and_imports(site: str, chromium: Browser, tmp_path: Path) -> None:
    violations = Violations()
    page = a_watched_page(chromium, violations)
    log_in(page, site, "officer-seocho")
    page.goto(f"{site}/indicators/11650/")
    expect(page.locator("section.projection .verdict.fail")).to_be_visible()
    expect(page.locator("figure.chart.trend svg").first).to_be_visible()
    shot(page, "dashboard-ko")
    series = page.locator('li.series[data-item="kr-smartcity:D1.I1.1"]')
    series.locator("summary").click()
    series.get_by_role("link").first.click()
    expect(series.locator("table.revisions tr.current")).to_be_visible()
    shot(page, "dashboard-history")

    bad = long_csv([("11650", "kr-smartcity:D1.I1.2", "2025", "많음", "%", "x")])
    upload = tmp_path / "values.csv"
    upload.write_bytes(bad + long_csv([("11650", "kr-smartcity:D1.I1.2", "2025", "33", "%", "x")]).split(b"\n", 1)[1])
    page.goto(f"{site}/indicators/11650/import/")
    page.set_input_files("input[name=file]", str(upload))
    with page.expect_navigation():
        page.click("main form button[type=submit]")
    expect(page.locator("table.rejected tr[data-line='2']")).to_be_visible()
    shot(page, "import-preview")
    page.check("input[name=keep_good_rows]")
    with page.expect_navigation():
        page.click("main form.card button[type=submit]")
    expect(page.locator(".messages li").first).to_be_visible()
    assert violations.found == []


def test_the_certifier_sorts_and_stars_in_the_monitoring_view(site: str, chromium: Browser) -> None:
    violations = Violations()
    page = a_watched_page(chromium, violations)
    log_in(page, site, "certifier")
    page.goto(f"{site}/certification/")
    with page.expect_navigation():
        page.click("a[href='/certification/monitoring/']")
    expect(page.locator("table.monitoring tbody tr").first).to_have_class("flagged")
    with page.expect_navigation():
        page.locator("table.monitoring tbody tr").nth(1).locator("button.star").click()
    expect(page.locator("button.star.on")).to_have_count(1)
    shot(page, "monitoring")
    page.context.add_cookies([{"name": "django_language", "value": "en", "url": site}])
    page.goto(f"{site}/indicators/11650/")
    shot(page, "dashboard-en")
    assert violations.found == []
