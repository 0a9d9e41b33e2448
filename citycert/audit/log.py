"""Writing to the audit log and checking that nobody has edited it."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser, User
from django.db import connection, transaction
from django.db.models import F
from django.utils import timezone

from citycert.audit.models import GENESIS, HEAD_ID, AuditChainHead, AuditEvent

__all__ = ["GENESIS", "Break", "record", "verify"]


def _locked_head() -> AuditChainHead:
    """The chain head, locked until the end of the transaction; made from the log's end if it is not there."""
    head = AuditChainHead.objects.select_for_update().filter(pk=HEAD_ID).first()
    if head is not None:
        return head
    # Only a database made without the migrations (or flushed) has no head; start it where the log ends.
    last = AuditEvent.objects.order_by("-id").only("hash").first()
    head, _ = AuditChainHead.objects.select_for_update().get_or_create(
        pk=HEAD_ID,
        defaults={
            "last_event_id": last.pk if last else None,
            "last_hash": last.hash if last else GENESIS,
            "event_count": AuditEvent.objects.count(),
        },
    )
    return head


def record(
    actor: AbstractBaseUser | AnonymousUser | None,
    action: str,
    object_type: str,
    object_id: object,
    *,
    before: Any = None,
    after: Any = None,
) -> AuditEvent:
    """Append one event, chained to the last. Call it inside the transaction that makes the change."""
    with transaction.atomic():
        # Lock the chain head so two writers cannot both chain to the same event. On PostgreSQL the second waits
        # for the first to commit; SQLite lets one writer at a time, so there the second waits or is refused.
        head = _locked_head()
        user = actor if isinstance(actor, User) else None
        event = AuditEvent(
            at=timezone.now(),
            actor=user,
            actor_name=user.get_username() if user is not None else "system",
            action=action,
            object_type=object_type,
            object_id=str(object_id),
            before=before,
            after=after,
            previous_hash=head.last_hash,
        )
        event.hash = event.compute_hash()
        event.save()
        moved = AuditChainHead.objects.filter(
            pk=HEAD_ID, last_hash=head.last_hash, event_count=head.event_count
        ).update(last_event_id=event.pk, last_hash=event.hash, event_count=F("event_count") + 1)
        if moved != 1:
            # Cannot happen while the head is locked; refuse rather than fork the chain if it ever does.
            raise RuntimeError("the audit chain head moved while an event was being added; try again")
    return event


@dataclass(frozen=True)
class Break:
    """The first place where the chain does not hold, and why."""

    event_id: int
    reason: str


@contextmanager
def _one_snapshot() -> Iterator[None]:
    """Read the head and the events as of one moment, so events added while we walk are not taken for forgeries."""
    outermost = not connection.in_atomic_block
    with transaction.atomic():
        if outermost and connection.vendor == "postgresql":
            # PostgreSQL's default gives each statement its own snapshot; SQLite keeps one per transaction anyway.
            with connection.cursor() as cursor:
                cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY")
        yield


def verify() -> tuple[int, Break | None]:
    """Walk the whole chain; return how many events were checked and the first break, if any.

    Each event must follow the one before it and match its own hash, and the chain must end where the chain
    head says, with as many events as it says: so an event edited, deleted or cut off the end is named.
    """
    with _one_snapshot():
        head = AuditChainHead.objects.filter(pk=HEAD_ID).first()
        return _walk(head)


def _walk(head: AuditChainHead | None) -> tuple[int, Break | None]:
    previous = GENESIS
    checked = 0
    last_id = 0
    tail = head.last_event_id if head is not None else None
    for event in AuditEvent.objects.order_by("id").iterator(chunk_size=2000):
        if event.previous_hash != previous:
            return checked, Break(
                event.pk, "does not follow the event before it: an earlier event was edited or deleted"
            )
        if event.compute_hash() != event.hash:
            return checked, Break(event.pk, "its content does not match its hash: the event was edited")
        if head is not None and (tail is None or event.pk > tail):
            where = f"ends at event #{tail}" if tail is not None else "records no events"
            return checked, Break(
                event.pk,
                f"is not in the chain head, which {where}: the event was added directly in the database, "
                "or the head was edited",
            )
        if head is not None and event.pk == tail and event.hash != head.last_hash:
            return checked, Break(
                event.pk,
                "its hash is not the one the chain head records for the last event: "
                "the event was rewritten, or the head was edited",
            )
        previous = event.hash
        checked += 1
        last_id = event.pk
    if head is None:
        if checked == 0:
            return checked, None  # a new, empty log
        return checked, Break(
            last_id + 1,
            f"the chain head (the record of the log's last event and length) is missing: "
            f"events after #{last_id} may have been deleted from the end of the log",
        )
    if tail is not None and last_id < tail:
        missing = head.event_count - checked
        # Ids only grow, so everything after the last intact event is gone; with one missing it is the head's.
        first_missing = tail if missing == 1 else last_id + 1
        if checked == 0:
            return checked, Break(
                first_missing,
                f"the log is empty but its chain head records {head.event_count} events, the last #{tail}: "
                "every event was deleted",
            )
        return checked, Break(
            first_missing,
            f"event #{first_missing} and later are missing: deleted from the end of the log "
            f"(it ends at #{last_id}, but its chain head records {head.event_count} events ending at #{tail})",
        )
    if checked != head.event_count:
        return checked, Break(
            tail or 0,
            f"the log holds {checked} events but its chain head records {head.event_count}: "
            "events were deleted and the chain rebuilt, or the head was edited",
        )
    return checked, None
