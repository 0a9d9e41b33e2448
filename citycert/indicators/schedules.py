"""Scheduled imports: a file a city publishes, fetched over HTTP(S) when due and imported as its owner would.

Nobody previews a scheduled import, so its good rows are kept and its rejected rows recorded on the run.
A fetch that fails (unreachable, too large, not a table) is recorded on the schedule and changes nothing.
"""

from __future__ import annotations

import urllib.error
import urllib.request
from datetime import datetime, timedelta
from pathlib import PurePosixPath
from urllib.parse import urlsplit

from django.conf import settings
from django.db.models import Q
from django.utils import timezone

from citycert.indicators.alerts import commit_and_alert
from citycert.indicators.importing.planning import plan_import
from citycert.indicators.importing.reading import ImportRefused
from citycert.indicators.models import ImportRun, ImportSchedule

TIMEOUT_SECONDS = 30


def due(now: datetime) -> list[ImportSchedule]:
    schedules = ImportSchedule.objects.filter(active=True, created_by__isnull=False).select_related(
        "created_by", "city"
    )
    return [
        schedule
        for schedule in schedules.filter(Q(last_run_at__isnull=True) | Q(last_run_at__lt=now))
        if schedule.last_run_at is None or schedule.last_run_at + timedelta(days=schedule.every_days) <= now
    ]


def fetch(schedule: ImportSchedule, now: datetime) -> ImportRun | None:
    """Fetch and import one schedule's file; the outcome, good or bad, is kept on the schedule."""
    schedule.last_run_at = now
    run = None
    try:
        data = _download(schedule.url)
        name = PurePosixPath(urlsplit(schedule.url).path).name or "download.csv"
        assert schedule.created_by is not None
        plan = plan_import(name, data, schedule.created_by, timezone.localdate(now))
        run, alerts = commit_and_alert(plan, schedule.created_by, keep_good_rows=True, today=timezone.localdate(now))
        run.schedule = schedule
        run.save(update_fields=["schedule"])
        schedule.last_outcome = (
            f"{len(plan.added)} added, {len(plan.changed)} changed, {plan.unchanged} unchanged, "
            f"{len(plan.rejected)} rejected, {len(alerts)} alerts"
        )
    except (ImportRefused, OSError, ValueError) as error:
        schedule.last_outcome = f"not imported: {error}"
    schedule.save(update_fields=["last_run_at", "last_outcome"])
    return run


def _download(url: str) -> bytes:
    if urlsplit(url).scheme not in ("http", "https"):
        raise ValueError(f"only http and https addresses are fetched, not {url!r}")
    limit = settings.INDICATOR_IMPORT_MAX_BYTES
    request = urllib.request.Request(url, headers={"User-Agent": "citycert indicator import"})  # noqa: S310
    with urllib.request.urlopen(request, timeout=TIMEOUT_SECONDS) as answer:  # noqa: S310 (http/https checked above)
        data: bytes = answer.read(limit + 1)
    if len(data) > limit:
        raise ValueError(f"the file at {url} is larger than {limit / 2**20:.0f} MB")
    return data
