"""Someone edits audit events straight in the database; `citycert audit verify` fails and names the event."""

from __future__ import annotations

from citycert.audit.models import AuditEvent
from tests.audit.checking import check, event_ids
from tests.people import People


def test_editing_a_middle_events_after_names_that_event(people: People) -> None:
    ids = event_ids()
    middle = ids[len(ids) // 2]
    AuditEvent.objects.filter(pk=middle).update(after={"state": "approved"})
    result = check()
    assert result.broken is not None and result.broken.event_id == middle
    assert result.checked == ids.index(middle)
    assert "the event was edited" in result.broken.reason
    assert f"audit log broken at event {middle}:" in result.ran.err


def test_editing_the_first_events_actor_names_it(people: People) -> None:
    first = event_ids()[0]
    AuditEvent.objects.filter(pk=first).update(actor_name="certifier")
    result = check()
    assert result.broken is not None and result.broken.event_id == first and result.checked == 0
    assert "the event was edited" in result.broken.reason
    assert f"audit log broken at event {first}:" in result.ran.err


def test_rewriting_the_last_event_with_a_fresh_hash_names_it(people: People) -> None:
    # A careful forger recomputes the hash; the chain head still remembers the old one.
    last = AuditEvent.objects.order_by("-id").first()
    assert last is not None
    last.after = {"state": "approved"}
    AuditEvent.objects.filter(pk=last.pk).update(after=last.after, hash=last.compute_hash())
    result = check()
    assert result.broken is not None and result.broken.event_id == last.pk
    assert "the event was rewritten" in result.broken.reason


def test_an_event_put_back_as_it_was_passes_again(people: People) -> None:
    ids = event_ids()
    original = AuditEvent.objects.get(pk=ids[1])
    AuditEvent.objects.filter(pk=ids[1]).update(after={"state": "forged"})
    assert check().broken is not None
    AuditEvent.objects.filter(pk=ids[1]).update(after=original.after)
    assert check().broken is None
