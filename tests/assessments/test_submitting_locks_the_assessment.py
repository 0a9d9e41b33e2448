"""A city officer submits; from then on the city cannot change anything, and every move is in the audit log."""

from __future__ import annotations

import pytest

from citycert.assessments.choices import State
from citycert.assessments.workflow import ResponseInput, TransitionRefused, save_response, transition
from citycert.audit.log import verify
from citycert.audit.models import AuditEvent
from tests.people import People


def test_submitting_locks_the_answers(people: People) -> None:
    transition(people.draft, State.SUBMITTED, people.officer)
    assert people.draft.state == State.SUBMITTED and people.draft.submitted_at is not None
    with pytest.raises(TransitionRefused):
        save_response(people.draft, "BM.vision", ResponseInput(value="5"), people.officer)
    assert people.draft.responses.get(item_id="BM.vision").value == "3"


def test_only_the_allowed_moves_are_made(people: People) -> None:
    with pytest.raises(TransitionRefused):
        transition(people.submitted, State.DRAFT, people.officer)
    transition(people.submitted, State.WITHDRAWN, people.officer)
    with pytest.raises(TransitionRefused):
        transition(people.submitted, State.SUBMITTED, people.officer)
    assert people.submitted.state == State.WITHDRAWN


def test_every_change_of_state_is_an_audit_event_with_before_and_after(people: People) -> None:
    count = AuditEvent.objects.count()
    transition(people.draft, State.SUBMITTED, people.officer)
    event = AuditEvent.objects.order_by("-id").first()
    assert AuditEvent.objects.count() == count + 1
    assert event is not None
    assert (event.action, event.actor_name, event.object_id) == (
        "assessment.submitted",
        "officer-seocho",
        str(people.draft.pk),
    )
    before, after = event.before, event.after
    assert isinstance(before, dict) and isinstance(after, dict)
    assert before["state"] == "draft" and after["state"] == "submitted"


def test_the_audit_chain_holds_and_names_the_first_edited_or_deleted_event(people: People) -> None:
    checked, broken = verify()
    assert broken is None and checked == AuditEvent.objects.count() >= 3
    events = list(AuditEvent.objects.order_by("id"))
    AuditEvent.objects.filter(pk=events[1].pk).update(after={"state": "forged"})
    checked, broken = verify()
    assert broken is not None and broken.event_id == events[1].pk and "edited" in broken.reason
    AuditEvent.objects.filter(pk=events[1].pk).update(after=events[1].after)
    assert verify()[1] is None
    AuditEvent.objects.filter(pk=events[0].pk).delete()
    checked, broken = verify()
    assert broken is not None and broken.event_id == events[1].pk and "deleted" in broken.reason


def test_an_audit_event_cannot_be_changed_through_the_model(people: People) -> None:
    event = AuditEvent.objects.first()
    assert event is not None
    event.action = "nothing happened"
    with pytest.raises(ValueError, match="never changed"):
        event.save()
    with pytest.raises(ValueError, match="never deleted"):
        event.delete()
