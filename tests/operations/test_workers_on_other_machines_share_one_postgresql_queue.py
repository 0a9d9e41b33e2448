"""Production: two workers, as on two machines, share the queue in one PostgreSQL database. Thirty emails queued at
once are each sent once, by one worker or the other (whichever claims it first), and the periodic jobs run once
per slot. (PostgreSQL only:
SQLite is one machine's file.)"""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import quote

import pytest
from django.db import connection
from django_tasks_db.models import DBTaskResult

from citycert.operations.mail import queue_email
from citycert.operations.models import ScheduledRun, WorkerHeartbeat
from tests.operations.processes import child_env, wait_for, worker_process

pytestmark = [
    pytest.mark.slow,
    pytest.mark.django_db(transaction=True),  # the workers see only what is committed
    pytest.mark.skipif(connection.vendor != "postgresql", reason="workers on several machines share PostgreSQL"),
]


def database_url() -> str:
    given = connection.settings_dict
    who = quote(given["USER"]) + (":" + quote(given["PASSWORD"]) if given["PASSWORD"] else "")
    return f"postgresql://{who}@{given['HOST'] or 'localhost'}:{given['PORT'] or 5432}/{quote(given['NAME'])}"


@pytest.fixture
def env(transactional_db: Any, tmp_path: Path) -> Iterator[dict[str, str]]:
    yield child_env(
        tmp_path / "data",
        database_url(),
        CITYCERT_WORKER_HEARTBEAT_SECONDS="0.2",
        CITYCERT_SCHEDULE="indicator-fetches=2,projections=2,reminders=2",
    )
    # The workers' connections end with them; wait for it, or the test database could not be emptied.
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()"
            )
            if cursor.fetchone()[0] == 0:
                break
        time.sleep(0.1)


def test_each_job_runs_once_on_one_of_two_workers(env: dict[str, str]) -> None:
    for number in range(30):
        queue_email(f"[citycert] {number}", "본문", [f"officer{number}@example.org"])
    emails = DBTaskResult.objects.filter(task_path="citycert.operations.mail.send_email")

    with worker_process(env), worker_process(env):
        wait_for(lambda: emails.filter(status="SUCCESSFUL").count() == 30, "the thirty emails")
        wait_for(lambda: ScheduledRun.objects.filter(job="projections").count() >= 3, "three slots of projections")
        time.sleep(1)

    assert all(len(email.worker_ids) == 1 for email in emails)
    workers = set(WorkerHeartbeat.objects.values_list("worker_id", flat=True))
    assert len(workers) == 2 and {email.worker_ids[0] for email in emails} <= workers
    for job in ("indicator-fetches", "projections", "reminders"):
        runs = ScheduledRun.objects.filter(job=job)
        ids = [run.task_id for run in runs]
        assert len(ids) == len(set(ids)) == runs.count() >= 3
        results = DBTaskResult.objects.filter(pk__in=ids)
        assert results.count() == runs.count() and all(len(result.worker_ids) == 1 for result in results)
    assert DBTaskResult.objects.count() == 30 + ScheduledRun.objects.count()
