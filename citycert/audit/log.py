"""Writing to the audit log and checking that nobody has edited it."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser, User
from django.db import transaction
from django.utils import timezone

from citycert.audit.models import AuditEvent

GENESIS = "0" * 64


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
        # Lock the tail of the chain so two writers cannot both chain to the same event.
        last = AuditEvent.objects.select_for_update().order_by("-id").only("hash").first()
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
            previous_hash=last.hash if last else GENESIS,
        )
        event.hash = event.compute_hash()
        event.save()
    return event


@dataclass(frozen=True)
class Break:
    """The first place where the chain does not hold, and why."""

    event_id: int
    reason: str


def verify() -> tuple[int, Break | None]:
    """Walk the whole chain; return how many events were checked and the first break, if any."""
    previous = GENESIS
    checked = 0
    for event in AuditEvent.objects.order_by("id").iterator(chunk_size=2000):
        if event.previous_hash != previous:
            return checked, Break(
                event.pk, "does not follow the event before it: an earlier event was edited or deleted"
            )
        if event.compute_hash() != event.hash:
            return checked, Break(event.pk, "its content does not match its hash: the event was edited")
        previous = event.hash
        checked += 1
    return checked, None
