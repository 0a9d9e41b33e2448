"""The demo's national cohorts of 2021 and 2022 were extended months after their certificates' expiry dates, as the
press reported (2023-12-21 for 2023-09-09, 2024-11-25 for 2024-09-28), with no gap: every extended city's
certificate reads "valid, renewal pending" from the day after its expiry until the extension was announced, then
expired beside the new certificate, valid. A 2022 city that was not extended lapsed on its expiry date. Today, the
certificates expiring while this year's round is open have their extensions applied for in it."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.test import Client
from django.utils import timezone

from citycert.certification.choices import CertificateStatus
from citycert.certification.models import Certificate, Round
from citycert.demo.national_rounds import YEARS

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("demo")]
TODAY = timezone.localdate()

COHORTS = {2021: (date(2023, 9, 9), date(2023, 12, 21), 2023), 2022: (date(2024, 9, 28), date(2024, 11, 25), 2024)}


@pytest.mark.parametrize("cohort", [2021, 2022])
def test_an_extended_city_shows_no_expired_gap(cohort: int) -> None:
    expired, extended_on, year = COHORTS[cohort]
    old = Certificate.objects.filter(framework_version__framework_id="kr-smartcity", issued_on__year=cohort)
    extended = old.filter(city__code__in=YEARS[year].extended)
    assert extended.count() == len(YEARS[year].extended) and all(c.expires_on == expired for c in extended)
    gap_days = [expired + timedelta(days=1), expired + timedelta(days=40), extended_on - timedelta(days=1)]
    for certificate in extended:
        new = Certificate.objects.get(city=certificate.city, issued_on=extended_on)
        assert certificate.status_on(expired) == CertificateStatus.VALID
        for day in gap_days:
            assert certificate.status_on(day) == CertificateStatus.RENEWAL_PENDING, (certificate, day)
            assert new.status_on(day) == CertificateStatus.VALID or day < new.issued_on
        assert certificate.status_on(extended_on) == CertificateStatus.EXPIRED
        assert new.status_on(extended_on) == CertificateStatus.VALID
    # The database says the same, day by day, for the whole cohort (the registry's filter and the open data).
    for day in gap_days:
        pending = set(old.filter(Certificate.having_status("renewal_pending", day)).values_list("pk", flat=True))
        assert pending == set(extended.values_list("pk", flat=True))
        computed = dict(old.annotate(on_day=Certificate.status_today(day)).values_list("pk", "on_day"))
        assert computed == {c.pk: c.status_on(day) for c in old}


def test_a_city_not_extended_lapsed_on_its_expiry_date() -> None:
    lapsed = Certificate.objects.get(city__code="41390", issued_on=date(2022, 9, 29))  # not in the 2024 extensions
    assert lapsed.status_on(date(2024, 9, 29)) == CertificateStatus.EXPIRED


def test_certificates_expiring_while_this_years_round_is_open_await_their_extension(client: Client) -> None:
    current = Round.objects.get(framework_version__framework_id="kr-smartcity", year=TODAY.year)
    expiring = Certificate.objects.filter(
        framework_version__framework_id="kr-smartcity",
        issued_on__lte=current.opens_on,
        expires_on__gte=current.opens_on,
        expires_on__lte=current.closes_on,
    )
    # The 2024 cohort's certificates (KR-SC-2024-0001 among them) run to 2026-11-24: a round open that day takes
    # their extensions.
    if current.opens_on <= date(2026, 11, 24) <= current.closes_on:
        assert expiring.filter(number="KR-SC-2024-0001").exists()
    for certificate in expiring:
        assert current.applications.filter(city=certificate.city, state="applied").exists(), certificate
        expected = CertificateStatus.RENEWAL_PENDING if certificate.expires_on < TODAY else CertificateStatus.VALID
        assert certificate.status_on(TODAY) == expected
        if expected == CertificateStatus.RENEWAL_PENDING:
            page = client.get(f"/certificates/{certificate.number}/").content.decode()
            assert "유효 (연장·갱신 심사 중)" in page
