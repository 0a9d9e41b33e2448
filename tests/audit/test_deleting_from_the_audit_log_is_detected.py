"""Someone deletes audit events straight in the database, even from the end; `citycert audit verify` names the gap."""

from __future__ import annotations

from citycert.audit.log import record
from tests.audit.checking import check, delete_in_the_database, delete_the_head_in_the_database, event_ids
from tests.people import People


def test_deleting_a_middle_event_names_the_event_after_it(people: People) -> None:
    ids = event_ids()
    middle = len(ids) // 2
    delete_in_the_database(ids[middle])
    result = check()
    assert result.broken is not None and result.broken.event_id == ids[middle + 1]
    assert result.checked == middle
    assert "an earlier event was edited or deleted" in result.broken.reason
    assert f"audit log broken at event {ids[middle + 1]}:" in result.ran.err


def test_deleting_the_last_event_names_the_missing_one(people: People) -> None:
    ids = event_ids()
    delete_in_the_database(ids[-1])
    result = check()
    assert result.broken is not None and result.broken.event_id == ids[-1]
    assert result.checked == len(ids) - 1
    assert result.broken.reason.startswith(f"event #{ids[-1]} and later are missing: deleted from the end of the log")
    assert f"audit log broken at event {ids[-1]}: event #{ids[-1]} and later are missing" in result.ran.err


def test_cutting_several_events_off_the_end_names_the_first_missing_one(people: People) -> None:
    ids = event_ids()
    delete_in_the_database(*ids[-3:])
    result = check()
    assert result.broken is not None and result.broken.event_id == ids[-3]
    assert result.checked == len(ids) - 3
    assert f"event #{ids[-3]} and later are missing" in result.broken.reason
    assert f"records {len(ids)} events ending at #{ids[-1]}" in result.broken.reason


def test_deleting_every_event_fails(people: People) -> None:
    count = len(event_ids())
    delete_in_the_database()
    result = check()
    assert result.broken is not None and result.checked == 0
    assert result.broken.reason.startswith(f"the log is empty but its chain head records {count} events")
    assert "every event was deleted" in result.broken.reason
    assert result.ran.code == 1


def test_an_event_recorded_after_the_end_was_cut_does_not_hide_the_cut(people: People) -> None:
    ids = event_ids()
    delete_in_the_database(ids[-1])
    later = record(None, "maintenance.note", "system", "-")
    result = check()
    assert result.broken is not None and result.broken.event_id == later.pk
    assert result.checked == len(ids) - 1
    assert "an earlier event was edited or deleted" in result.broken.reason


def test_deleting_the_chain_head_fails(people: People) -> None:
    ids = event_ids()
    delete_the_head_in_the_database()
    result = check()
    assert result.broken is not None and result.broken.event_id == ids[-1] + 1
    assert "the chain head" in result.broken.reason and "is missing" in result.broken.reason


def test_deleting_the_event_a_checkpoint_ends_at_names_it(people: People) -> None:
    from citycert.audit.checkpoints import make_checkpoint

    checkpoint, _ = make_checkpoint()
    record(None, "maintenance.note", "system", "-")
    assert checkpoint.last_event_id is not None
    delete_in_the_database(checkpoint.last_event_id)
    result = check()
    assert result.broken is not None and result.broken.event_id == checkpoint.last_event_id
    assert result.broken.reason.startswith(
        f"event #{checkpoint.last_event_id}, the last of the {checkpoint.event_count} events signed in checkpoint 1"
    )


def test_cutting_the_end_and_moving_the_head_back_is_caught_by_a_checkpoint(people: People) -> None:
    from citycert.audit.checkpoints import make_checkpoint
    from citycert.audit.models import AuditChainHead, AuditEvent

    ids = event_ids()
    make_checkpoint()
    # The forger cuts the last two events and sets the head to the new end, so the chain and its head agree.
    delete_in_the_database(*ids[-2:])
    new_end = AuditEvent.objects.get(pk=ids[-3])
    AuditChainHead.objects.update(last_event_id=new_end.pk, last_hash=new_end.hash, event_count=len(ids) - 2)
    result = check()
    assert result.broken is not None and result.broken.event_id == ids[-3] + 1
    assert result.broken.reason == (
        f"the log ends at event #{ids[-3]}, but checkpoint 1, signed {result.broken.reason.split('signed ')[1][:25]}, "
        f"covers {len(ids)} events ending at #{ids[-1]}: events were deleted from the end of the log"
    )
