"""The demo holds the one service the 2024 service round certified, 서경산업's 스마트 자전거 지킴이 솔루션
(transport), announced on 2024-11-25, with values marked illustrative; its certificate is on the public registry
and page, naming the service and its provider. Under the two-year term we infer, it expired on 2026-11-24."""

from __future__ import annotations

from datetime import date

import pytest
from django.test import Client

from citycert.certification.models import Certificate

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("demo")]


def test_the_service_is_certified_with_illustrative_values() -> None:
    certificate = Certificate.objects.select_related("service", "application__source").get(
        framework_version__framework_id="kr-smartcity-service"
    )
    assert certificate.service is not None and certificate.service.name_ko == "스마트 자전거 지킴이 솔루션"
    assert certificate.service.provider_ko == "서경산업" and certificate.service.domain == "S02"
    assert certificate.city.code == "11470" and certificate.issued_on == date(2024, 11, 25)
    assert certificate.expires_on == date(2026, 11, 24)
    # The self-assessment it applied with says its values are illustrative; the review's copy names the service.
    own = certificate.application.source
    assert own.service == certificate.service and own.illustrative and "illustrative" in own.source_note
    assert certificate.application.frozen.service == certificate.service
    total = float(certificate.application.decision.result["total"])
    assert 70 <= total < 80


def test_the_public_finds_it_in_the_registry_and_on_its_page(client: Client) -> None:
    number = Certificate.objects.get(framework_version__framework_id="kr-smartcity-service").number
    page = client.get(f"/certificates/{number}/").content.decode()
    assert "스마트 자전거 지킴이 솔루션" in page and "서경산업" in page and "서울특별시 양천구" in page
    listed = client.get("/registry/", {"framework": "kr-smartcity-service"}).content.decode()
    assert number in listed and "스마트 자전거 지킴이 솔루션" in listed and "서경산업" in listed
