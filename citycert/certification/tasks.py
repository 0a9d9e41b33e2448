"""Certification's periodic job, run by the workers' schedule (citycert.operations.schedule)."""

from __future__ import annotations

from django.utils import timezone
from django_tasks import task

from citycert.certification.reminders import send_reminders


@task()
def send_due_reminders() -> list[str]:
    """Every day: remind what falls due within 30 days (and overdue surveillance), each item once."""
    return [f"{sent.due.certificate.number} {sent.due.schedule_id}" for sent in send_reminders(timezone.localdate())]
