"""Seocho-gu's officer is told in "My work" what falls due on the city's certificate and evidence: the appeal
window after the decision, each surveillance audit within its window (due at the window's end), the last day
to apply for an extension, the certificate's expiry, and evidence about to expire; Hanam-si's officer sees none
of Seocho-gu's. Each links to where it is seen or done."""

from __future__ import annotations

from datetime import timedelta

from django.test import Client

from citycert.assessments.evidence import add_evidence
from citycert.certification.choices import AuditKind, Outcome
from citycert.certification.models import DueAudit
from citycert.inbox import tasks_for
from tests.certification.story import DECISION_DAY, agree, decide, item_ids, round_in_review
from tests.people import PDF, People


def test_the_city_is_told_what_falls_due(client: Client, people: People) -> None:
    story = round_in_review(people)
    agree(story.seocho, dict.fromkeys(item_ids(), ("3", "")), people.certifier)
    decide(story.seocho, Outcome.CERTIFIED, "요건 충족")
    certificate = story.seocho.certificates.get()

    # The appeal window, from the decision to its end (30 days for the scheme).
    window = [task for task in tasks_for(people.officer, DECISION_DAY) if task.kind == "decision"]
    assert [(task.due_on, task.url) for task in window] == [
        (DECISION_DAY + timedelta(days=30), f"/certification/applications/{story.seocho.pk}/#decision")
    ]
    assert not [
        task for task in tasks_for(people.officer, DECISION_DAY + timedelta(days=31)) if task.kind == "decision"
    ]

    surveillance = DueAudit.objects.filter(certificate=certificate, kind=AuditKind.SURVEILLANCE).first()
    assert surveillance is not None and surveillance.opens_on is not None
    found = [task for task in tasks_for(people.officer, surveillance.opens_on) if task.kind == "surveillance"]
    assert found and found[0].due_on == (surveillance.closes_on or surveillance.due_on)
    assert found[0].url == f"/certificates/{certificate.number}/"

    # ISO 37106 has no extension; the national scheme's deadline (made at issue there) is written here as it is.
    extension = DueAudit.objects.create(
        certificate=certificate,
        kind=AuditKind.EXTENSION,
        schedule_id="extension",
        name_ko="연장 신청 기한",
        name_en="last day to apply for an extension",
        due_on=certificate.expires_on - timedelta(days=90),
    )
    before = tasks_for(people.officer, extension.due_on - timedelta(days=10))
    assert ("extension", extension.due_on) in {(task.kind, task.due_on) for task in before}
    assert "extension" not in {task.kind for task in tasks_for(people.officer, extension.due_on + timedelta(days=1))}

    expiring = tasks_for(people.officer, certificate.expires_on - timedelta(days=30))
    assert ("certificate", certificate.expires_on) in {(task.kind, task.due_on) for task in expiring}
    assert not tasks_for(people.other_officer, certificate.expires_on - timedelta(days=30))

    # Evidence on the city's draft that expires soon; the page shows its date.
    soon = DECISION_DAY + timedelta(days=20)
    add_evidence(
        people.draft,
        title="2026 교통 데이터 협약서",
        item_ids=["BM.vision"],
        actor=people.officer,
        file_name="c.pdf",
        data=PDF + b"%agreement",
        expires_on=soon,
    )
    evidence = [task for task in tasks_for(people.officer, DECISION_DAY) if task.kind == "evidence"]
    assert [(task.due_on, task.url) for task in evidence] == [(soon, f"/assessments/{people.draft.pk}/")]
    client.force_login(people.officer)
    client.cookies["django_language"] = "en"
    html = client.get("/my/").content.decode()
    assert "Evidence “2026 교통 데이터 협약서” expires" in html
    assert f'<time datetime="{soon:%Y-%m-%d}">' in html and "overdue" in html  # 2026-10-20 is past today
