"""The daily pruning forgets the jobs that finished, the periodic runs started and the workers last seen more than
thirty days ago; a job still queued, however old, and last week's are kept, so `citycert jobs` still lists them."""

from __future__ import annotations

from datetime import timedelta
from typing import Any
from uuid import UUID

import pytest
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from citycert.operations.jobs import beat, prune_finished_jobs
from citycert.operations.mail import queue_email
from citycert.operations.models import ScheduledRun, WorkerHeartbeat
from citycert.operations.schedule import enqueue_due
from tests.support import run_queued_jobs


def test_only_what_finished_long_ago_is_pruned(db: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    # Pruning is called below; the notifications' daily job is left out to keep the counts those of three jobs.
    monkeypatch.setenv("CITYCERT_SCHEDULE", "job-pruning=0,open-data-snapshots=0,notifications=0")
    now = timezone.now()
    enqueue_due(now - timedelta(days=40))
    run_queued_jobs()
    DBTaskResult.objects.update(finished_at=now - timedelta(days=40), enqueued_at=now - timedelta(days=40))
    ScheduledRun.objects.update(enqueued_at=now - timedelta(days=40))
    enqueue_due(now - timedelta(days=7))
    run_queued_jobs()
    old_email = queue_email("[citycert] 오래된 편지", "본문", ["smart@seocho.go.kr"])  # never sent: kept
    DBTaskResult.objects.filter(pk=old_email.id).update(enqueued_at=now - timedelta(days=40))
    beat("gone", now - timedelta(days=40))
    WorkerHeartbeat.objects.filter(worker_id="gone").update(seen_at=now - timedelta(days=40))
    beat("here", now)

    pruned = prune_finished_jobs.call()

    assert pruned == {"jobs": 3, "scheduled runs": 3, "workers": 1}
    assert all(slot > now - timedelta(days=8) for slot in ScheduledRun.objects.values_list("slot", flat=True))
    assert ScheduledRun.objects.count() == 3
    assert DBTaskResult.objects.filter(status="READY").get().pk == UUID(old_email.id)
    assert list(WorkerHeartbeat.objects.values_list("worker_id", flat=True)) == ["here"]
