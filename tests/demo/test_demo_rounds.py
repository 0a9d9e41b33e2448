"""The demo's certification: finished rounds whose certificates have expired since, one certificate in
force with a surveillance audit coming due, and rounds in progress, all of it in an intact audit log."""

from __future__ import annotations

from datetime import date

import pytest
from django.test import Client
from django.utils import timezone

from citycert.audit.log import verify
from citycert.certification.models import Application, Certificate, Round
from citycert.demo.load import load_demo

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()


def test_finished_rounds_left_certificates_that_expired_by_themselves(client: Client) -> None:
    load_demo()
    seongdong = Certificate.objects.get(city__code="11200", issued_on=date(2021, 9, 10))
    assert (seongdong.status, seongdong.expires_on) == ("valid", date(2023, 9, 9))
    assert seongdong.status_on(TODAY) == "expired"
    page = client.get(f"/certificates/{seongdong.number}/", HTTP_ACCEPT_LANGUAGE="ko").content.decode()
    assert "만료" in page


def test_one_certificate_is_in_force_with_its_next_audit_coming(client: Client) -> None:
    load_demo()
    hanam = Certificate.objects.get(number="BSI-ISO37106-2025-0001")
    assert hanam.status_on(TODAY) == "valid"
    assert [(d.schedule_id, d.passed) for d in hanam.due.all()] == [("surveillance-1", True), ("surveillance-2", None)]


def test_rounds_are_in_progress(client: Client) -> None:
    load_demo()
    kr_2026 = Round.objects.get(framework_version__framework_id="kr-smartcity", year=TODAY.year)
    assert kr_2026.is_open(TODAY)
    application = Application.objects.get(round=kr_2026)
    assert application.state == "in_review" and application.sheets.filter(submitted_at__isnull=False).count() == 1
    assert application.requests.filter(answer="").count() == 1
    checked, broken = verify()
    assert broken is None and checked > 100
