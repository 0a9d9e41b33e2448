"""What an operator sees from `citycert audit verify`, and the same check through `verify()`."""

from __future__ import annotations

from dataclasses import dataclass

from django.db import connection

from citycert.audit.log import Break, verify
from citycert.audit.models import AuditChainHead, AuditEvent
from tests.support import Ran, run


@dataclass
class Checked:
    """The outcome of one check, both ways: `verify()`'s answer and the command's output and exit code."""

    checked: int
    broken: Break | None
    ran: Ran


def check() -> Checked:
    """Run `verify()` and `citycert audit verify`; they must agree on the outcome."""
    checked, broken = verify()
    ran = run("audit", "verify")
    if broken is None:
        assert (ran.code, ran.err) == (0, "")
        assert ran.out.splitlines()[0] == f"audit log intact: {checked} events checked"
    else:
        assert ran.code == 1 and ran.out == ""
        assert ran.err.splitlines()[0] == (
            f"audit log broken at event {broken.event_id}: {broken.reason} ({checked} events before it are intact)"
        )
    return Checked(checked, broken, ran)


def event_ids() -> list[int]:
    return list(AuditEvent.objects.order_by("id").values_list("id", flat=True))


def delete_in_the_database(*ids: int) -> None:
    """Delete events with plain SQL, as someone with a database client would (no model, no signals)."""
    with connection.cursor() as cursor:
        if ids:
            marks = ", ".join(["%s"] * len(ids))
            cursor.execute(f"DELETE FROM {AuditEvent._meta.db_table} WHERE id IN ({marks})", list(ids))
        else:
            cursor.execute(f"DELETE FROM {AuditEvent._meta.db_table}")


def delete_the_head_in_the_database() -> None:
    with connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {AuditChainHead._meta.db_table}")


def rewrite_and_rehash(event_id: int, **changes: object) -> None:
    """What someone with write access to the database can do: change an event, then recompute its hash, every
    later event's and the chain head's, so that the chain alone holds again."""
    previous: str | None = None
    for event in AuditEvent.objects.filter(id__gte=event_id).order_by("id"):
        if event.pk == event_id:
            for name, value in changes.items():
                setattr(event, name, value)
        if previous is not None:
            event.previous_hash = previous
        event.hash = event.compute_hash()
        fields = {name: getattr(event, name) for name in ("previous_hash", "hash", *changes)}
        AuditEvent.objects.filter(pk=event.pk).update(**fields)
        previous = event.hash
    AuditChainHead.objects.update(last_hash=previous)


def set_column(event_id: int, column: str, value: str | int | None) -> None:
    """Write one column of one event with plain SQL, bypassing the model and its types."""
    table = connection.ops.quote_name(AuditEvent._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(f"UPDATE {table} SET {connection.ops.quote_name(column)} = %s WHERE id = %s", [value, event_id])
