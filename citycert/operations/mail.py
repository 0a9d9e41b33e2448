"""Email leaves through the queue: enqueued in the transaction that makes it necessary, sent by a worker once
that transaction has committed, never inside a request (a slow mail server slows nobody's page)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.utils import translation
from django_tasks import TaskResult, task


@task()
def send_email(subject: str, body: str, recipients: list[str]) -> int:
    """Send one message from DEFAULT_FROM_EMAIL; a failure fails the job, with the reason, in `citycert jobs`."""
    return send_mail(subject, body, None, recipients)


def queue_email(subject: str, body: str, recipients: list[str]) -> TaskResult[int]:
    """Enqueue a message; inside a transaction it is sent only if that transaction commits."""
    return send_email.enqueue(subject, body, list(recipients))


def in_every_language(template_name: str, context: dict[str, Any], *, between: str = "\n\n") -> str:
    """A template rendered once in each language of settings.LANGUAGES, one after another: for mail to people
    who have no language on record (a city's officers, the certifying body), so each reads their own."""
    rendered = []
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            rendered.append(render_to_string(template_name, context).strip())
    return between.join(rendered)


def subject_in_every_language(template_name: str, context: dict[str, Any]) -> str:
    """A subject line in each language, on one line: "[citycert] 감시 심사: … · Surveillance audit: …"."""
    return "[citycert] " + in_every_language(template_name, context, between=" · ")
