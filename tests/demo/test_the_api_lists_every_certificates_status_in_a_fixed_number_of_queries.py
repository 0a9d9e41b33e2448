"""A data portal reads the demo's certificates through the public API: valid ones, lapsed ones and ones kept
valid while their renewal is decided. Each row reads the status its certificate's own page gives, and the list
costs the same few queries for one certificate as for all of them: each status past an expiry date is worked
out by the database for the whole page, not asked again certificate by certificate (which made the list 60
queries and 49 ms for the demo's first page, and 23 requests a second under load)."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from citycert.certification.choices import CertificateStatus
from citycert.certification.models import Certificate
from tests.api.calling import Caller

pytestmark = pytest.mark.django_db


def listed(limit: int) -> tuple[list[dict[str, Any]], int]:
    with CaptureQueriesContext(connection) as queries:
        response = Caller().get("/certificates", {"limit": limit})
    assert response.status_code == 200
    return response.json()["results"], len(queries)


def test_each_row_reads_its_certificates_status_in_the_same_few_queries(demo: None) -> None:
    today = timezone.localdate()
    every = Certificate.objects.count()
    # Which schemes keep a certificate valid while its renewal is decided is read once per process, by the
    # first list: a server's later lists do without it.
    listed(1)
    rows, queries_for_all = listed(every)
    assert len(rows) == every
    by_number = {
        certificate.number: certificate for certificate in Certificate.objects.select_related("framework_version")
    }
    seen = {row["number"]: row["status"] for row in rows}
    assert seen == {number: certificate.status_on(today) for number, certificate in by_number.items()}
    # The demo holds each kind the database must work out: lapsed, and kept valid while a renewal is decided.
    assert {CertificateStatus.EXPIRED, CertificateStatus.RENEWAL_PENDING, CertificateStatus.VALID} <= set(seen.values())

    _, queries_for_one = listed(1)
    assert queries_for_all == queries_for_one <= 4
