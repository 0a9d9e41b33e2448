"""`citycert jobs`: the recent background jobs with their outcome, and the workers with their last heartbeat."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from citycert.operations.jobs import failure_reason, silent_since
from citycert.operations.models import ScheduledRun, WorkerHeartbeat

OUTCOMES = {"READY": "queued", "RUNNING": "running", "SUCCESSFUL": "done", "FAILED": "failed"}


class Command(BaseCommand):
    help = "List the recent background jobs (newest first) with their outcome, and the workers."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--limit", type=int, default=30, help="how many jobs to list (default 30)")
        parser.add_argument("--failed", action="store_true", help="only the jobs that failed")

    def handle(self, *args: Any, **options: Any) -> None:
        now = timezone.now()
        alive_since = silent_since(now)
        workers = WorkerHeartbeat.objects.order_by("-seen_at")[:10]
        if not workers:
            self.stdout.write("workers: none has run (start one with `citycert worker`)")
        for worker in workers:
            state = "stopped" if worker.stopped_at else "alive" if worker.seen_at >= alive_since else "silent"
            seen = timezone.localtime(worker.seen_at).strftime("%Y-%m-%d %H:%M:%S")
            self.stdout.write(f"worker {worker.worker_id} on {worker.host} (pid {worker.pid}): {state}, seen {seen}")

        jobs = DBTaskResult.objects.order_by("-enqueued_at")
        if options["failed"]:
            jobs = jobs.filter(status="FAILED")
        jobs_listed = list(jobs[: options["limit"]])
        scheduled = dict(
            ScheduledRun.objects.filter(task_id__in=[str(job.pk) for job in jobs_listed]).values_list("task_id", "job")
        )
        self.stdout.write(f"{'enqueued':19}  {'job':32}  {'outcome':8}  {'took':>8}  runs  reason")
        for job in jobs_listed:
            name = scheduled.get(str(job.pk)) or job.task_path.rsplit(".", 1)[-1]
            enqueued = timezone.localtime(job.enqueued_at).strftime("%Y-%m-%d %H:%M:%S")
            took = (
                f"{(job.finished_at - job.started_at).total_seconds():.1f}s"
                if job.finished_at and job.started_at
                else "-"
            )
            reason = failure_reason(job) if job.status == "FAILED" else ""
            outcome = OUTCOMES.get(job.status, job.status.lower())
            line = f"{enqueued}  {name[:32]:32}  {outcome:8}  {took:>8}  {len(job.worker_ids):>4}  {reason}"
            self.stdout.write(line.rstrip())
        if not jobs_listed:
            self.stdout.write("no jobs yet")
