"""An assessor's certification list is their own assignments: assessor-4, on Hanam-si's panel only, sees Hanam-si
and not Seocho-gu (whose panel they are not on); decided applications of their panels wait behind a link. The
certifier still sees every application."""

from __future__ import annotations

from django.test import Client

from citycert.accounts.models import Role
from citycert.certification import workflow
from citycert.certification.choices import Outcome
from tests.certification.story import APPLYING_DAY, agree, decide, item_ids, open_bsi_round, submitted_self_assessment
from tests.people import People, person, ready_to_sit


def test_an_assessor_lists_only_their_own_assignments(client: Client, people: People) -> None:
    round_ = open_bsi_round(people)
    seocho = workflow.apply(
        round_, submitted_self_assessment(people.seocho, people.officer, {}), people.officer, APPLYING_DAY
    )
    hanam = workflow.apply(
        round_, submitted_self_assessment(people.hanam, people.other_officer, {}), people.other_officer, APPLYING_DAY
    )
    mine = person("assessor-4", Role.ASSESSOR)
    ready_to_sit(round_, [people.assessor], people.certifier)
    panel_a = workflow.form_panel(round_, "패널 A", [people.assessor], people.certifier)
    ready_to_sit(round_, [mine], people.certifier)
    panel_b = workflow.form_panel(round_, "패널 B", [mine], people.certifier)
    seocho = workflow.assign(seocho, panel_a, people.certifier)
    hanam = workflow.assign(hanam, panel_b, people.certifier)

    client.force_login(mine)
    listing = client.get("/certification/").content.decode()
    assert "내 배정 신청" in listing
    assert f"/certification/applications/{hanam.pk}/" in listing
    assert f"/certification/applications/{seocho.pk}/" not in listing
    client.force_login(people.certifier)
    listing = client.get("/certification/").content.decode()
    assert (
        f"/certification/applications/{hanam.pk}/" in listing and f"/certification/applications/{seocho.pk}/" in listing
    )

    # Once decided, Hanam-si leaves the assessor's list, and is there on asking for the decided ones too.
    agree(hanam, dict.fromkeys(item_ids(), ("3", "")), people.certifier)
    decide(hanam, Outcome.CERTIFIED, "충족")
    client.force_login(mine)
    client.cookies["django_language"] = "en"
    listing = client.get("/certification/").content.decode()
    assert f"/certification/applications/{hanam.pk}/" not in listing
    assert "No application to show." in listing and "Show the decided ones too" in listing
    earlier = client.get("/certification/?earlier=1").content.decode()
    assert f"/certification/applications/{hanam.pk}/" in earlier
    assert f"/certification/applications/{seocho.pk}/" not in earlier
