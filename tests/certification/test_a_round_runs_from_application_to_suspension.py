"""The certifier runs a whole ISO 37106 round: two cities apply, a panel of three scores both stages on
their own, Seocho-gu passes and Hanam-si fails, Seocho-gu's certificate gets its dates, and the first
surveillance audit, finding an item below the bar, suspends it."""

from __future__ import annotations

from datetime import date

import pytest

from citycert.audit.log import verify
from citycert.certification import workflow
from citycert.certification.choices import ApplicationState, CertificateStatus, Outcome
from citycert.certification.models import Certificate
from citycert.certification.reconcile import reconcile
from tests.certification.story import DECISION_DAY, agree, decide, item_ids, round_in_review, score_everything
from tests.people import People


def test_a_round_from_application_to_suspension(people: People) -> None:
    story = round_in_review(people)
    items = item_ids()

    # Stage 1 and stage 2, each assessor alone. On Hanam-si, two of three find item BR.benefits at level 2.
    for stage in ("stage-1", "stage-2"):
        score_everything(story, story.seocho, stage, [{"BM.vision": "4"}, {"BM.vision": "5"}, {"BM.vision": "4"}])
        score_everything(story, story.hanam, stage, [{items[-1]: "2"}, {items[-1]: "2"}, {items[-1]: "4"}])

    # The panel's spread: Hanam-si's last item is two levels apart and flagged; Seocho-gu's vision is not.
    hanam_spread = reconcile(story.hanam, "stage-2")
    assert [row.item.id for row in hanam_spread.flagged] == [items[-1]]
    assert hanam_spread.alpha is not None and hanam_spread.alpha < 1
    seocho_spread = reconcile(story.seocho, "stage-2")
    assert seocho_spread.flagged == []
    assert seocho_spread.assessors == ["assessor-1", "assessor-2", "assessor-3"]

    # Consensus, then the decisions: the engine's bar holds the certifier to the rules.
    agree(story.seocho, {item: ("4" if item == "BM.vision" else "3", "패널 합의") for item in items}, people.certifier)
    agree(story.hanam, {item: ("2" if item == items[-1] else "3", "두 위원 2수준") for item in items}, people.certifier)
    with pytest.raises(workflow.Refused, match="cannot be certified"):
        decide(story.hanam, Outcome.CERTIFIED, "모든 항목 충족", DECISION_DAY)
    decide(
        story.hanam,
        Outcome.NOT_CERTIFIED,
        f"{items[-1]} 2수준: 모든 항목 3수준 이상 요건 미충족",
        DECISION_DAY,
    )
    decide(story.seocho, Outcome.CERTIFIED, "모든 항목 3수준 이상", DECISION_DAY)
    story.hanam.refresh_from_db()
    assert story.hanam.state == ApplicationState.DECIDED
    assert not Certificate.objects.filter(city=people.hanam).exists()

    # Seocho-gu's certificate: numbered, three years less a day, surveillance after 12 and 24 months.
    certificate = Certificate.objects.get(city=people.seocho)
    assert certificate.number == "BSI-ISO37106-2026-0001"
    assert (certificate.issued_on, certificate.expires_on) == (date(2026, 9, 30), date(2029, 9, 29))
    assert certificate.grade == "3" and certificate.grade_en == "Level 3 (Mature)"
    assert [(due.schedule_id, due.due_on) for due in certificate.due.all()] == [
        ("surveillance-1", date(2027, 9, 30)),
        ("surveillance-2", date(2028, 9, 30)),
    ]

    # A month before it falls due the first surveillance audit is listed, for the certifier and for the city.
    coming = workflow.due_items(date(2027, 9, 1))
    assert [(item.due.schedule_id, item.overdue) for item in coming] == [("surveillance-1", False)]
    assert workflow.due_items(date(2027, 9, 1), cities=[people.hanam.pk]) == []

    # The audit finds BM.vision fallen to level 2: the certificate is suspended, and the history says why.
    due = certificate.due.get(schedule_id="surveillance-1")
    workflow.record_surveillance(
        due, {item: ("2" if item == "BM.vision" else "3") for item in items}, story.assessors[0], date(2027, 9, 30)
    )
    certificate.refresh_from_db()
    assert certificate.status == CertificateStatus.SUSPENDED
    assert [(c.from_status, c.to_status) for c in certificate.changes.all()] == [("", "valid"), ("valid", "suspended")]
    assert "BM.vision" in certificate.changes.last().reason  # type: ignore[union-attr]
    assert workflow.due_items(date(2027, 10, 1)) == []  # done, no longer due

    # Nobody touches it again: past its expiry it reads as expired.
    assert certificate.status_on(date(2029, 9, 29)) == CertificateStatus.SUSPENDED
    assert certificate.status_on(date(2029, 9, 30)) == CertificateStatus.EXPIRED

    # Every step is in the audit log, and the log holds.
    checked, broken = verify()
    assert broken is None and checked > 20


def test_the_certifier_may_keep_a_certificate_valid_with_a_reason(people: People) -> None:
    story = round_in_review(people)
    items = item_ids()
    agree(story.seocho, dict.fromkeys(items, ("3", "")), people.certifier)
    decide(story.seocho, Outcome.CERTIFIED, "충족", DECISION_DAY)
    due = Certificate.objects.get(city=people.seocho).due.first()
    assert due is not None
    below = {item: ("2" if item == "BM.vision" else "3") for item in items}
    workflow.record_surveillance(
        due, below, people.certifier, date(2027, 9, 30), keep_valid_reason="시정계획 승인, 3개월 내 재확인"
    )
    assert Certificate.objects.get(city=people.seocho).status == CertificateStatus.VALID
