"""The public opens the registry without logging in and finds every certificate ever issued, newest first,
each with its status as it stands today, in Korean by default and in English on request."""

from __future__ import annotations

import re

import pytest
from django.test import Client

from citycert.certification.models import Certificate
from tests.registry.conftest import Registry
from tests.registry.story import in_english, numbers_on

pytestmark = pytest.mark.django_db


def row_of(html: str, certificate: Certificate) -> str:
    rows = [row for row in html.split("<tr>") if f"/certificates/{certificate.number}/" in row]
    assert len(rows) == 1, certificate.number
    return rows[0]


def test_the_public_sees_every_certificate_newest_first(client: Client, registry: Registry) -> None:
    page = client.get("/registry/")
    assert page.status_code == 200
    assert numbers_on(page.content.decode()) == [
        registry.suspended.number,
        registry.valid.number,
        registry.withdrawn.number,
        registry.expired.number,
        registry.lapsed.number,
    ]


def test_each_status_is_read_off_today_not_the_stored_one(client: Client, registry: Registry) -> None:
    html = in_english(client).get("/registry/").content.decode()
    expected = {
        registry.valid: "valid",
        registry.expired: "expired",  # stored valid, past its expiry
        registry.suspended: "suspended",
        registry.withdrawn: "withdrawn",
        registry.lapsed: "expired",  # stored suspended, past its expiry
    }
    for certificate, status in expected.items():
        assert re.search(rf'class="state {status}">{status}<', row_of(html, certificate)), certificate.number


def test_a_row_says_who_holds_what_and_until_when(client: Client, registry: Registry) -> None:
    row = row_of(in_english(client).get("/registry/").content.decode(), registry.valid)
    assert f'href="/registry/cities/{registry.valid.city.code}/"' in row
    assert "Seocho-gu, Seoul" in row
    assert "KR smart city certification" in row
    assert "Small-medium city" in row
    assert "Grade 3" in row
    assert registry.valid.issued_on.isoformat() in row
    assert registry.valid.expires_on.isoformat() in row


def test_the_registry_is_in_korean_unless_english_is_chosen(client: Client, registry: Registry) -> None:
    korean = row_of(client.get("/registry/").content.decode(), registry.valid)
    assert "서울특별시 서초구" in korean and "스마트도시 인증" in korean and "3등급" in korean
    english = row_of(in_english(client).get("/registry/").content.decode(), registry.valid)
    assert "Seocho-gu" in english and "3등급" not in english


def test_an_empty_registry_says_so(client: Client, people: object) -> None:
    html = in_english(client).get("/registry/").content.decode()
    assert "No certificate has been issued yet." in html
    assert numbers_on(html) == []
