"""An operator runs `citycert audit verify` on a log nobody has touched: it passes and says how much it checked."""

from __future__ import annotations

import pytest

from citycert.assessments.choices import State
from citycert.assessments.workflow import ResponseInput, save_response, transition
from citycert.audit.log import record
from citycert.audit.models import AuditChainHead, AuditEvent
from tests.audit.checking import check
from tests.people import People


def test_a_clean_log_passes_and_reports_how_many_events_were_checked(people: People) -> None:
    count = AuditEvent.objects.count()
    assert count >= 5
    result = check()
    assert result.broken is None and result.checked == count
    assert result.ran.out.startswith(f"audit log intact: {count} events checked\n")


def test_the_chain_head_follows_every_event_recorded(people: People) -> None:
    last = AuditEvent.objects.order_by("-id").first()
    head = AuditChainHead.objects.get()
    assert last is not None
    assert (head.last_event_id, head.last_hash, head.event_count) == (last.pk, last.hash, AuditEvent.objects.count())


def test_events_recorded_after_a_check_still_pass(people: People) -> None:
    first = check()
    assert first.broken is None
    save_response(people.draft, "BM.vision", ResponseInput(value="4"), people.officer)
    transition(people.draft, State.SUBMITTED, people.officer)
    record(None, "maintenance.note", "system", "-", after={"note": "nightly check"})
    second = check()
    assert AuditEvent.objects.count() >= first.checked + 2
    assert second.broken is None and second.checked == AuditEvent.objects.count()


@pytest.mark.django_db
def test_an_empty_log_passes() -> None:
    result = check()
    assert result.broken is None and result.checked == 0


@pytest.mark.django_db
def test_a_log_without_its_head_starts_one_at_the_first_event() -> None:
    # A database set up without the migrations (or flushed) has no head; the first event makes one.
    AuditChainHead.objects.all().delete()
    event = record(None, "maintenance.note", "system", "-")
    head = AuditChainHead.objects.get()
    assert (head.last_event_id, head.last_hash, head.event_count) == (event.pk, event.hash, 1)
    assert check().broken is None
