"""Writing to the audit log and checking that nobody has edited it."""

from __future__ import annotations

import json
import logging
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser, User
from django.db import connection, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.dateparse import parse_datetime

from citycert.audit.chain import FORMATS, GENESIS, event_hash
from citycert.audit.models import HEAD_ID, AuditChainHead, AuditEvent

__all__ = ["GENESIS", "Break", "Report", "Stated", "check_log", "record", "verify"]

log = logging.getLogger(__name__)


def locked_head() -> AuditChainHead:
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


def checkpoint_follows(action: str) -> bool:
    """Whether a signed checkpoint is made as soon as an event of this kind is committed: decisions and
    every change of a certificate, the records the public relies on. Everything else waits for the daily
    `citycert audit checkpoint`."""
    return action.endswith(".decided") or action.startswith("certificate.") or action == "round.announced"


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
        head = locked_head()
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
        if checkpoint_follows(action):
            transaction.on_commit(_checkpoint_after_commit)
    return event


def _checkpoint_after_commit() -> None:
    """Sign a checkpoint once the decision is committed. The decision stands whatever happens here; a
    checkpoint that cannot be made now (no key, a damaged log) is logged and left to the daily command."""
    from citycert.audit.checkpoints import CheckpointRefused, make_checkpoint

    try:
        make_checkpoint()
    except CheckpointRefused as refused:
        log.error("audit checkpoint refused: %s", refused)
    except Exception:
        log.exception("audit checkpoint could not be made after a decision; `citycert audit checkpoint` will")


@dataclass(frozen=True)
class Break:
    """The first place where the chain does not hold, and why."""

    event_id: int
    reason: str


@dataclass(frozen=True)
class Stated:
    """What one signed checkpoint states: after `event_count` events, the last `last_event_id`, the head was
    `head_hash`. Only checkpoints whose signature holds are made into this."""

    number: int
    made_at: str
    event_count: int
    last_event_id: int | None
    head_hash: str


@dataclass
class Report:
    """What a check of the whole log found."""

    checked: int = 0
    broken: Break | None = None
    # Signed checkpoints the log was checked against, and the last event the last of them covers.
    checkpoints: int = 0
    anchored_to: int | None = None
    anchored: int = 0
    # Events written after the last checkpoint: only the chain and its head vouch for them so far.
    unanchored: int = 0
    # Events in chain format 1, whose hash does not cover the actor's account id.
    first_format: int = 0
    # Checkpoints that are themselves damaged: a signature that does not hold, one missing, one replaced.
    checkpoint_problems: list[str] = field(default_factory=list)


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
    """Walk the whole chain against its head and the checkpoints stored here; return how many events were
    checked and the first break, if any. `check_log` gives the whole report."""
    report = check_log()
    return report.checked, report.broken


def check_log(published: Sequence[Stated] | None = None) -> Report:
    """Check every event against its hash and the event before it, the end of the log against its head, and
    the chain against every signed checkpoint: those stored here, and `published` ones kept elsewhere.

    Each event must follow the one before it and match its own hash, and the chain must end where the chain
    head says, with as many events as it says: so an event edited, deleted or cut off the end is named. A
    log rewritten and re-hashed to the end, head included, no longer matches the checkpoints signed before.
    Nothing in the database is trusted to be well formed: a garbled field names its event.
    """
    # Imported here: checkpoints builds on this module (and loads the signing module), not the other way round.
    from citycert.audit.checkpoints import merge, stored_checkpoints

    with _one_snapshot():
        head = AuditChainHead.objects.filter(pk=HEAD_ID).first()
        stored, problems = stored_checkpoints()
        checkpoints, more_problems = merge(stored, published or [])
        report = Report(checkpoint_problems=problems + more_problems)
        walk(head, checkpoints, report)
        return report


@dataclass(frozen=True)
class _Row:
    """One event as its columns hold it, read without trusting any of them to be well formed."""

    id: int
    version: Any
    at: Any
    actor_id: Any
    actor_name: str
    action: str
    object_type: str
    object_id: str
    before: Any
    after: Any
    previous_hash: str
    hash: str


