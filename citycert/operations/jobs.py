"""Background jobs on django-tasks' database queue: the worker's heartbeat, the jobs a dead worker left running,
and running a queued job at once in this process.

A worker killed half-way (SIGKILL, a lost machine) cannot say so; its heartbeat stops instead. Every live worker
looks, at each beat, for jobs still marked running whose worker has been silent for three beats: each is run again
while it has had fewer than JOB_ATTEMPTS runs, and is otherwise failed with that reason. Nothing stays "running"
for ever.
"""

from __future__ import annotations

import logging
import os
import socket
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.db import connection
from django.db.models import Max
from django.utils import timezone
from django_tasks import TaskResult, TaskResultStatus, task
from django_tasks_db.management.commands.db_worker import Worker
from django_tasks_db.models import DBTaskResult
from django_tasks_db.utils import exclusive_transaction

from citycert.operations.models import ScheduledRun, WorkerHeartbeat

log = logging.getLogger(__name__)

BEATS_BEFORE_DEAD = 3
KEPT_DAYS = 30  # finished jobs, periodic runs and stopped workers are listed this long, then pruned


class WorkerLost(Exception):
    """The worker running a job stopped without finishing it (killed, or its machine lost)."""


def last_worker_heartbeat() -> datetime | None:
    """When any worker last said it was alive; None when no worker ever ran (for /healthz)."""
    seen: datetime | None = WorkerHeartbeat.objects.aggregate(seen=Max("seen_at"))["seen"]
    return seen


def a_worker_is_alive() -> bool:
    """Whether some worker has beaten within the last three beats, so that queued jobs will be run."""
    alive = WorkerHeartbeat.objects.filter(seen_at__gte=silent_since(timezone.now()), stopped_at__isnull=True)
    return alive.exists()


def beat(worker_id: str, started_at: datetime) -> None:
    """Record that this worker is alive now."""
    WorkerHeartbeat.objects.update_or_create(
        worker_id=worker_id,
        defaults={
            "host": socket.gethostname()[:255],
            "pid": os.getpid(),
            "started_at": started_at,
            "seen_at": timezone.now(),
            "stopped_at": None,
        },
    )


def silent_since(now: datetime) -> datetime:
    """A worker not seen since this moment is taken for dead."""
    return now - timedelta(seconds=BEATS_BEFORE_DEAD * settings.WORKER_HEARTBEAT_SECONDS)


def recover_abandoned(now: datetime | None = None) -> list[tuple[str, str]]:
    """Run again, or fail with the reason, each job marked running whose worker is silent; returns the job ids
    with what was done ("retried" or "failed")."""
    now = now or timezone.now()
    cutoff = silent_since(now)
    alive = set(
        WorkerHeartbeat.objects.filter(seen_at__gte=cutoff, stopped_at__isnull=True).values_list("worker_id", flat=True)
    )
    outcomes = []
    for candidate in DBTaskResult.objects.running().filter(started_at__lt=cutoff).only("id", "worker_ids"):
        if candidate.worker_ids and candidate.worker_ids[-1] in alive:
            continue
        with exclusive_transaction():
            # Again under the lock: another worker may have recovered it, or its worker come back, meanwhile.
            job = DBTaskResult.objects.select_for_update().filter(pk=candidate.pk, status="RUNNING").first()
            if job is None or job.worker_ids != candidate.worker_ids:
                continue
            lost = job.worker_ids[-1] if job.worker_ids else "?"
            if len(job.worker_ids) < settings.JOB_ATTEMPTS:
                job.status = TaskResultStatus.READY
                job.save(update_fields=["status"])
                outcomes.append((str(job.pk), "retried"))
                log.warning("job %s (%s): its worker %s stopped; run again", job.pk, job.task_path, lost)
            else:
                started = timezone.localtime(job.started_at).strftime("%Y-%m-%d %H:%M:%S") if job.started_at else "?"
                reason = (
                    f"the worker running it ({lost}, started {started}) stopped before it finished "
                    f"(run {len(job.worker_ids)} of at most {settings.JOB_ATTEMPTS})"
                )
                job.set_failed(WorkerLost(reason))
                outcomes.append((str(job.pk), "failed"))
                log.error("job %s (%s) failed: %s", job.pk, job.task_path, reason)
    return outcomes


