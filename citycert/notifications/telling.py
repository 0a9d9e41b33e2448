"""Telling people: a notification for each person a step concerns who may see it, said in each of the site's languages, and
an email at once to those who want each one at once (the others' wait for the daily digest, `digest.py`)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import cast

from django.contrib.auth.models import AbstractBaseUser, User
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext

from citycert.language import in_each_site_language
from citycert.notifications.models import EmailChoice, Notification, Preference
from citycert.notifications.steps import Step, Value
from citycert.operations.mail import queue_email
from citycert.permissions import told
from citycert.public_address import public_base


def said(wording: str, values: Mapping[str, Value]) -> dict[str, str]:
    """The message in each language the site speaks, through the catalogue, each value said in the same language."""
    return in_each_site_language(
        lambda: gettext(wording) % {key: value() if callable(value) else value for key, value in values.items()}
    )


def tell(step: Step, *, besides: int | None = None, event_id: int | None = None) -> list[Notification]:
    """Tell a step to everyone it concerns who may be told of it, and email those who want each one at once."""
    people = told(step.people, step.about, besides=besides)
    if not people:
        return []
    return notify(
        people,
        step.kind,
        said(step.wording, step.values),
        step.url,
        step.object_type,
        step.object_id,
        event_id=event_id,
    )


def notify(
    people: Iterable[AbstractBaseUser],
    kind: str,
    messages: dict[str, str],
    url: str,
    object_type: str,
    object_id: str,
    *,
    event_id: int | None = None,
    needs_email: bool = True,
) -> list[Notification]:
    """Store one notification per person (already told: `permissions.told`) and email the immediate ones."""
    with transaction.atomic():
        made = Notification.objects.bulk_create(
            Notification(
                recipient=cast(User, person),
                kind=kind,
                messages=messages,
                url=url,
                object_type=object_type,
                object_id=object_id,
                event_id=event_id,
                needs_email=needs_email,
            )
            for person in people
        )
        if needs_email:
            email_at_once(made)
    return made


def preference_of(user: AbstractBaseUser) -> Preference:
    """A person's preference, or the default (Korean, each email at once) when they never chose one."""
    found = Preference.objects.filter(user_id=user.pk).first()
    return found if found is not None else Preference(user_id=user.pk)


def email_at_once(notifications: list[Notification]) -> None:
    """Queue an email for each notification whose recipient wants each one at once and has an address; the worker
    sends it once the transaction commits."""
    chosen = {
        preference.user_id: preference
        for preference in Preference.objects.filter(user_id__in=[n.recipient_id for n in notifications])
    }
    now = timezone.now()
    sent = []
    for notification in notifications:
        person = notification.recipient
        preference = chosen.get(person.pk) or Preference(user_id=person.pk)
        address = getattr(person, "email", "")
        if preference.email != EmailChoice.IMMEDIATE or not address:
            continue
        subject, body = one_email(notification, preference.language)
        queue_email(subject, body, [address])
        notification.emailed_at = now
        sent.append(notification)
    Notification.objects.bulk_update(sent, ["emailed_at"])


def link(notification: Notification) -> str:
    return public_base() + notification.url if notification.url else ""


def one_email(notification: Notification, language: str) -> tuple[str, str]:
    """The subject and body of one notification's email, from the templates in the recipient's language."""
    with translation.override(language):
        context = {"message": notification.message_in(language), "link": link(notification), "base": public_base()}
        subject = render_to_string("notifications/email_subject.txt", context).strip()
        body = render_to_string("notifications/email.txt", context)
    return " ".join(subject.split()), body
