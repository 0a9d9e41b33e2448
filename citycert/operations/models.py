"""The worker's side of operations: which workers are alive, and which periodic runs were started."""

from __future__ import annotations

from django.db import models


class WorkerHeartbeat(models.Model):
    """A `citycert worker` process and when it last said it was alive; a worker silent for three beats is
    taken for dead, and the job it was running is run again or failed (citycert.operations.jobs)."""

    worker_id = models.CharField(max_length=64, primary_key=True)
    host = models.CharField(max_length=255)
    pid = models.PositiveIntegerField()
    started_at = models.DateTimeField()
    seen_at = models.DateTimeField()
    stopped_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"worker {self.worker_id} on {self.host} ({self.pid})"


class ScheduledRun(models.Model):
    """One run of a periodic job for one slot of its period (an hour, a day). The unique pair is the lock that
    makes each run happen once however many workers keep the schedule."""

    job = models.CharField(max_length=64)
    slot = models.DateTimeField()  # the start of the period this run is for
    enqueued_at = models.DateTimeField(auto_now_add=True)
    task_id = models.CharField(max_length=64, blank=True)  # the queued job's id (django_tasks_db)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["job", "slot"], name="one_run_per_job_and_slot")]
        indexes = [models.Index(fields=["job", "-slot"])]

    def __str__(self) -> str:
        return f"{self.job} for {self.slot:%Y-%m-%d %H:%M}"
