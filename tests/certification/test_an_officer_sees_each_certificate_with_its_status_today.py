"""Seocho-gu's officer opens the certification page: each of the city's certificates with its scheme, its term and
its status today, so that one past its expiry reads 만료 instead of passing for valid."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.test import Client
from django.utils import timezone

from tests.people import People
from tests.registry.story import certificate

pytestmark = pytest.mark.django_db


def test_the_officer_reads_each_certificates_status(people: People) -> None:
    current = certificate(
        people.seocho, "kr-smartcity", timezone.localdate() - timedelta(days=30), category="small_medium"
    )
    lapsed = certificate(people.seocho, "kr-smartcity", date(2021, 9, 10), category="small_medium")
    officer = Client()
    officer.force_login(people.officer)
    page = officer.get("/certification/").content.decode()
    assert f"{current.number}</a> · " in page and f"{lapsed.number}</a> · " in page
    current_line = page[page.index(current.number) :].split("</li>")[0]
    lapsed_line = page[page.index(lapsed.number) :].split("</li>")[0]
    assert 'class="state valid">유효' in current_line and "스마트도시" in current_line
    assert 'class="state expired">만료' in lapsed_line
