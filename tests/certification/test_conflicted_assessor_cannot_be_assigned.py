"""Assessor-3 advised Hanam-si and says so; the certifier then cannot put Hanam-si before a panel with
assessor-3 on it, nor add assessor-3 to a panel that reviews Hanam-si."""

from __future__ import annotations

import pytest
from django.test import Client

from citycert.accounts.models import Role
from citycert.certification import workflow
from citycert.certification.models import Application, ConflictOfInterest
from tests.certification.story import APPLYING_DAY, open_bsi_round, submitted_self_assessment
from tests.people import People, person, ready_to_sit


def test_a_declared_conflict_keeps_the_assessor_off_that_citys_application(client: Client, people: People) -> None:
    round_ = open_bsi_round(people)
    hanam = workflow.apply(
        round_, submitted_self_assessment(people.hanam, people.other_officer, {}), people.other_officer, APPLYING_DAY
    )
    advisor = person("assessor-3", Role.ASSESSOR)
    client.force_login(advisor)
    declared = client.post("/certification/conflicts/", {"city": people.hanam.pk, "reason": "2024 스마트도시계획 자문"})
    assert declared.status_code == 302
    assert ConflictOfInterest.objects.filter(assessor=advisor, city=people.hanam).exists()

    ready_to_sit(round_, [people.assessor, advisor], people.certifier)
    panel = workflow.form_panel(round_, "패널 B", [people.assessor, advisor], people.certifier)
    client.force_login(people.certifier)
    answer = client.post(f"/certification/applications/{hanam.pk}/assign/", {"panel": panel.pk})
    assert answer.status_code == 400
    assert "assessor-3" in answer.content.decode()
    hanam.refresh_from_db()
    assert hanam.panel_id is None and hanam.state == "applied"

    # A panel without assessor-3 takes Hanam-si; adding assessor-3 to it afterwards is refused.
    ready_to_sit(round_, [people.assessor], people.certifier)
    clean = workflow.form_panel(round_, "패널 C", [people.assessor], people.certifier)
    workflow.assign(hanam, clean, people.certifier)
    with pytest.raises(workflow.Refused, match="assessor-3"):
        workflow.add_member(clean, advisor, people.certifier)
    assert not clean.memberships.filter(assessor=advisor).exists()
    assert Application.objects.get(pk=hanam.pk).panel_id == clean.pk


def test_only_assessors_declare_conflicts(client: Client, people: People) -> None:
    client.force_login(people.officer)
    answer = client.post("/certification/conflicts/", {"city": people.hanam.pk, "reason": "x"})
    assert answer.status_code == 403
    assert not ConflictOfInterest.objects.exists()


def test_a_declaration_needs_a_reason(client: Client, people: People) -> None:
    client.force_login(people.assessor)
    answer = client.post("/certification/conflicts/", {"city": people.hanam.pk, "reason": "  "})
    assert answer.status_code == 400
    assert not ConflictOfInterest.objects.exists()
