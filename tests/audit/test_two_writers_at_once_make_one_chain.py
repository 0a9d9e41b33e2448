"""Two requests write to the audit log at the same moment while an operator verifies it: one chain, no false alarm.

Only PostgreSQL lets several connections write at once; SQLite takes one writer at a time, so there is no race.
"""

from __future__ import annotations

import threading
from collections.abc import Callable

import pytest
from django.db import connection, connections

from citycert.audit.log import Break, record, verify
from citycert.audit.models import AuditChainHead, AuditEvent

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="needs concurrent writers (PostgreSQL)"),
]

WRITERS, EVENTS_EACH = 4, 15


def in_threads(work: Callable[[int], None], count: int) -> list[BaseException]:
    errors: list[BaseException] = []
    start = threading.Barrier(count)

    def run(n: int) -> None:
        try:
            start.wait()
            work(n)
        except BaseException as error:
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(n,)) for n in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return errors


def test_concurrent_writers_chain_one_after_the_other_and_verify_sees_no_break() -> None:
    breaks: list[tuple[int, Break]] = []
    done = threading.Semaphore(0)

    def work(n: int) -> None:
        if n == WRITERS:  # the operator, checking until every writer is done
            finished = 0
            while finished < WRITERS:
                checked, broken = verify()
                if broken is not None:
                    breaks.append((checked, broken))
                finished += done.acquire(blocking=False)
            return
        try:
            for i in range(EVENTS_EACH):
                record(None, "test.concurrent", "writer", f"{n}-{i}")
        finally:
            done.release()

    errors = in_threads(work, WRITERS + 1)
    assert errors == [] and breaks == []
    checked, broken = verify()
    assert broken is None and checked == WRITERS * EVENTS_EACH
    head = AuditChainHead.objects.get()
    assert head.event_count == WRITERS * EVENTS_EACH
    assert len(set(AuditEvent.objects.values_list("previous_hash", flat=True))) == WRITERS * EVENTS_EACH
