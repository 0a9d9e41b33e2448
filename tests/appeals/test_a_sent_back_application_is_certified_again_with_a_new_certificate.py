"""Seocho-gu is certified (certificate A). On its appeal certifier-3 sends the application back for re-review; the
panel's consensus is recorded again and certifier-2 certifies anew: a new certificate B is issued on the same
application, A stays withdrawn, and each verifies truthfully (A genuine but withdrawn, B genuine and valid). A
second route to a new certificate: re-decided not certified, then overturned on a second appeal. The database
itself refuses a second certificate in force on one application."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import IntegrityError, transaction
from django.test import Client
from django.utils import timezone

from citycert.appeals import transitions
from citycert.certification import workflow
from citycert.certification.choices import ApplicationState, CertificateStatus, Outcome
from citycert.certification.models import Application, Certificate
from tests.appeals.story import Appealable, decide, logged_in, seocho_decided, text_of
from tests.certification.story import item_ids
from tests.people import People

pytestmark = pytest.mark.django_db


def send_back(story: Appealable, people: People) -> None:
    """The city appeals; certifier-3, who took no part, sends the application back through the appeal page."""
    today = timezone.localdate()
    appeal = transitions.file_appeal(
        story.application, "현장실사 결과가 반영되지 않았습니다.", [], people.officer, today
    )
    transitions.take_appeal(appeal, story.handler, today)
    answer = logged_in(story.handler).post(
        f"/certification/appeals/{appeal.pk}/decide/",
        {"outcome": "sent_back", "resolution": "현장실사를 반영해 다시 심의합니다."},
    )
    assert answer.status_code == 302
    story.application.refresh_from_db()
    assert story.application.state == ApplicationState.IN_REVIEW


def re_review(application: Application, people: People, level: str = "4") -> None:
    """The panel agrees again, this time with the site visit's findings: every item at `level`."""
    reasons = "현장실사 반영" if level != "3" else ""
    workflow.record_consensus(application, dict.fromkeys(item_ids(), (level, reasons)), people.certifier)


def pdf_of(number: str) -> bytes:
    answer = Client().get(f"/certificates/{number}/certificate.pdf")
    assert answer.status_code == 200
    return answer.content


def verdict(data: bytes, english: bool = False) -> str:
    client = Client()
    if english:
        client.cookies["django_language"] = "en"
    return text_of(client.post("/certificates/verify/", {"file": SimpleUploadedFile("c.pdf", data)}))


def test_sent_back_then_certified_issues_a_new_certificate_beside_the_withdrawn_one(people: People) -> None:
    story = seocho_decided(people, Outcome.CERTIFIED)
    first = Certificate.objects.get(application=story.application)
    first_pdf = pdf_of(first.number)
    send_back(story, people)

    re_review(story.application, people)
    decide(story.application, Outcome.CERTIFIED, "현장실사 반영 후 재심의: 인증", story.decider, timezone.localdate())

    first.refresh_from_db()
    second = Certificate.objects.exclude(pk=first.pk).get(application=story.application)
    assert first.status == CertificateStatus.WITHDRAWN and second.status == CertificateStatus.VALID
    assert second.number != first.number and second.grade == "4"
    story.application.refresh_from_db()
    assert story.application.state == ApplicationState.DECIDED
    assert story.application.certificate == second

    # The application page names the new certificate; the registry lists both, each with its own status.
    page = text_of(logged_in(people.officer).get(f"/certification/applications/{story.application.pk}/"))
    assert second.number in page and f'앞서 철회된 인증서: <a href="/certificates/{first.number}/">' in page
    registry = text_of(Client().get("/registry/", {"q": "서초"}))
    assert first.number in registry and second.number in registry
    assert "철회됨" in text_of(Client().get(f"/certificates/{first.number}/"))
    assert "유효" in text_of(Client().get(f"/certificates/{second.number}/"))

    # Each PDF verifies truthfully: the first genuine but withdrawn (since the send-back), the second valid.
    said = verdict(first_pdf)
    assert 'class="card verdict genuine_not_valid"' in said
    assert f"서울특별시 서초구의 인증서 {first.number}은(는) {timezone.localdate()}부터 철회됨 상태입니다." in said
    said = verdict(pdf_of(second.number))
    assert 'class="card verdict genuine"' in said
    assert f"서울특별시 서초구의 인증서 {second.number}, {second.expires_on}까지 유효합니다." in said
    english = verdict(first_pdf, english=True)
    assert f"certificate {first.number} for Seocho-gu, Seoul is withdrawn since" in english


def test_re_decided_not_certified_then_overturned_issues_a_new_certificate(people: People) -> None:
    story = seocho_decided(people, Outcome.CERTIFIED)
    first = Certificate.objects.get(application=story.application)
    send_back(story, people)
    re_review(story.application, people, level="3")
    decide(story.application, Outcome.NOT_CERTIFIED, "재심의: 인증하지 않음", story.decider, timezone.localdate())
    assert Certificate.objects.filter(application=story.application).count() == 1

    # The city appeals the new decision; a certifier who took no part in it overturns it: the withdrawn certificate
    # no longer stands in the way of a new one.
    today = timezone.localdate()
    appeal = transitions.file_appeal(story.application, "기준을 충족합니다.", [], people.officer, today)
    handler = story.round.people.certifier  # recorded the consensus: may not handle it
    with pytest.raises(workflow.Refused):
        transitions.take_appeal(appeal, handler, today)
    transitions.take_appeal(appeal, story.handler, today)
    decided = transitions.decide_appeal(appeal, "overturned", "모든 항목 3수준으로 기준 충족", story.handler, today)

    first.refresh_from_db()
    assert first.status == CertificateStatus.WITHDRAWN
    new = Certificate.objects.get(application=story.application, status=CertificateStatus.VALID)
    assert decided.certificate_issued == new.number and new.number != first.number
    page = text_of(logged_in(people.officer).get(f"/certification/appeals/{appeal.pk}/"))
    assert new.number in page


def test_one_application_never_has_two_certificates_in_force(people: People) -> None:
    story = seocho_decided(people, Outcome.CERTIFIED)
    first = Certificate.objects.get(application=story.application)
    with pytest.raises(IntegrityError), transaction.atomic():
        Certificate.objects.create(
            number="BSI-ISO37106-2026-9999",
            application=story.application,
            city=first.city,
            framework_version=first.framework_version,
            issued_on=first.issued_on,
            expires_on=first.expires_on,
            status=CertificateStatus.VALID,
        )
    # Nor does the workflow try: deciding again is refused while the decision stands.
    with pytest.raises(workflow.Conflict):
        decide(story.application, Outcome.CERTIFIED, "다시", story.decider, timezone.localdate())
    assert Certificate.objects.filter(application=story.application).count() == 1
