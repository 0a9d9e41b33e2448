"""The daily digest: everything told to a person that is still to be emailed, in one email in their language."""

from __future__ import annotations

from collections import defaultdict
from datetime import datetime

from django.conf import settings
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation

from citycert.notifications.models import Notification, Preference
from citycert.notifications.telling import link
from citycert.operations.mail import queue_email
from citycert.public_address import public_base


def send_digests(now: datetime | None = None) -> int:
    """One email per person with notifications not yet emailed (those who chose a daily digest; and anyone's
    left over from before they switched to each one at once); returns how many emails were queued. Inactive
    accounts and accounts without an address get none, and their notifications stay in their list."""
    now = now or timezone.now()
    pending = (
        Notification.objects.filter(needs_email=True, emailed_at__isnull=True, created_at__lte=now)
        .filter(recipient__is_active=True)
        .exclude(recipient__email="")
        .select_related("recipient")
        .order_by("recipient_id", "created_at", "id")
    )
    by_person: dict[int, list[Notification]] = defaultdict(list)
    for notification in pending:
        by_person[notification.recipient_id].append(notification)
    languages = dict(Preference.objects.filter(user_id__in=list(by_person)).values_list("user_id", "language"))
    queued = 0
    for person_id, notifications in by_person.items():
        language = languages.get(person_id, settings.LANGUAGE_CODE)
        with transaction.atomic():
            subject, body = digest_email(notifications, language)
            queue_email(subject, body, [notifications[0].recipient.email])
            Notification.objects.filter(pk__in=[n.pk for n in notifications]).update(emailed_at=now)
        queued += 1
    return queued


def digest_email(notifications: list[Notification], language: str) -> tuple[str, str]:
    """The digest's subject and body, from the templates in the recipient's language."""
    with translation.override(language):
        rows = [(n.created_at, n.message_in(language), link(n)) for n in notifications]
        context = {"rows": rows, "count": len(rows), "base": public_base()}
        subject = render_to_string("notifications/digest_subject.txt", context).strip()
        body = render_to_string("notifications/digest.txt", context)
    return " ".join(subject.split()), body
