"""Seocho-gu is certified; its officer appeals with reasons and a PDF. While the appeal is open the certificate's
page and the registry say "under appeal" (이의 신청 중). certifier-3, who took no part in the decision, takes the
appeal and upholds the decision: the decision, its certificate and the published result stay as they were, the
"under appeal" mark goes, and every step is in the audit log."""

from __future__ import annotations

import pytest
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from citycert.appeals.models import Appeal
from citycert.audit.models import AuditEvent
from citycert.certification.choices import CertificateStatus, Outcome
from citycert.certification.models import Certificate, Decision, PublishedItem
from tests.appeals.story import logged_in, seocho_decided, text_of
from tests.people import PDF, People

pytestmark = pytest.mark.django_db


def test_an_appeal_is_upheld_and_nothing_changes(people: People) -> None:
    story = seocho_decided(people, Outcome.CERTIFIED)
    certificate = Certificate.objects.get(application=story.application)
    published = sorted(PublishedItem.objects.filter(application=story.application).values_list("item_id", "value"))
    officer = logged_in(people.officer)

    page = text_of(officer.get(f"/certification/applications/{story.application.pk}/"))
    assert "이의 신청" in page and f"/certification/applications/{story.application.pk}/appeal/" in page

    filed = officer.post(
        f"/certification/applications/{story.application.pk}/appeal/",
        {"reasons": "BM.vision 항목의 증빙을 반영하지 않았습니다.", "files": SimpleUploadedFile("근거.pdf", PDF)},
    )
    assert filed.status_code == 302
    appeal = Appeal.objects.get()
    assert appeal.state == "filed" and appeal.decision_outcome == Outcome.CERTIFIED
    stored = appeal.files.get()
    assert stored.name == "근거.pdf" and default_storage.open(stored.stored_as).read() == PDF
    assert officer.get(f"/certification/appeals/{appeal.pk}/files/{stored.pk}").getvalue() == PDF

    # The public sees the certificate under appeal, on its page and in the registry.
    visitor = Client()
    assert "이의 신청 중" in text_of(visitor.get(f"/certificates/{certificate.number}/"))
    assert "이의 신청 중" in text_of(visitor.get("/registry/"))

    handler = logged_in(story.handler)
    assert "certifier-3" in text_of(handler.get(f"/certification/appeals/{appeal.pk}/"))
    assert handler.post(f"/certification/appeals/{appeal.pk}/take/").status_code == 302
    decided = handler.post(
        f"/certification/appeals/{appeal.pk}/decide/",
        {"outcome": "upheld", "resolution": "증빙은 이미 심사에 반영되었습니다."},
    )
    assert decided.status_code == 302
    appeal.refresh_from_db()
    assert appeal.state == "upheld" and appeal.handler == story.handler and appeal.resolved_at is not None

    decision = Decision.objects.get(application=story.application)
    assert (decision.outcome, decision.reasons, decision.decided_by) == (
        Outcome.CERTIFIED,
        story.decision.reasons,
        story.decider,
    )
    certificate.refresh_from_db()
    assert certificate.status == CertificateStatus.VALID
    assert (
        sorted(PublishedItem.objects.filter(application=story.application).values_list("item_id", "value")) == published
    )
    assert "이의 신청 중" not in text_of(visitor.get(f"/certificates/{certificate.number}/"))
    assert "이의 신청 중" not in text_of(visitor.get("/registry/"))

    officer_page = text_of(officer.get(f"/certification/appeals/{appeal.pk}/"))
    assert "원결정 유지" in officer_page and "증빙은 이미 심사에 반영되었습니다." in officer_page
    actions = list(AuditEvent.objects.filter(object_type="appeal").order_by("id").values_list("action", flat=True))
    assert actions == ["appeal.filed", "appeal.in_handling", "appeal.upheld"]
