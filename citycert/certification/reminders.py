"""Reminders of what falls due after a certificate is issued: surveillance audits and extension deadlines.

Each due item is reminded once (a Reminder row says it went out), to the city's officers and to the
certifying body, in Korean and English.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.db import IntegrityError, transaction
from django.utils import translation
from django.utils.translation import gettext as _

from citycert.certification.models import DueAudit, Reminder
from citycert.certification.workflow.due import due_items
from citycert.operations.mail import queue_email
from citycert.permissions import recipients


@dataclass(frozen=True)
class Sent:
    due: DueAudit
    recipients: list[str]


def recipients_for(due: DueAudit) -> list[str]:
    """The city's officers and the certifying body, active accounts only (see permissions.recipients)."""
    return recipients(due.certificate.city_id, officers=True, body=True)


def message_for(due: DueAudit) -> tuple[str, str]:
    """The reminder in Korean, then in English: who receives it has no language on record."""
    certificate = due.certificate
    city = certificate.city
    subject = f"[citycert] {due.name_ko} · {due.name_en}: {city.name_ko} ({certificate.number}) {due.due_on:%Y-%m-%d}"
    paragraphs = []
    for language, city_name, what in (("ko", city.name_ko, due.name_ko), ("en", city.name_en, due.name_en)):
        with translation.override(language):
            paragraphs.append(
                _("%(city)s, certificate %(number)s: %(what)s is due on %(due)s.")
                % {"city": city_name, "number": certificate.number, "what": what, "due": f"{due.due_on:%Y-%m-%d}"}
                + "\n"
                + _("The certificate expires on %(day)s.") % {"day": f"{certificate.expires_on:%Y-%m-%d}"}
                + "\n"
            )
    return subject, "\n".join(paragraphs)


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
