"""A long registry comes fifty certificates a page, newest first and by number within a day, and the page
links keep the chosen filters."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.test import Client

from tests.registry.story import certificate, new_city, numbers_on

pytestmark = pytest.mark.django_db


def test_the_public_pages_through_a_long_registry(client: Client) -> None:
    first = date(2024, 1, 1)
    # 53 certificates, two issued on each day, the second with the lower number: the number, not the order
    # of writing, decides the order within a day.
    issued = [
        certificate(
            new_city(index), "kr-smartcity", first + timedelta(days=index // 2), number=f"KR-SC-2024-{900 - index:04d}"
        )
        for index in range(53)
    ]
    newest_first = sorted(issued, key=lambda each: (-each.issued_on.toordinal(), each.number))
    assert newest_first[1].issued_on == newest_first[2].issued_on and newest_first[1].pk > newest_first[2].pk

    page_one = client.get("/registry/").content.decode()
    assert numbers_on(page_one) == [each.number for each in newest_first[:50]]
    assert "?page=2" in page_one

    page_two = client.get("/registry/", {"page": "2"}).content.decode()
    assert numbers_on(page_two) == [each.number for each in newest_first[50:]]
    assert "?page=1" in page_two

    # A page number that is not one gives the nearest page rather than an error.
    assert numbers_on(client.get("/registry/", {"page": "abc"}).content.decode()) == numbers_on(page_one)
    assert numbers_on(client.get("/registry/", {"page": "99"}).content.decode()) == numbers_on(page_two)


def test_the_page_links_keep_the_filters(client: Client) -> None:
    for index in range(51):
        certificate(new_city(index), "bsi-iso37106", date(2025, 3, 1), grade_en="Level 3 (Mature)")
    html = client.get("/registry/", {"framework": "bsi-iso37106", "status": "valid"}).content.decode()
    assert "?framework=bsi-iso37106&amp;status=valid&amp;page=2" in html
