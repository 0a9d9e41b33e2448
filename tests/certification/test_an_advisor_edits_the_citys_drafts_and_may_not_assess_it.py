"""A consultant advises Seocho-gu: they open and change the city's draft as its officers do, but neither submit it,
start one, nor apply with the city's assessment; Hanam-si's work is closed to them. Made an assessor of the
certifying body too, they are conflicted as Seocho-gu's assessor without declaring anything: the certifier cannot
give Seocho-gu to a panel they sit on, nor add them to a panel that reviews it, and is told why and what to do."""

from __future__ import annotations

import pytest
from django.test import Client

from citycert.certification import workflow
from citycert.certification.models import Application
from tests.certification.story import APPLYING_DAY, open_bsi_round, submitted_self_assessment
from tests.people import People, advisor, also, ready_to_sit


def test_an_advisor_edits_the_draft_and_submits_nothing(client: Client, people: People) -> None:
    consultant = advisor("advisor-seocho", people.seocho)
    client.force_login(consultant)
    page = client.get(f"/assessments/{people.draft.pk}/")
    assert page.status_code == 200 and "서초구" in page.content.decode()
    saved = client.post(f"/assessments/{people.draft.pk}/items/BM.vision/", {"value": "4"})
    assert saved.status_code == 200
    assert people.draft.responses.get(item_id="BM.vision").value == "4"

    assert client.post(f"/assessments/{people.draft.pk}/submit/", {"revision": "99"}).status_code == 403
    assert client.get("/cities/11650/assessments/new/").status_code == 404  # no city workspace of their own
    assert client.get(f"/assessments/{people.submitted.pk}/").status_code == 200  # the city's work, to read
    hanams = submitted_self_assessment(people.hanam, people.other_officer, {})
    assert client.get(f"/assessments/{hanams.pk}/").status_code == 404

    round_ = open_bsi_round(people)
    refused = client.post(f"/certification/rounds/{round_.pk}/apply/", {"assessment": people.submitted.pk})
    assert refused.status_code == 403
    assert not Application.objects.exists()


def test_an_advisor_is_conflicted_as_the_citys_assessor_without_declaring_it(client: Client, people: People) -> None:
    consultant = also(advisor("advisor-seocho", people.seocho), "assessor")
    round_ = open_bsi_round(people)
    seocho = workflow.apply(
        round_, submitted_self_assessment(people.seocho, people.officer, {}), people.officer, APPLYING_DAY
    )
    ready_to_sit(round_, [people.assessor, consultant], people.certifier)
    panel = workflow.form_panel(round_, "패널 A", [people.assessor, consultant], people.certifier)
    client.force_login(people.certifier)
    answer = client.post(f"/certification/applications/{seocho.pk}/assign/", {"panel": panel.pk})
    assert answer.status_code == 400
    text = answer.content.decode()
    assert "advisor-seocho" in text and "심사단에서 빼거나 신청을 다른 심사단에 배정하세요" in text
    seocho.refresh_from_db()
    assert seocho.panel_id is None and seocho.state == "applied"
    assert not workflow.conflicted([consultant.pk], [people.hanam])  # Hanam-si: no tie

    clean = workflow.form_panel(round_, "패널 B", [people.assessor], people.certifier)
    workflow.assign(seocho, clean, people.certifier)
    with pytest.raises(workflow.Refused, match="advisor-seocho") as refused:
        workflow.add_member(clean, consultant, people.certifier)
    assert "서초구의 자문위원이므로" in str(refused.value)
    assert not clean.memberships.filter(assessor=consultant).exists()