def _rows(after: int = 0, chunk: int = 2000) -> Iterator[_Row]:
    """Every event in id order, each column as text where the database could hold something unreadable."""
    table = connection.ops.quote_name(AuditEvent._meta.db_table)
    names = ["id", "chain_version", "at", "actor_id", "actor_name", "action", "object_type", "object_id"]
    names += ["before", "after", "previous_hash", "hash"]
    quoted = [connection.ops.quote_name(name) for name in names]
    for at in (2, 8, 9):  # the time and the JSON values come as the text the database holds
        quoted[at] = f"CAST({quoted[at]} AS TEXT)"
    query = f"SELECT {', '.join(quoted)} FROM {table} WHERE id > %s ORDER BY id LIMIT {chunk}"  # noqa: S608
    with connection.cursor() as cursor:
        while True:
            cursor.execute(query, [after])
            fetched = cursor.fetchall()
            for values in fetched:
                yield _Row(*values)
            if len(fetched) < chunk:
                return
            after = fetched[-1][0]


def _time(text: Any) -> datetime | None:
    """An event's time from the database's text, as Django would read it (UTC); None when it is not a time."""
    if not isinstance(text, str):
        return None
    try:
        parsed = parse_datetime(text.strip())
    except ValueError:
        return None
    if parsed is None:
        return None
    return parsed if timezone.is_aware(parsed) else parsed.replace(tzinfo=UTC)


class _Unreadable(Exception):
    pass


def _json(text: Any) -> Any:
    if text is None:
        return None
    try:
        return json.loads(text)
    except (TypeError, ValueError):
        raise _Unreadable from None


def _damage(row: _Row, highest_format: int) -> str | None:
    """What is wrong with the event on its own (format, time, values, hash), or None."""
    if row.version not in FORMATS:
        return f"its chain format {row.version!r} is not one citycert writes: the event was edited"
    if row.version < highest_format:
        return (
            f"it is in chain format {row.version} after events in format {highest_format}: "
            "the event was rewritten in the older format"
        )
    at = _time(row.at)
    if at is None:
        return f"its time {row.at!r} is not a date and time: the event was edited"
    if row.actor_id is not None and not isinstance(row.actor_id, int):
        return f"its actor {row.actor_id!r} is not an account id: the event was edited"
    try:
        before, after = _json(row.before), _json(row.after)
    except _Unreadable:
        return "its before or after value is not readable JSON: the event was edited"
    computed = event_hash(
        row.version,
        row.previous_hash,
        at=at,
        actor_id=row.actor_id,
        actor_name=row.actor_name,
        action=row.action,
        object_type=row.object_type,
        object_id=row.object_id,
        before=before,
        after=after,
    )
    if computed != row.hash:
        return "its content does not match its hash: the event was edited"
    return None


