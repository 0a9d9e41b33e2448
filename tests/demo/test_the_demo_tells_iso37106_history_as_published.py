"""Someone trying citycert reads ISO 37106's published history in the demo: Seocho-gu's real certificate (renewed
2023-12 at level 4, surveillance 2024-12), Daegu 2020, Gimhae 2023, Suwon with its two surveillance dates, and
Sejong's certificate lapsed. Statuses are read on 2026-12-06, the day the published facts were gathered."""

from __future__ import annotations

from collections import Counter
from datetime import date

import pytest
from django.test import Client
from django.utils import timezone

from citycert.certification.models import Certificate

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("demo")]
FACTS_GATHERED = date(2026, 12, 6)


def iso_certificates(code: str) -> list[Certificate]:
    return list(Certificate.objects.filter(city__code=code, framework_version__framework_id="bsi-iso37106"))


def level_counts(certificate: Certificate) -> dict[int, int]:
    frozen = certificate.application.frozen
    return dict(Counter(int(response.value) for response in frozen.responses.all()))


def audits(certificate: Certificate) -> list[tuple[str, date | None, bool | None]]:
    return [
        (due.schedule_id, timezone.localtime(due.done_at).date() if due.done_at else None, due.passed)
        for due in certificate.due.order_by("due_on")
    ]


def test_seochos_certificate_in_force_is_its_2023_12_level_4_renewal_with_the_2024_12_surveillance(
    client: Client,
) -> None:
    in_force = [c for c in iso_certificates("11650") if c.status_on(FACTS_GATHERED) == "valid"]
    assert len(in_force) == 1
    renewal = in_force[0]
    assert (renewal.issued_on, renewal.expires_on, renewal.grade) == (date(2023, 12, 21), date(2026, 12, 20), "4")
    assert level_counts(renewal) == {5: 5, 4: 12, 3: 5}  # the mean is exactly 4.00
    frozen = {response.item_id: response.value for response in renewal.application.frozen.responses.all()}
    assert frozen["TDAM.physical-asset-mapping"] == "5" and frozen["BM.accountability"] == "4"
    assert frozen["BM.governance"] == "4"
    assert audits(renewal) == [("surveillance-1", date(2024, 12, 20), True), ("surveillance-2", None, None)]
    assert Counter(renewal.due.get(schedule_id="surveillance-1").scores.values()) == {"5": 5, "4": 14, "3": 3}
    source = renewal.application.source
    assert source.kind == "renewal" and source.illustrative and "Shinailbo" in source.source_note
    page = client.get(f"/certificates/{renewal.number}/").content.decode()
    assert "서초구" in page and "2023-12-21" in page and "2026-12-20" in page


def test_sejongs_iso_certificate_has_lapsed_without_a_renewal() -> None:
    certificates = iso_certificates("36000")
    assert [(c.issued_on, c.grade) for c in certificates] == [(date(2020, 12, 30), "4")]
    sejong = certificates[0]
    assert sejong.expires_on == date(2023, 12, 29)
    assert sejong.status_on(FACTS_GATHERED) == "expired" and sejong.status_on(date(2023, 12, 1)) == "valid"
    assert level_counts(sejong) == {5: 6, 4: 13, 3: 3}
    assert not sejong.renewals().exists()
    assert "did not renew" in sejong.application.source.source_note


def test_daegu_gimhae_and_suwon_are_there_with_their_published_figures_and_dates() -> None:
    (daegu,) = iso_certificates("27000")
    assert (daegu.issued_on, daegu.grade) == (date(2020, 1, 22), "3")
    assert level_counts(daegu) == {4: 7, 3: 15}
    frozen = {response.item_id: response.value for response in daegu.application.frozen.responses.all()}
    assert frozen["BM.partnership"] == "4" and frozen["TDAM.it-architecture"] == "4"

    (gimhae,) = iso_certificates("48250")
    assert (gimhae.issued_on, gimhae.grade) == (date(2023, 3, 30), "3")
    assert level_counts(gimhae) == {4: 8, 3: 14}

    (suwon,) = iso_certificates("41110")
    assert suwon.issued_on == date(2022, 12, 16)
    assert audits(suwon) == [
        ("surveillance-1", date(2023, 12, 19), True),
        ("surveillance-2", date(2024, 9, 5), True),  # about 21 months in, within its window's reach
    ]
    for certificate in (daegu, gimhae, suwon):
        source = certificate.application.source
        assert source.illustrative and "illustrative" in source.source_note
