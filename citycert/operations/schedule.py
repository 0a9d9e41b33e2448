"""The periodic jobs, run from the workers' schedule rather than the user's cron.

Each job has a period (an hour, a day); its run for a period's slot is enqueued by whichever worker first finds it
due. The ScheduledRun row of (job, slot) is unique, so two workers never both start it, and a slot is not started
while the job's previous run is still queued or running, so two runs of a job never overlap (a run that outlasts
its period delays the next one). CITYCERT_SCHEDULE changes the periods, e.g. `indicator-fetches=600`.
"""

from __future__ import annotations

import logging
import os
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.module_loading import import_string
from django_tasks.base import Task
from django_tasks_db.models import DBTaskResult

from citycert.operations.models import ScheduledRun

log = logging.getLogger(__name__)

HOUR, DAY = 3600, 24 * 3600


@dataclass(frozen=True)
class Periodic:
    name: str
    task: str  # the task's import path
    seconds: int  # the period; daily slots start at local midnight


DEFAULTS = (
    Periodic("indicator-fetches", "citycert.indicators.tasks.fetch_due_imports", HOUR),
    Periodic("projections", "citycert.indicators.tasks.project_and_alert", DAY),
    Periodic("reminders", "citycert.certification.tasks.send_due_reminders", DAY),
    Periodic("notifications", "citycert.notifications.daily.daily_notifications", DAY),
    Periodic("job-pruning", "citycert.operations.jobs.prune_finished_jobs", DAY),
    Periodic("open-data-snapshots", "citycert.reports.open_data_snapshots.build_snapshots", DAY),
)


def periodic_jobs() -> list[Periodic]:
    """The jobs with their periods, as CITYCERT_SCHEDULE changes them (`name=seconds,...`; 0 turns one off)."""
    given: dict[str, int] = {}
    for part in os.environ.get("CITYCERT_SCHEDULE", "").split(","):
        if part.strip():
            name, _, seconds = part.partition("=")
            given[name.strip()] = int(seconds)
    unknown = set(given) - {job.name for job in DEFAULTS}
    if unknown:
        raise ValueError(f"CITYCERT_SCHEDULE: unknown job {', '.join(sorted(unknown))}")
    jobs = [Periodic(job.name, job.task, given.get(job.name, job.seconds)) for job in DEFAULTS]
    return [job for job in jobs if job.seconds > 0]


def slot(seconds: int, now: datetime) -> datetime:
    """The start of the period `now` falls in: periods of up to a day are counted from local midnight (an hour
    from the hour, a day from midnight), longer ones from the epoch."""
    local = timezone.localtime(now)
    if seconds > DAY:
        stamp = int(local.timestamp())
        return datetime.fromtimestamp(stamp - stamp % seconds, tz=local.tzinfo)
    midnight = local.replace(hour=0, minute=0, second=0, microsecond=0)
    since = int((local - midnight).total_seconds())
    return midnight + timedelta(seconds=since - since % seconds)


def still_running(job: Periodic) -> bool:
    latest = ScheduledRun.objects.filter(job=job.name).order_by("-slot").values_list("task_id", flat=True).first()
    return (
        latest is not None
        and latest != ""
        and DBTaskResult.objects.filter(pk=latest, status__in=["READY", "RUNNING"]).exists()
    )


def enqueue_due(now: datetime) -> list[ScheduledRun]:
    """Enqueue each periodic job whose current slot has no run yet and whose previous run is over."""
    started = []
    for job in periodic_jobs():
        start = slot(job.seconds, now)
        if ScheduledRun.objects.filter(job=job.name, slot=start).exists() or still_running(job):
            continue
        task: Task[[], object] = import_string(job.task)
        try:
            with transaction.atomic():
                run = ScheduledRun.objects.create(job=job.name, slot=start)
                run.task_id = str(task.enqueue().id)
                run.save(update_fields=["task_id"])
        except IntegrityError:
            continue  # another worker started it first
        log.info("scheduled %s for %s: job %s", job.name, start.isoformat(), run.task_id)
        started.append(run)
    return started
