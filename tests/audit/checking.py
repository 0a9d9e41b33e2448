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
        assert ran.out.strip() == f"audit log intact: {checked} events checked"
    else:
        assert ran.code == 1 and ran.out == ""
        assert ran.err.strip() == (
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
