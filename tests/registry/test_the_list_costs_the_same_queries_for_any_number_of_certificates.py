"""The registry reads its rows, their cities, regions and frameworks in a fixed number of queries: thirty
certificates cost what three do. Once rendered, a listing comes from the cache until a certificate is added
or changes status: a suspension shows at once."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from tests.registry.story import certificate, in_english, new_city, numbers_on

pytestmark = pytest.mark.django_db


def queries_for(client: Client, expected_rows: int) -> int:
    cache.clear()  # the listing rendered anew, not read from the cache
    with CaptureQueriesContext(connection) as captured:
        page = client.get("/registry/")
    assert page.status_code == 200
    assert len(numbers_on(page.content.decode())) == expected_rows
    return len(captured)


def test_thirty_certificates_cost_the_queries_of_three(client: Client) -> None:
    in_english(client)
    parent = new_city(0)  # a region, so that rows show an upper-level government

    def issue(index: int) -> None:
        city = new_city(index)
        city.parent = parent if index % 2 else None
        city.save()
        framework = "kr-smartcity" if index % 3 else "bsi-iso37106"
        certificate(city, framework, date(2024, 1, 1) + timedelta(days=index), category="large" if index % 3 else "")

    for index in range(1, 4):
        issue(index)
    # The first request also parses the frameworks, once per process (FrameworkVersion.framework).
    queries_for(client, 3)
    three = queries_for(client, 3)
    for index in range(4, 31):
        issue(index)
    thirty = queries_for(client, 30)
    assert thirty == three <= 10


def test_a_cached_listing_gives_way_to_a_suspension(client: Client) -> None:
    from citycert.certification.models import CertificateChange

    issued = certificate(new_city(1), "kr-smartcity", date(2024, 1, 1), category="large")
    assert "valid" in client.get("/registry/").content.decode()
    with CaptureQueriesContext(connection) as cached:
        client.get("/registry/")
    issued.status = "suspended"
    issued.save(update_fields=["status"])
    CertificateChange.objects.create(
        certificate=issued, from_status="valid", to_status="suspended", reason="x", changed_at=timezone.now()
    )
    page = client.get("/registry/").content.decode()
    assert 'class="state suspended"' in page and len(cached) < 8