def walk(
    head: AuditChainHead | None,
    checkpoints: Sequence[Stated],
    report: Report,
    *,
    after: int = 0,
    previous: str = GENESIS,
) -> None:
    """Walk the events after event #`after` (all of them by default), the first following `previous`;
    `report.checked` holds how many events came before."""
    earlier: _Row | None = None  # the event before the last one, to tell an inserted event
    last: _Row | None = None
    highest_format = 1
    tail = head.last_event_id if head is not None else None
    # Checkpoints by the event they end at, in order; an empty log's checkpoint states nothing to compare.
    pending = sorted((c for c in checkpoints if c.last_event_id is not None), key=lambda c: (c.last_event_id, c.number))
    # The first event after the last checkpoint that still matches: where a rewrite could have begun.
    first_unanchored = 0
    for row in _rows(after):
        while pending and pending[0].last_event_id is not None and pending[0].last_event_id < row.id:
            missing = pending[0]
            report.broken = Break(
                missing.last_event_id or 0,
                f"event #{missing.last_event_id}, the last of the {missing.event_count} events signed in checkpoint "
                f"{missing.number} ({missing.made_at}), is missing: it was deleted",
            )
            return
        if not first_unanchored:
            first_unanchored = row.id
        if row.previous_hash != previous:
            report.broken = _not_following(row, last, earlier)
            return
        damage = _damage(row, highest_format)
        if damage is not None:
            report.broken = Break(row.id, damage)
            return
        if head is not None and (tail is None or row.id > tail):
            where = f"ends at event #{tail}" if tail is not None else "records no events"
            report.broken = Break(
                row.id,
                f"is not in the chain head, which {where}: the event was added directly in the database, "
                "or the head was edited",
            )
            return
        if head is not None and row.id == tail and row.hash != head.last_hash:
            report.broken = Break(
                row.id,
                "its hash is not the one the chain head records for the last event: "
                "the event was rewritten, or the head was edited",
            )
            return
        highest_format = max(highest_format, row.version)
        report.checked += 1
        report.first_format += row.version == 1
        previous = row.hash
        earlier, last = last, row
        while pending and pending[0].last_event_id == row.id:
            stated = pending.pop(0)
            if stated.event_count != report.checked or stated.head_hash != row.hash:
                now_holds, report.checked = report.checked, report.anchored  # vouched for: up to the last match
                report.broken = Break(
                    first_unanchored,
                    f"the log no longer matches checkpoint {stated.number}, signed {stated.made_at}: it stated "
                    f"{stated.event_count} events ending at #{row.id} with hash {stated.head_hash[:16]}…, the log "
                    f"now has {now_holds} with hash {row.hash[:16]}…; events from #{first_unanchored} to "
                    f"#{row.id} were rewritten (or some deleted or inserted) and the chain re-hashed after them",
                )
                return
            report.checkpoints += 1
            report.anchored_to = row.id
            report.anchored = report.checked
            first_unanchored = 0
    _end(head, last.id if last is not None else after, pending, report)


def _not_following(row: _Row, last: _Row | None, earlier: _Row | None) -> Break:
    """An event whose previous hash is not the hash of the event before it: name the event most likely at fault."""
    if last is not None and earlier is not None and row.previous_hash == earlier.hash:
        return Break(
            last.id,
            f"was inserted: the event after it (#{row.id}) follows the event before it (#{earlier.id})",
        )
    if last is not None and row.id == last.id + 1 and _damage(row, 1) is None:
        # Nothing can have been deleted between two consecutive ids, and this event is whole: the one before
        # it was rewritten with a hash of its own.
        return Break(
            last.id,
            f"was rewritten and given a new hash: the event after it (#{row.id}) follows its original hash",
        )
    return Break(row.id, "does not follow the event before it: an earlier event was edited or deleted")


def _end(head: AuditChainHead | None, last_id: int, pending: list[Stated], report: Report) -> None:
    """The checks that need the whole log: its end against the head and against the checkpoints."""
    checked = report.checked
    tail = head.last_event_id if head is not None else None
    if head is None:
        if checked:
            report.broken = Break(
                last_id + 1,
                f"the chain head (the record of the log's last event and length) is missing: "
                f"events after #{last_id} may have been deleted from the end of the log",
            )
            return
    elif tail is not None and last_id < tail:
        missing = head.event_count - checked
        # Ids only grow, so everything after the last intact event is gone; with one missing it is the head's.
        first_missing = tail if missing == 1 else last_id + 1
        if checked == 0:
            report.broken = Break(
                first_missing,
                f"the log is empty but its chain head records {head.event_count} events, the last #{tail}: "
                "every event was deleted",
            )
        else:
            report.broken = Break(
                first_missing,
                f"event #{first_missing} and later are missing: deleted from the end of the log "
                f"(it ends at #{last_id}, but its chain head records {head.event_count} events ending at #{tail})",
            )
        return
    elif checked != head.event_count:
        report.broken = Break(
            tail or 0,
            f"the log holds {checked} events but its chain head records {head.event_count}: "
            "events were deleted and the chain rebuilt, or the head was edited",
        )
        return
    if pending:
        stated = pending[0]
        report.broken = Break(
            last_id + 1,
            f"the log ends at event #{last_id}, but checkpoint {stated.number}, signed {stated.made_at}, "
            f"covers {stated.event_count} events ending at #{stated.last_event_id}: "
            "events were deleted from the end of the log",
        )
        return
    report.unanchored = checked - report.anchored
