"""The certifier opens the monitoring view after a year of values: Seocho-gu, projected below its bar, comes
first (smallest margin), Gangnam-gu after it; the filters keep the framework, the region, the cities below
the bar, those with data overdue and those the certifier watches; the CSV export holds the same rows in the
same order. The page reads stored projections in a fixed number of queries however many cities there are,
and the recompute button has every certificate projected again by the worker."""

from __future__ import annotations

import csv
import io
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from citycert.indicators.alerts import commit_and_alert
from citycert.indicators.importing.planning import plan_import
from citycert.indicators.models import Projection
from citycert.spreadsheet_cells import header_name
from tests.indicators.story import Certified, a_year_of_values, certified_cities
from tests.people import People
from tests.support import run_queued_jobs


@pytest.fixture
def story(people: People) -> Certified:
    story = certified_cities(people)
    plan = plan_import("2026.csv", a_year_of_values(story, low_for=people.seocho.code), people.certifier, story.today)
    commit_and_alert(plan, people.certifier, keep_good_rows=False, today=story.today)
    return story


def order(client: Client, query: str = "") -> list[str]:
    html = client.get(f"/certification/monitoring/{query}").content.decode()
    return [line.split('"')[1] for line in html.split("<tr data-certificate=")[1:]]


def streamed(answer: Any) -> str:
    return b"".join(answer.streaming_content).decode("utf-8-sig")


def test_smallest_margin_first_and_each_filter(client: Client, story: Certified) -> None:
    seocho, gangnam = story.certificates["11650"].number, story.certificates["11680"].number
    client.force_login(story.people.certifier)
    assert order(client) == [seocho, gangnam]
    assert order(client, "?sort=-margin") == [gangnam, seocho]
    assert order(client, "?below=1") == [seocho]
    assert order(client, "?framework=kr-smartcity&region=11000") == [seocho, gangnam]
    assert order(client, "?framework=bsi-iso37106") == []
    assert order(client, "?region=41450") == []
    assert order(client, "?watched=1") == []
    assert client.get("/certification/monitoring/?region=<script>").status_code == 400

    star = {"city": "11680", "watch": "1", "next": "/certification/monitoring/?watched=1"}
    assert client.post("/certification/monitoring/watch/", star)["Location"] == "/certification/monitoring/?watched=1"
    assert order(client, "?watched=1") == [gangnam]
    client.post("/certification/monitoring/watch/", {"city": "11680", "watch": "0", "next": "https://evil.example/"})
    assert order(client, "?watched=1") == []

    Projection.objects.filter(certificate__number=gangnam).update(overdue=["D1.I1.1"])
    assert order(client, "?overdue=1") == [gangnam]


def test_the_csv_holds_the_same_rows_as_the_page(client: Client, story: Certified) -> None:
    client.force_login(story.people.certifier)
    answer = client.get("/certification/monitoring/?format=csv")
    assert answer["Content-Type"].startswith("text/csv") and "attachment" in answer["Content-Disposition"]
    text = streamed(answer)
    assert text.startswith("지자체 코드 / city_code,지자체 / city,")
    rows = [{header_name(k): v for k, v in row.items()} for row in csv.DictReader(io.StringIO(text))]
    assert [row["certificate"] for row in rows] == order(client)
    seocho = Projection.objects.get(certificate__number=rows[0]["certificate"])
    assert rows[0]["below_bar"] == "1" and rows[1]["below_bar"] == "0"
    assert float(rows[0]["margin"]) == pytest.approx(seocho.margin)
    assert rows[0]["alerts"] == "1" and rows[0]["region"] == "11000"
    below = client.get("/certification/monitoring/?format=csv&below=1")
    assert len(streamed(below).splitlines()) == 2


def test_the_page_costs_the_same_queries_for_more_cities(client: Client, story: Certified) -> None:
    client.force_login(story.people.certifier)
    client.get("/certification/monitoring/")
    with CaptureQueriesContext(connection) as two:
        client.get("/certification/monitoring/")
    Projection.objects.filter(certificate=story.certificates["11680"]).delete()
    with CaptureQueriesContext(connection) as one:
        client.get("/certification/monitoring/")
    assert len(one) == len(two)


def test_recompute_projects_every_certificate_again(client: Client, story: Certified) -> None:
    Projection.objects.all().delete()
    client.force_login(story.people.certifier)
    assert order(client) == []
    asked = client.post("/certification/monitoring/recompute/", follow=True).content.decode()
    assert "다시 계산하고 있습니다" in asked and order(client) == []  # queued, not done in the request
    assert run_queued_jobs() == 1
    assert len(order(client)) == 2
