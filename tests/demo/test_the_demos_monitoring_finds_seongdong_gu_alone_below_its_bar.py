"""The certifier tries the demo's monitoring: every certificate valid today is listed with its projected
next review, Seongdong-gu first and alone below its bar (its smart shelters drift in the latest year), with
an alert to the city and to the body; the cities' dashboards show the press cases' series, and each value's
source says what was published and what is illustrative."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from django.test import Client
from django.utils import timezone

from citycert.certification.models import Certificate
from citycert.demo.indicators import SERIES
from citycert.demo.load import DEMO_PASSWORD, load_demo
from citycert.indicators.models import Alert, ImportRun, IndicatorValue, Projection
from citycert.indicators.projection import certified_today

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("demo")]
TODAY = timezone.localdate()


def as_certifier(client: Client) -> Client:
    assert client.login(username="certifier", password=DEMO_PASSWORD)
    return client


def listed(client: Client, query: str = "") -> list[str]:
    html = client.get(f"/certification/monitoring/{query}").content.decode()
    return [line.split('"')[1] for line in html.split("<tr data-certificate=")[1:]]


def test_the_monitoring_view_shows_seongdong_gu_below_its_bar_and_the_others_above(client: Client) -> None:
    seongdong = Certificate.objects.get(city__code="11200", issued_on=date(2025, 11, 24))
    as_certifier(client)
    shown = listed(client)
    assert shown[0] == seongdong.number
    assert len(shown) == len(certified_today(TODAY))
    assert listed(client, "?below=1") == [seongdong.number]

    projection = Projection.objects.get(certificate=seongdong)
    assert projection.bar is not None and projection.total < projection.bar <= projection.decided_total
    assert [driver["item"] for driver in projection.drivers] == ["D3.I3.3", "D3.I1.6"]
    guro = Projection.objects.get(certificate__city__code="11530", certificate__issued_on=date(2025, 11, 24))
    assert guro.passes and guro.margin is not None and guro.margin > 0

    below = Alert.objects.filter(kind=Alert.Kind.BELOW_BAR)
    assert sorted((alert.city.code, alert.audience) for alert in below) == [("11200", "body"), ("11200", "city")]
    assert seongdong.number in below.first().message_en  # type: ignore[union-attr]
    assert not Alert.objects.filter(kind=Alert.Kind.DROP).exists(), "the demo's series fall by less than 20 %"


def test_seongdong_gu_s_dashboard_shows_its_smart_shelters_below_the_bar(client: Client) -> None:
    html = as_certifier(client).get("/indicators/11200/").content.decode()
    assert 'data-item="kr-smartcity:D3.I3.3"' in html and 'data-item="kr-smartcity:D3.I1.6"' in html
    assert "smart shelters" in html and "illustrative" in html
    assert 'class="verdict fail"' in html


def test_guro_gu_s_sensors_are_monthly_and_its_dust_stations_on_iso_37120(client: Client) -> None:
    sensors = IndicatorValue.objects.filter(city__code="11530", item_id="D3.I3.3", current=True)
    assert sensors.filter(month__gt=0).count() == 18
    # The published 2021 counts (600 sensors, 16 stations) per 10,000 of the 384,991 residents of 2025.
    assert sensors.get(year=2021, month=0).value == Decimal("16.0")
    html = as_certifier(client).get("/indicators/11530/").content.decode()
    assert 'data-item="iso37120:37120-2018-8.1"' in html and 'data-item="kr-smartcity:D3.I2.2"' in html
    assert 'class="verdict pass"' in html
    dalseo = as_certifier(client).get("/indicators/27290/").content.decode()
    assert all(f'data-item="kr-smartcity:{item}"' in dalseo for item in ("D1.I4.4", "D2.I3.2", "D1.I2.5"))


def test_every_value_says_where_it_comes_from() -> None:
    values = IndicatorValue.objects.filter(imported_in__file_name__startswith="demo-indicators-")
    assert values.count() == sum(len(series.values) for series in SERIES)
    for value in values:
        published = value.source.startswith(("Asia Economy", "Newsro"))
        assert published or value.source.startswith("illustrative"), value.source
    assert set(ImportRun.objects.values_list("by__username", flat=True)) == {"certifier"}


def test_loading_the_demo_again_imports_and_alerts_nothing() -> None:
    def counts() -> tuple[int, ...]:
        return tuple(model.objects.count() for model in (IndicatorValue, ImportRun, Alert, Projection))

    before = counts()
    load_demo()
    assert counts() == before
