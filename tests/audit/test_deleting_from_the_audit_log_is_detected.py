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
