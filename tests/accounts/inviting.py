"""What the invitation stories share: inviting through the page, and reading the link out of the email sent."""

from __future__ import annotations

import re
from typing import Any

from django.core import mail
from django.test import Client

from tests.support import run_queued_jobs

NEW_PASSWORD = "a-long-new-password-42"


def invite(client: Client, **fields: Any) -> Any:
    """Post the invitation form as the client's person; the fields as a person would fill them in."""
    data = {"name": "Kim Ji-won", "email": "jiwon@body.example", "role": "assessor", "language": "en", **fields}
    return client.post("/accounts/people/invite/", data)


def sent_to(address: str) -> list[mail.EmailMessage]:
    """The emails to `address` once the queued jobs have run, oldest first."""
    run_queued_jobs()
    return [message for message in mail.outbox if address in message.to]


def link_in(message: mail.EmailMessage) -> str:
    """The path of the invitation's link in an email."""
    found = re.search(r"https?://[^/\s]+(/invitations/[\w-]+/)", str(message.body))
    assert found, message.body
    return found.group(1)


def accept(link: str, password: str = NEW_PASSWORD, client: Client | None = None) -> Any:
    """Follow the link and choose a password, as the invited person."""
    client = client or Client()
    return client.post(link, {"new_password1": password, "new_password2": password}, follow=True)
