"""What is told once a step's transaction has committed: an audit event's steps, an indicator alert, a reminder.

Alerts and reminders send their own email already, in Korean and English (`indicators/alerts.py`,
`certification/reminders.py`); here they only appear in each person's list, so nobody is emailed twice."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext_noop

from citycert.audit.models import AuditEvent
from citycert.certification.models import Reminder
from citycert.indicators.models import Alert
from citycert.notifications.steps import applicant, steps_of
from citycert.notifications.telling import notify, said, tell
from citycert.permissions import certifying_body, city_officers_told_of, told


def tell_event(pk: int) -> int:
    """Tell what an audit event's steps tell; returns how many notifications were made."""
    event = AuditEvent.objects.filter(pk=pk).first()
    if event is None:
        return 0
    return sum(len(tell(step, besides=event.actor_id, event_id=event.pk)) for step in steps_of(event))


def tell_alert(pk: int) -> int:
    alert = Alert.objects.select_related("city").filter(pk=pk).first()
    if alert is None:
        return 0
    audience = city_officers_told_of(alert.city) if alert.audience == Alert.Audience.CITY else certifying_body()
    people = told(audience, alert.city)
    url = reverse("indicators", args=[alert.city.code])
    made = notify(
        people,
        "alert",
        {"ko": alert.message_ko, "en": alert.message_en},
        url,
        "alert",
        str(alert.pk),
        needs_email=False,
    )
    return len(made)


def tell_reminder(pk: int) -> int:
    reminder = Reminder.objects.select_related("due__certificate__application__city").filter(pk=pk).first()
    if reminder is None:
        return 0
    due = reminder.due
    certificate = due.certificate
    people = told([*city_officers_told_of(certificate.city_id), *certifying_body()], certificate)
    messages = said(
        gettext_noop("%(what)s of certificate %(number)s (%(city)s) is due on %(due)s."),
        {
            "what": lambda: due.name,
            "number": certificate.number,
            "city": applicant(certificate.application),
            "due": f"{due.due_on:%Y-%m-%d}",
        },
    )
    url = reverse("certificate", args=[certificate.number])
    return len(notify(people, "reminder", messages, url, "certificate", certificate.number, needs_email=False))
