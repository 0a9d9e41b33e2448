"""The schedule never starts a periodic job while its previous run is still queued or running: the next slot
starts it once the previous run is over. A slot already started is never started again."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

import pytest
from django.utils import timezone

from citycert.operations.models import ScheduledRun
from citycert.operations.schedule import enqueue_due, periodic_jobs, slot
from tests.support import run_queued_jobs

NOON = datetime(2027, 3, 2, 12, 10, tzinfo=timezone.get_default_timezone())


def started(now: datetime) -> list[str]:
    return sorted(run.job for run in enqueue_due(now))


def test_no_run_overlaps_the_one_before(db: Any) -> None:
    assert started(NOON) == [
        "indicator-fetches",
        "job-pruning",
        "notifications",
        "open-data-snapshots",
        "projections",
        "reminders",
    ]
    assert started(NOON + timedelta(minutes=5)) == []  # the same slots: started already
    assert started(NOON + timedelta(hours=1)) == []  # a new hour, but the fetches of the last are still queued
    run_queued_jobs()
    assert started(NOON + timedelta(hours=1, minutes=1)) == ["indicator-fetches"]
    run_queued_jobs()
    assert started(NOON + timedelta(days=1)) == [
        "indicator-fetches",
        "job-pruning",
        "notifications",
        "open-data-snapshots",
        "projections",
        "reminders",
    ]
    assert ScheduledRun.objects.count() == 13


def test_hours_and_days_start_on_the_hour_and_at_midnight() -> None:
    assert slot(3600, NOON) == NOON.replace(minute=0)
    assert slot(24 * 3600, NOON) == NOON.replace(hour=0, minute=0)
    assert slot(600, NOON + timedelta(minutes=9)) == NOON.replace(minute=10)


def test_the_schedule_can_be_changed_and_a_mistake_is_named(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CITYCERT_SCHEDULE", "indicator-fetches=600,reminders=0")
    assert [(job.name, job.seconds) for job in periodic_jobs()] == [
        ("indicator-fetches", 600),
        ("projections", 86400),
        ("notifications", 86400),
        ("job-pruning", 86400),
        ("open-data-snapshots", 86400),
    ]
    monkeypatch.setenv("CITYCERT_SCHEDULE", "snapshots=60")
    with pytest.raises(ValueError, match="CITYCERT_SCHEDULE: unknown job snapshots"):
        periodic_jobs()
