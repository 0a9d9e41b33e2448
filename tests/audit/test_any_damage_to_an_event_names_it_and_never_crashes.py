"""Someone edits single events straight in the database: a garbled time, another actor, an event slipped in
between two others, an event put back into the older chain format. `citycert audit verify` names the event
each time, exits 1 and prints no traceback."""

from __future__ import annotations

from django.db import connection

from citycert.audit.models import AuditChainHead, AuditEvent
from tests.audit.checking import check, event_ids, set_column
from tests.people import People


def test_a_garbled_time_names_the_event(people: People) -> None:
    ids = event_ids()
    target = ids[2]
    # SQLite keeps whatever text it is given; PostgreSQL keeps only times, but one Python cannot read.
    garbled = "yesterday at noon" if connection.vendor == "sqlite" else "20026-01-01 00:00:00+00"
    set_column(target, "at", garbled)
    result = check()
    assert result.broken is not None and result.broken.event_id == target and result.checked == 2
    assert result.broken.reason.startswith("its time ") and "is not a date and time: the event was edited" in (
        result.broken.reason
    )
    assert "Traceback" not in result.ran.err  # `check` ran the command: an exception would have failed it


def test_another_actor_account_names_the_event(people: People) -> None:
    ids = event_ids()
    by_officer = AuditEvent.objects.filter(actor=people.officer).order_by("id").first()
    assert by_officer is not None
    AuditEvent.objects.filter(pk=by_officer.pk).update(actor=people.certifier)
    result = check()
    assert result.broken is not None and result.broken.event_id == by_officer.pk
    assert result.broken.reason == "its content does not match its hash: the event was edited"
    assert result.checked == ids.index(by_officer.pk)


def test_an_actor_id_that_is_not_a_number_names_the_event(people: People) -> None:
    if connection.vendor != "sqlite":
        return  # PostgreSQL keeps only numbers in the column
    target = event_ids()[1]
    set_column(target, "actor_id", "someone")
    result = check()
    assert result.broken is not None and result.broken.event_id == target
    assert "its actor 'someone' is not an account id" in result.broken.reason


def test_an_event_slipped_in_between_two_others_is_named(people: People) -> None:
    ids = event_ids()
    # Make room by moving the later events' ids up (the chain does not change), then put a forged event there.
    at = ids[2]
    table = connection.ops.quote_name(AuditEvent._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(f"UPDATE {table} SET id = id + 1000 WHERE id >= %s", [at])
    AuditChainHead.objects.update(last_event_id=ids[-1] + 1000)
    before = AuditEvent.objects.get(pk=ids[1])
    forged = AuditEvent(
        at=before.at,
        actor=people.certifier,
        actor_name="certifier",
        action="application.decided",
        object_type="application",
        object_id="1",
        after={"outcome": "certified"},
        previous_hash=before.hash,
    )
    forged.hash = forged.compute_hash()
    forged.id = at
    AuditEvent.objects.bulk_create([forged])  # an insert with the id chosen, as plain SQL would do
    result = check()
    assert result.broken is not None and result.broken.event_id == at
    assert (
        result.broken.reason
        == f"was inserted: the event after it (#{at + 1000}) follows the event before it (#{ids[1]})"
    )


def test_an_event_rewritten_in_the_older_format_is_named(people: People) -> None:
    ids = event_ids()
    target = AuditEvent.objects.get(pk=ids[-1])
    # Format 1 does not cover the actor's account: a forger might hope to change it there unseen.
    target.chain_version = 1
    target.actor_id = people.certifier.pk
    AuditEvent.objects.filter(pk=target.pk).update(chain_version=1, actor=people.certifier, hash=target.compute_hash())
    AuditChainHead.objects.update(last_hash=target.compute_hash())
    result = check()
    assert result.broken is not None and result.broken.event_id == target.pk
    assert "it is in chain format 1 after events in format 2" in result.broken.reason


def test_an_unknown_format_names_the_event(people: People) -> None:
    target = event_ids()[0]
    AuditEvent.objects.filter(pk=target).update(chain_version=7)
    result = check()
    assert result.broken is not None and result.broken.event_id == target
    assert "chain format 7 is not one citycert writes" in result.broken.reason


def test_a_middle_event_rewritten_with_a_fresh_hash_of_its_own_is_named(people: People) -> None:
    ids = event_ids()
    target = AuditEvent.objects.get(pk=ids[3])
    target.after = {"state": "approved"}
    AuditEvent.objects.filter(pk=target.pk).update(after=target.after, hash=target.compute_hash())
    result = check()
    assert result.broken is not None and result.broken.event_id == target.pk
    assert (
        result.broken.reason
        == f"was rewritten and given a new hash: the event after it (#{ids[4]}) follows its original hash"
    )
