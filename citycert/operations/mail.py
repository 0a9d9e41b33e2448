"""Email leaves through the queue: enqueued in the transaction that makes it necessary, sent by a worker once
that transaction has committed, never inside a request (a slow mail server slows nobody's page)."""

from __future__ import annotations

from django.core.mail import send_mail
from django_tasks import TaskResult, task


@task()
def send_email(subject: str, body: str, recipients: list[str]) -> int:
    """Send one message from DEFAULT_FROM_EMAIL; a failure fails the job, with the reason, in `citycert jobs`."""
    return send_mail(subject, body, None, recipients)


def queue_email(subject: str, body: str, recipients: list[str]) -> TaskResult[int]:
    """Enqueue a message; inside a transaction it is sent only if that transaction commits."""
    return send_email.enqueue(subject, body, list(recipients))
