"""The certifier puts assessor-2, who has neither a qualification for the ISO 37106 scheme nor a declaration for the
round, on a panel beside assessor-1, who has both: refused, naming assessor-2 and what they lack, until the certifier
gives a reason, which the audit event keeps and the round's panel shows. Giving the panel Seocho-gu's application asks
for a reason again; so does adding an assessor whose qualification has ended."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.conf import settings
from django.test import Client
from django.utils import timezone

from citycert.accounts.models import Role
from citycert.audit.models import AuditEvent
from citycert.certification import workflow
from citycert.certification.models import Application, Panel
from citycert.competence import workflow as competence
from tests.certification.story import APPLYING_DAY, open_bsi_round, submitted_self_assessment
from tests.people import People, person, ready_to_sit

REASON = "ISO 37106 심사원 교육 수료 예정(12월 10일), 지역 전문가로 위촉"
ASSIGN_REASON = "서초구 현장 평가에 지역 전문가가 필요함"


def test_an_unready_assessor_sits_only_with_the_certifiers_reason(client: Client, people: People) -> None:
    round_ = open_bsi_round(people)
    seocho = workflow.apply(
        round_, submitted_self_assessment(people.seocho, people.officer, {}), people.officer, APPLYING_DAY
    )
    newcomer = person("assessor-2", Role.ASSESSOR)
    ready_to_sit(round_, [people.assessor], people.certifier)
    today = timezone.localdate().isoformat()
    client.force_login(people.certifier)
    url = f"/certification/rounds/{round_.pk}/panels/"
    sent = {"name": "패널 A", "category": "", "members": [people.assessor.pk, newcomer.pk]}

    refused = client.post(url, sent)
    assert refused.status_code == 409
    page = refused.content.decode()
    assert (
        "다음 평가위원을 배정하려면 사유가 필요합니다: assessor-2 ("
        f"{today} 기준 ISO 37106 스마트시티 성숙도 평가 (BSI 카이트마크) 평가 자격 없음, "
        "2026년 ISO 37106 인증 공정성 선언 없음)." in page
    )
    assert 'id="id_reason_error"' in page and 'value="패널 A"' in page  # the reason's field, with what was typed
    assert "assessor-1 (" not in page  # assessor-1 is qualified and declared
    assert not Panel.objects.exists()

    formed = client.post(url, {**sent, "reason": REASON}, follow=True)
    page = formed.content.decode()
    assert "평가위원단을 구성했습니다." in page
    assert "자격이나 공정성 선언 없이 배정된 평가위원" in page
    assert "assessor-2</strong>: 그날 공모의 인증 제도에 대한 자격 없음, 공모에 대한 공정성 선언 없음" in page
    assert f"사유: {REASON}" in page and "(certifier, " in page
    panel = Panel.objects.get()
    after = AuditEvent.objects.get(action="panel.formed").after or {}
    assert after["reason"] == REASON
    assert after["seated_without"] == [{"assessor": "assessor-2", "missing": ["qualification", "declaration"]}]

    # Giving the panel an application seats assessor-2 before Seocho-gu: the reason is asked for again.
    assign = f"/certification/applications/{seocho.pk}/assign/"
    refused = client.post(assign, {"panel": panel.pk})
    assert refused.status_code == 409
    page = refused.content.decode()
    assert "다음 평가위원을 배정하려면 사유가 필요합니다: assessor-2 (" in page
    assert f'id="id_application{seocho.pk}_reason_error"' in page
    assert Application.objects.get(pk=seocho.pk).panel_id is None

    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    refused = client.post(assign, {"panel": panel.pk})
    assert (
        "A reason is needed to seat assessor-2 (not qualified for ISO 37106 smart city maturity assessment "
        f"(BSI Kitemark) on {today}, no impartiality declaration for ISO 37106 certification 2026)."
    ) in refused.content.decode()
    assigned = client.post(assign, {"panel": panel.pk, "reason": ASSIGN_REASON}, follow=True)
    page = assigned.content.decode()
    assert "Assigned to 패널 A." in page
    assert "Seated without a qualification or a declaration" in page
    assert "(assigned Seocho-gu)" in page and f"Reason: {ASSIGN_REASON}" in page and f"Reason: {REASON}" in page
    assert Application.objects.get(pk=seocho.pk).panel_id == panel.pk
    after = AuditEvent.objects.get(action="application.assigned").after or {}
    assert after["reason"] == ASSIGN_REASON and after["seated_without"][0]["assessor"] == "assessor-2"


def test_once_qualified_and_declared_nobody_is_asked_for_a_reason(client: Client, people: People) -> None:
    round_ = open_bsi_round(people)
    ready_to_sit(round_, [people.assessor], people.certifier)
    client.force_login(people.certifier)
    formed = client.post(
        f"/certification/rounds/{round_.pk}/panels/",
        {"name": "패널 A", "category": "", "members": [people.assessor.pk]},
        follow=True,
    )
    page = formed.content.decode()
    assert "평가위원단을 구성했습니다." in page and "자격이나 공정성 선언 없이 배정된 평가위원" not in page
    assert "reason" not in (AuditEvent.objects.get(action="panel.formed").after or {})


def test_a_qualification_that_ended_or_covers_another_scheme_does_not_count(people: People) -> None:
    round_ = open_bsi_round(people)
    panel = workflow.form_panel(round_, "패널 A", [], people.certifier)
    lapsed = person("assessor-2", Role.ASSESSOR)
    other_scheme = person("assessor-3", Role.ASSESSOR)
    yesterday = timezone.localdate() - timedelta(days=1)
    competence.record_qualification(
        lapsed,
        competence.QualificationInput(
            title="ISO 37106 심사원", schemes=["bsi-iso37106"], valid_from=date(2020, 1, 1), valid_until=yesterday
        ),
        people.certifier,
    )
    competence.record_qualification(
        other_scheme,
        competence.QualificationInput(
            title="국가 인증 평가위원", schemes=["kr-smartcity"], valid_from=date(2020, 1, 1)
        ),
        people.certifier,
    )
    for assessor in (lapsed, other_scheme):
        competence.declare_impartiality(assessor, round_.pk, "", assessor)
        with pytest.raises(workflow.Refused, match=f"{assessor.username} \\(.*자격 없음\\)") as refusal:
            workflow.add_member(panel, assessor, people.certifier)
        assert "공정성 선언 없음" not in str(refusal.value)  # they declared
        assert refusal.value.rule == "reason_needed_competence"
    assert not panel.memberships.exists()

    workflow.add_member(panel, lapsed, people.certifier, reason="재위촉 심사 중, 이번 공모까지 위촉 유지")
    event = AuditEvent.objects.get(action="panel.member_added")
    assert event.after == {
        "assessor": "assessor-2",
        "seated_without": [{"assessor": "assessor-2", "missing": ["qualification"]}],
        "reason": "재위촉 심사 중, 이번 공모까지 위촉 유지",
    }
