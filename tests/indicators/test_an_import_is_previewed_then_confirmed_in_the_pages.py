"""Seocho-gu's officer uploads a CSV with good and bad rows on the city's import page: the preview lists what
it adds and every rejected row with its line, field and reason, and nothing is stored. Confirming as it is
is refused (400) with the reason; confirming with "only the good rows" stores them and sends the officer to
the dashboard. Rows of another city are rejected on a city's page; the certifying body imports for both
certified cities at once from its own page, and a revised value shows as old → new."""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from citycert import pending_uploads
from citycert.indicators.models import ImportRun, IndicatorValue
from tests.indicators.story import Certified, certified_cities, long_csv
from tests.people import People
from tests.services import Storage

OPEN = "kr-smartcity:D1.I1.1"  # public datasets opened, a count (건)
SHARE = "kr-smartcity:D1.I1.2"  # share of machine-readable datasets, 0-100 %


@pytest.fixture
def story(people: People) -> Certified:
    return certified_cities(people)


def upload(client: Client, url: str, data: bytes, name: str = "values.csv") -> Any:
    return client.post(url, {"file": SimpleUploadedFile(name, data, content_type="text/csv")})


def hidden(html: str, name: str) -> str:
    found = re.search(rf'name="{name}" value="([^"]*)"', html)
    assert found, f"no hidden {name}"
    return found.group(1)


def test_the_preview_lists_rejections_and_only_the_good_rows_are_kept(
    client: Client, story: Certified, storage: Storage
) -> None:
    year = str(story.today.year)
    data = long_csv(
        [
            ("11650", OPEN, year, "120", "건", "공공데이터포털"),
            ("11650", SHARE, year, "많음", "%", "x"),
            ("11650", SHARE, year, "55", "km", "x"),
            ("11680", SHARE, year, "40", "%", "x"),
        ]
    )
    client.force_login(story.people.officer)
    answer = upload(client, "/indicators/11650/import/", data)
    html = answer.content.decode()
    assert answer.status_code == 200
    rejected = re.findall(r'<tr data-line="(\d+)"><td>\d+</td><td><code>(\w+)</code>', html)
    assert rejected == [("3", "value"), ("4", "unit"), ("5", "city")]
    assert "많음" in html and "km" in html
    assert 'name="keep_good_rows"' in html
    assert not IndicatorValue.objects.exists() and not ImportRun.objects.exists()
    token = hidden(html, "token")
    assert pending_uploads.kept(token) == data

    confirm = {"token": token, "name": hidden(html, "name")}
    refused = client.post("/indicators/11650/import/confirm/", confirm)
    assert refused.status_code == 400 and "3" in refused.content.decode()
    assert not IndicatorValue.objects.exists()

    done = client.post("/indicators/11650/import/confirm/", {**confirm, "keep_good_rows": "1"})
    assert done.status_code == 302 and done["Location"] == "/indicators/11650/"
    assert list(IndicatorValue.objects.values_list("city__code", "item_id", "value")) == [
        ("11650", "D1.I1.1", Decimal(120))
    ]
    assert pending_uploads.kept(token) is None
    assert "values.csv" in client.get("/indicators/11650/").content.decode()


def test_the_certifying_body_imports_for_many_cities_and_sees_old_and_new(client: Client, story: Certified) -> None:
    year = str(story.today.year)
    client.force_login(story.people.certifier)
    first = long_csv([("11650", OPEN, year, "120", "건", "x"), ("11680", OPEN, year, "80", "건", "x")])
    html = upload(client, "/indicators/import/", first).content.decode()
    assert 'name="keep_good_rows"' not in html
    done = client.post("/indicators/import/confirm/", {"token": hidden(html, "token"), "name": "values.csv"})
    assert done.status_code == 302 and done["Location"] == "/certification/monitoring/"
    assert IndicatorValue.objects.count() == 2

    second = long_csv([("11650", OPEN, year, "150", "건", "x"), ("11680", OPEN, year, "80", "건", "x")])
    html = upload(client, "/indicators/import/", second).content.decode()
    assert re.search(r"<td>120</td><td>→ 150", html)
    assert "그대로 1건" in html


def test_a_file_refused_whole_says_why_with_status_400(client: Client, story: Certified) -> None:
    client.force_login(story.people.officer)
    answer = upload(client, "/indicators/11650/import/", b"city,item,amount\n11650,x,1\n")
    assert answer.status_code == 400 and "value" in answer.content.decode()
    expired = client.post("/indicators/11650/import/confirm/", {"token": "0" * 64, "name": "x.csv"})
    assert expired.status_code == 400