def failure_reason(job: DBTaskResult[Any, Any]) -> str:
    """A failed job's reason in one line: its exception's class and message, the traceback's last line."""
    lines = [line.strip() for line in job.traceback.strip().splitlines() if line.strip()]
    path = str(job.exception_class_path)
    last = lines[-1] if lines else path
    # "citycert.operations.jobs.WorkerLost: ..." reads as "WorkerLost: ..."
    return last.removeprefix(path.rpartition(".")[0] + ".") if "." in path else last


class Keeper(threading.Thread):
    """Beside a worker's loop, every beat: its heartbeat, the jobs of dead workers, and (unless told not to) the
    schedule of periodic jobs. A thread with its own database connection, so a long job does not stop it."""

    def __init__(self, worker_id: str, *, schedule: bool = True, recover: bool = True) -> None:
        super().__init__(name=f"citycert-keeper-{worker_id}", daemon=True)
        self.worker_id, self.schedule, self.recover = worker_id, schedule, recover
        self.started_at = timezone.now()
        self.stopping = threading.Event()

    def run(self) -> None:
        from citycert.operations.schedule import enqueue_due

        try:
            while not self.stopping.is_set():
                try:
                    beat(self.worker_id, self.started_at)
                    if self.recover:
                        recover_abandoned()
                    if self.schedule:
                        enqueue_due(timezone.now())
                except Exception:
                    # The database away for a moment, say: the next beat tries again.
                    log.exception("worker %s: heartbeat or schedule failed", self.worker_id)
                finally:
                    connection.close()
                self.stopping.wait(settings.WORKER_HEARTBEAT_SECONDS)
            WorkerHeartbeat.objects.filter(worker_id=self.worker_id).update(stopped_at=timezone.now())
        finally:
            connection.close()

    def stop(self) -> None:
        self.stopping.set()
        self.join(timeout=60)


@contextmanager
def kept_alive(worker_id: str) -> Iterator[None]:
    """A heartbeat for a job run outside a worker. None inside a transaction, nor on a private in-memory database
    (the tests'): no other process can see the job there, and a second connection would only meet this one's locks
    (or, in a test, leave rows behind that the test's rollback does not remove)."""
    private = connection.vendor == "sqlite" and connection.is_in_memory_db()  # type: ignore[attr-defined]
    if private or connection.in_atomic_block:
        beat(worker_id, timezone.now())
        yield
        return
    keeper = Keeper(worker_id, schedule=False, recover=False)
    keeper.start()
    try:
        yield
    finally:
        keeper.stop()


def run_now(result: TaskResult[Any]) -> Any:
    """Run a queued job at once in this process, as a worker would: claimed first, so no worker runs it too, and
    recorded as done or failed. Returns its return value, or None when a worker took it first or it failed."""
    worker_id = f"inline-{socket.gethostname()}-{os.getpid()}"[:64]
    with exclusive_transaction():
        job = DBTaskResult.objects.select_for_update().filter(pk=result.id, status="READY").first()
        if job is None:
            return None
        job.claim(worker_id)
    with kept_alive(worker_id):
        Worker(
            queue_names=[job.queue_name],
            interval=0,
            batch=True,
            backend_name=job.backend_name,
            startup_delay=False,
            max_tasks=None,
            worker_id=worker_id,
            excluded_queue_names=[],
        ).run_task(job)
    job.refresh_from_db()
    return job.return_value if job.status == TaskResultStatus.SUCCESSFUL else None


@task()
def prune_finished_jobs() -> dict[str, int]:
    """Every day: forget the jobs finished, the periodic runs started and the workers stopped or silent more than
    KEPT_DAYS ago, so that the queue's table stays small; queued and running jobs are never touched."""
    before = timezone.now() - timedelta(days=KEPT_DAYS)
    jobs, _ = DBTaskResult.objects.finished().filter(finished_at__lt=before).delete()
    runs, _ = ScheduledRun.objects.filter(enqueued_at__lt=before).delete()
    workers, _ = WorkerHeartbeat.objects.filter(seen_at__lt=before).delete()
    return {"jobs": jobs, "scheduled runs": runs, "workers": workers}
