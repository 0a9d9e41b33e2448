"""Seocho-gu is certified; on its appeal certifier-3 sends the application back for re-review. The application is
in review again, its decision and published rows are gone, its certificate is withdrawn (with the reason in its
history), and the decision as it was (outcome, reasons, time) is kept on the appeal and in the audit log."""

from __future__ import annotations

import pytest

from citycert.appeals import transitions
from citycert.audit.models import AuditEvent
from citycert.certification.choices import ApplicationState, CertificateStatus, Outcome
from citycert.certification.models import Certificate, Decision, PublishedItem, PublishedRows
from tests.appeals.story import logged_in, seocho_decided, text_of
from tests.people import People

pytestmark = pytest.mark.django_db


def test_an_application_sent_back_is_in_review_again(people: People) -> None:
    story = seocho_decided(people, Outcome.CERTIFIED)
    certificate = Certificate.objects.get(application=story.application)
    day = story.decision.decided_at.date()
    appeal = transitions.file_appeal(story.application, "현장실사 없이 결정되었습니다.", [], people.officer, day)
    transitions.take_appeal(appeal, story.handler, day)

    handler = logged_in(story.handler)
    answer = handler.post(
        f"/certification/appeals/{appeal.pk}/decide/",
        {"outcome": "sent_back", "resolution": "현장실사 후 다시 결정합니다."},
    )
    assert answer.status_code == 302

    story.application.refresh_from_db()
    assert story.application.state == ApplicationState.IN_REVIEW
    assert not Decision.objects.filter(application=story.application).exists()
    assert not PublishedItem.objects.filter(application=story.application).exists()
    assert not PublishedRows.objects.filter(application=story.application).exists()
    certificate.refresh_from_db()
    assert certificate.status == CertificateStatus.WITHDRAWN
    assert "현장실사 후 다시 결정합니다." in certificate.changes.last().reason  # type: ignore[union-attr]

    appeal.refresh_from_db()
    assert appeal.state == "sent_back" and appeal.certificate_withdrawn == certificate.number
    assert (appeal.decision_outcome, appeal.decision_reasons, appeal.decision_decided_at) == (
        Outcome.CERTIFIED,
        story.decision.reasons,
        story.decision.decided_at,
    )
    event = AuditEvent.objects.get(action="application.sent_back")
    before, after = event.before or {}, event.after or {}
    assert before["outcome"] == Outcome.CERTIFIED
    assert before["decided_at"] == story.decision.decided_at.isoformat()
    assert after["state"] == ApplicationState.IN_REVIEW

    page = text_of(logged_in(people.officer).get(f"/certification/appeals/{appeal.pk}/"))
    assert "재심사 회부" in page and story.decision.reasons in page and certificate.number in page
