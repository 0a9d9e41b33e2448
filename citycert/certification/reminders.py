"""Reminders of what falls due after a certificate is issued: surveillance audits and extension deadlines.

Each due item is reminded once (a Reminder row says it went out), to the city's officers and to the
certifying body, in every language the site speaks.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.db import IntegrityError, transaction

from citycert.certification.models import DueAudit, Reminder
from citycert.certification.workflow.due import due_items
from citycert.operations.mail import in_every_language, queue_email, subject_in_every_language
from citycert.permissions import recipients


@dataclass(frozen=True)
class Sent:
    due: DueAudit
    recipients: list[str]


def recipients_for(due: DueAudit) -> list[str]:
    """The city's officers and the certifying body, active accounts only (see permissions.recipients)."""
    return recipients(due.certificate.city_id, officers=True, body=True)


def message_for(due: DueAudit) -> tuple[str, str]:
    """The reminder's subject and body in every language the site speaks: who receives it has no language on
    record."""
    context = {"due": due, "certificate": due.certificate, "city": due.certificate.city}
    subject = subject_in_every_language("certification/email/reminder_subject.txt", context)
    return subject, in_every_language("certification/email/reminder.txt", context) + "\n"


def send_reminders(today: date, *, within_days: int = 30) -> list[Sent]:
    """Remind everything due within `within_days` (and overdue surveillance) that has not been reminded."""
    sent: list[Sent] = []
    for entry in due_items(today, horizon_days=within_days):
        due = entry.due
        if Reminder.objects.filter(due=due).exists():
            continue
        recipients = recipients_for(due)
        try:
            with transaction.atomic():
                # The row first: if two runs overlap, the unique index lets only one of them send.
                Reminder.objects.create(due=due, sent_on=today, recipients=", ".join(recipients))
                if recipients:
                    subject, body = message_for(due)
                    queue_email(subject, body, recipients)
        except IntegrityError:
            continue
        sent.append(Sent(due, recipients))
    return sent
