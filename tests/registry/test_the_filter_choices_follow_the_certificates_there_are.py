"""A visitor opens the registry again and again on a busy day: its filter choices come from the cache, not from
five queries over every certificate each time. When a certificate of a new year is issued, the next visitor
finds that year among the choices at once."""

from __future__ import annotations

import re
from datetime import date

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from tests.registry.story import certificate, new_city

pytestmark = pytest.mark.django_db


def choices(page: str, name: str) -> list[str]:
    select = re.search(rf'<select[^>]*name="{name}".*?</select>', page, re.S)
    assert select is not None
    return [value for value in re.findall(r'<option value="([^"]*)"', select.group(0)) if value]


def year_choices(page: str) -> list[str]:
    return choices(page, "year")


def test_the_choices_are_read_once_and_follow_a_new_certificate(client: Client) -> None:
    certificate(new_city(1), "kr-smartcity", date(2024, 1, 1), category="large")
    assert year_choices(client.get("/registry/").content.decode()) == ["2024"]
    with CaptureQueriesContext(connection) as again:
        client.get("/registry/")
    # Only the registry's version is read again (what certificates and changes there are); the session too.
    assert len(again) <= 3, [query["sql"] for query in again]

    certificate(new_city(2), "kr-smartcity", date(2025, 3, 1), category="large")
    assert year_choices(client.get("/registry/").content.decode()) == ["2025", "2024"]


def test_a_certificate_of_a_new_scheme_in_a_new_region_brings_both_choices(client: Client) -> None:
    certificate(new_city(1), "kr-smartcity", date(2024, 1, 1), category="large")
    page = client.get("/registry/").content.decode()
    assert (choices(page, "framework"), choices(page, "region")) == (["kr-smartcity"], ["90001"])

    certificate(new_city(2), "bsi-iso37106", date(2024, 3, 1))
    page = client.get("/registry/").content.decode()
    assert choices(page, "framework") == ["bsi-iso37106", "kr-smartcity"]
    assert choices(page, "region") == ["90001", "90002"]
