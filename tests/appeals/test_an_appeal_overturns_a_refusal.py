"""Seocho-gu's consensus meets the bar, but certifier-2 decided "not certified". Its officer appeals; certifier-3
overturns the decision: the decision now reads "certified" with certifier-3's reasons, the open data says so, a
certificate is issued and the public finds it in the registry. The decision as it was stays on the appeal and in
the audit log; the officer reads it in English too. An overturn to "certified" below the bar is refused with the reason, and nothing changes."""

from __future__ import annotations

import pytest
from django.test import Client

from citycert.appeals import transitions
from citycert.appeals.models import Appeal
from citycert.audit.models import AuditEvent
from citycert.certification.choices import CertificateStatus, Outcome
from citycert.certification.models import Certificate, Decision, PublishedRows
from citycert.certification.workflow import Refused
from tests.appeals.story import logged_in, seocho_decided, text_of
from tests.people import People
from tests.registry.story import in_english

pytestmark = pytest.mark.django_db


def test_an_overturned_refusal_issues_the_certificate(people: People) -> None:
    story = seocho_decided(people, Outcome.NOT_CERTIFIED)
    assert not Certificate.objects.filter(application=story.application).exists()
    assert ",not_certified\n" in PublishedRows.objects.get(application=story.application).csv
    officer = logged_in(people.officer)
    officer.post(
        f"/certification/applications/{story.application.pk}/appeal/",
        {"reasons": "합의 점수가 모두 기준을 넘었는데 불인증되었습니다."},
    )
    appeal = Appeal.objects.get()

    handler = logged_in(story.handler)
    handler.post(f"/certification/appeals/{appeal.pk}/take/")
    answer = handler.post(
        f"/certification/appeals/{appeal.pk}/decide/",
        {"outcome": "overturned", "resolution": "합의 결과가 기준을 충족하므로 인증합니다."},
    )
    assert answer.status_code == 302

    decision = Decision.objects.get(application=story.application)
    assert decision.outcome == Outcome.CERTIFIED
    assert decision.reasons == "합의 결과가 기준을 충족하므로 인증합니다."
    assert decision.decided_by == story.handler
    assert ",certified\n" in PublishedRows.objects.get(application=story.application).csv
    certificate = Certificate.objects.get(application=story.application)
    assert certificate.status == CertificateStatus.VALID

    appeal.refresh_from_db()
    assert (appeal.state, appeal.new_outcome, appeal.certificate_issued) == (
        "overturned",
        Outcome.CERTIFIED,
        certificate.number,
    )
    assert (appeal.decision_outcome, appeal.decision_reasons, appeal.decision_decided_at) == (
        Outcome.NOT_CERTIFIED,
        story.decision.reasons,
        story.decision.decided_at,
    )
    event = AuditEvent.objects.get(action="application.decision_overturned")
    before, after = event.before or {}, event.after or {}
    assert before["outcome"] == Outcome.NOT_CERTIFIED and before["reasons"] == story.decision.reasons
    assert after["certificate_issued"] == certificate.number

    visitor = Client()
    assert f"/certificates/{certificate.number}/" in text_of(visitor.get("/registry/"))
    assert "원결정 변경" in text_of(officer.get(f"/certification/applications/{story.application.pk}/"))
    assert certificate.number in text_of(officer.get(f"/certification/appeals/{appeal.pk}/"))

    in_english(officer)
    english = text_of(officer.get(f"/certification/appeals/{appeal.pk}/"))
    assert "decision overturned" in english and "The decision is now" in english and "Certificate issued" in english


def test_an_overturn_below_the_bar_is_refused(people: People) -> None:
    story = seocho_decided(people, Outcome.NOT_CERTIFIED, level="1")
    appeal = transitions.file_appeal(
        story.application, "다시 봐 주십시오.", [], people.officer, story.decision.decided_at.date()
    )
    transitions.take_appeal(appeal, story.handler, story.decision.decided_at.date())
    handler = logged_in(story.handler)
    answer = handler.post(
        f"/certification/appeals/{appeal.pk}/decide/",
        {"outcome": "overturned", "resolution": "인증합니다."},
    )
    assert answer.status_code == 409
    page = text_of(answer)
    assert "인증 기준을 충족하지 않아" in page and "인증합니다." in page  # the reason, and what was typed
    appeal.refresh_from_db()
    assert appeal.state == "in_handling"
    assert Decision.objects.get(application=story.application).outcome == Outcome.NOT_CERTIFIED
    assert not Certificate.objects.filter(application=story.application).exists()
    with pytest.raises(Refused):
        transitions.decide_appeal(appeal, "overturned", "인증합니다.", story.handler, story.decision.decided_at.date())
