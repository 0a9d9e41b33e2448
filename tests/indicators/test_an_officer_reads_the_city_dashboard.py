"""Seocho-gu's officer opens the city's indicator dashboard after a year of low values was imported: each
item's trend, its newest value with unit and source, the framework's scoring of it, the projection of the
certificate's next review below its bar with the items that pull it down, and the alert, in Korean and in
English. A revised value shows the value it replaced, with the reason. Hanam-si's officer and an assessor
find no such page; the certifying body sees every city's."""

from __future__ import annotations

import pytest
from django.test import Client

from citycert.indicators.alerts import commit_and_alert
from citycert.indicators.importing.planning import plan_import
from citycert.indicators.models import IndicatorValue
from tests.indicators.story import Certified, a_year_of_values, certified_cities, long_csv
from tests.people import People

OPEN = "kr-smartcity:D1.I1.1"


@pytest.fixture
def story(people: People) -> Certified:
    story = certified_cities(people)
    plan = plan_import("2026.csv", a_year_of_values(story, low_for=people.seocho.code), people.certifier, story.today)
    commit_and_alert(plan, people.certifier, keep_good_rows=False, today=story.today)
    return story


def test_the_officer_sees_trends_projection_and_alerts_in_korean(client: Client, story: Certified) -> None:
    people = story.people
    client.force_login(people.officer)
    html = client.get("/indicators/11650/").content.decode()
    assert "서초구" in html and "지표" in html
    assert html.count('class="chart chart-trend"') == IndicatorValue.objects.filter(city=people.seocho).count()
    assert "기준 미달" in html  # the projection is below the bar
    assert story.certificates["11650"].number in html
    assert "시 데이터허브" in html  # the source of the newest value
    assert "최신 지표로 예상한 다음 심사 점수" in html  # the city's alert, in Korean
    assert "Gangnam" not in html and "강남구" not in html


def test_the_same_page_in_english(client: Client, story: Certified) -> None:
    client.force_login(story.people.officer)
    client.cookies["django_language"] = "en"
    html = client.get("/indicators/11650/").content.decode()
    assert "Indicators of Seocho-gu" in html and "Below the bar" in html
    assert "score projected from the latest indicators" in html
    assert "What changes the score" in html


def test_a_revision_shows_the_value_it_replaced(client: Client, story: Certified) -> None:
    people = story.people
    year = str(story.today.year)
    revised = long_csv([("11650", OPEN, year, "321", "건", "공공데이터포털 재집계")])
    plan = plan_import("fix.csv", revised, people.officer, story.today)
    commit_and_alert(plan, people.officer, keep_good_rows=False, today=story.today)
    now = IndicatorValue.objects.get(city=people.seocho, item_id="D1.I1.1", current=True)
    client.force_login(people.officer)
    assert f"/indicators/11650/values/{now.pk}/" in client.get("/indicators/11650/").content.decode()
    html = client.get(f"/indicators/11650/values/{now.pk}/").content.decode()
    assert html.index("321") < html.index("시 데이터허브") and "fix.csv" in html
    fragment = client.get(f"/indicators/11650/values/{now.pk}/", headers={"HX-Request": "true"}).content.decode()
    assert fragment.startswith("<table") and "321" in fragment


def test_only_the_citys_officers_and_the_certifying_body_see_it(client: Client, story: Certified) -> None:
    people = story.people
    for who, expected in ((people.other_officer, 404), (people.assessor, 404), (story.gangnam_officer, 404)):
        client.force_login(who)
        assert client.get("/indicators/11650/").status_code == expected
    client.force_login(people.certifier)
    assert "강남구" in client.get("/indicators/11680/").content.decode()
    client.logout()
    assert client.get("/indicators/11650/")["Location"].startswith("/accounts/login/")
