"""The indicators' periodic jobs, run by the workers' schedule (citycert.operations.schedule)."""

from __future__ import annotations

from django.utils import timezone
from django_tasks import task

from citycert.indicators.alerts import watch
from citycert.indicators.projection import project_cities
from citycert.indicators.schedules import due, fetch


@task()
def fetch_due_imports() -> dict[str, str]:
    """Every hour: fetch and import the scheduled files that are due; each outcome is kept on its schedule."""
    outcomes = {}
    for schedule in due(timezone.now()):
        fetch(schedule, timezone.now())
        outcomes[f"{schedule.city.code} {schedule.url}"] = schedule.last_outcome
    return outcomes


@task()
def project_and_alert() -> dict[str, int]:
    """Every day: project every certified city's next review again and raise what that shows (time alone makes
    data overdue and evidence expire)."""
    projections, alerts = watch(timezone.localdate())
    return {"projections": len(projections), "alerts": len(alerts)}


@task()
def project_again() -> int:
    """Asked for on the monitoring page: project every certificate valid today again (no alerts raised)."""
    return len(project_cities(None, timezone.localdate()))
