from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

import pytest
from django.utils import timezone

from citycert.certification.choices import CertificateStatus
from citycert.certification.models import Certificate
from citycert.cities.models import City
from tests.people import People
from tests.registry.story import certificate


@dataclass
class Registry:
    """Five certificates, one in each state the public can find them in today."""

    today: date
    valid: Certificate  # Seocho-gu, national scheme, issued a year ago
    expired: Certificate  # Seoul, national scheme, 2021, stored valid but long past its expiry
    suspended: Certificate  # Hanam-si, ISO 37106, issued a month ago, suspended
    withdrawn: Certificate  # Hanam-si, ISO 37106, 2022, withdrawn
    lapsed: Certificate  # Seoul, ISO 37106, 2020, suspended and then past its expiry: expired


@pytest.fixture
def registry(people: People) -> Registry:
    today = timezone.localdate()
    seoul = City.objects.get(code="11000")
    return Registry(
        today=today,
        valid=certificate(people.seocho, "kr-smartcity", today - timedelta(days=365), category="small_medium"),
        expired=certificate(seoul, "kr-smartcity", date(2021, 9, 10), category="large"),
        suspended=certificate(
            people.hanam,
            "bsi-iso37106",
            today - timedelta(days=30),
            status=CertificateStatus.SUSPENDED,
            grade_ko="3수준 (성숙)",
            grade_en="Level 3 (Mature)",
        ),
        withdrawn=certificate(
            people.hanam,
            "bsi-iso37106",
            date(2022, 1, 19),
            status=CertificateStatus.WITHDRAWN,
            grade="2",
            grade_ko="2수준 (관리)",
            grade_en="Level 2 (Managed)",
        ),
        lapsed=certificate(
            seoul,
            "bsi-iso37106",
            date(2020, 1, 10),
            status=CertificateStatus.SUSPENDED,
            grade_ko="3수준 (성숙)",
            grade_en="Level 3 (Mature)",
        ),
    )
