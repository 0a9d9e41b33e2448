"""The demo's certification: the national scheme's certifications of 2021-2025 (expired since, unless
recent), one ISO 37106 certificate in force with a surveillance audit coming due, and rounds in progress,
all of it in an intact audit log."""

from __future__ import annotations

from datetime import date

import pytest
from django.test import Client
from django.utils import timezone

from citycert.audit.log import verify
from citycert.certification.models import Application, Certificate, Round
from citycert.certification.scheme import stages as stages_of

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("demo")]
TODAY = timezone.localdate()


def test_the_demo_holds_finished_and_open_rounds_and_the_registry_is_full(client: Client) -> None:
    # Finished: Seongdong-gu's 2021 certificate expired by itself, and its page says so.
    seongdong = Certificate.objects.get(city__code="11200", issued_on=date(2021, 9, 10))
    assert (seongdong.status, seongdong.expires_on) == ("valid", date(2023, 9, 9))
    assert seongdong.status_on(TODAY) == "expired"
    assert "만료" in client.get(f"/certificates/{seongdong.number}/").content.decode()

    # The national scheme's certifications of 2021-2025, new and extended, as the press listed them.
    national = Certificate.objects.filter(framework_version__framework_id="kr-smartcity")
    by_year = {year: national.filter(issued_on__year=year).count() for year in range(2021, 2026)}
    assert by_year == {2021: 8, 2022: 9, 2023: 14, 2024: 11, 2025: 16}
    assert national.filter(city__code="36000", issued_on=date(2024, 11, 25), category="small_medium").exists()

    # One certificate in force, with its next surveillance audit coming.
    hanam = Certificate.objects.get(number="BSI-ISO37106-2025-0001")
    assert hanam.status_on(TODAY) == "valid"
    assert [(d.schedule_id, d.passed) for d in hanam.due.all()] == [("surveillance-1", True), ("surveillance-2", None)]

    # In progress: this year's national round, open, Seongdong-gu in document review with a request open.
    current = Round.objects.get(framework_version__framework_id="kr-smartcity", year=TODAY.year)
    assert current.is_open(TODAY)
    application = Application.objects.get(round=current, city__code="11200")
    assert application.state == "in_review" and application.sheets.filter(submitted_at__isnull=False).count() == 1
    assert application.requests.filter(answer="").count() == 1

    checked, broken = verify()
    assert broken is None and checked > 100


def test_every_demo_decision_passed_the_stage_gates_and_four_eyes() -> None:
    # Every decided application: each panel member submitted every stage, `certifier` recorded the consensus
    # and `certifier-2`, who took no part in it, decided.
    decided = Application.objects.filter(state="decided").select_related("decision__decided_by", "panel")
    assert decided.count() >= 60
    for application in decided:
        members = application.panel.memberships.count()  # type: ignore[union-attr]
        stages = {stage.id for stage in stages_of(application.round.framework_version.framework)}
        submitted = application.sheets.filter(submitted_at__isnull=False)
        assert submitted.count() == members * len(stages), application
        assert set(application.consensus.values_list("recorded_by__username", flat=True)) == {"certifier"}
        assert application.decision.decided_by.username == "certifier-2"  # type: ignore[union-attr]
