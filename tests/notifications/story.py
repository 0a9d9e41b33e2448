"""The notifications' stories: the round of tests/certification/story.py, each step taken as the pages take it
and its transaction committed (a test's own transaction never commits, so `told` runs what waits for the commit),
with the people's email addresses and, where a story says so, their preferences."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager
from typing import Any

from django.contrib.auth.models import User
from django.test import Client

from citycert.notifications.models import Notification, Preference

Commits = Callable[..., AbstractContextManager[Any]]

ADDRESSES = {
    "officer-seocho": "smart@seocho.go.kr",
    "officer-hanam": "smart@hanam.go.kr",
    "assessor-1": "assessor1@krihs.re.kr",
    "assessor-2": "assessor2@krihs.re.kr",
    "assessor-3": "assessor3@krihs.re.kr",
    "certifier": "cert@krihs.re.kr",
    "certifier-2": "cert2@krihs.re.kr",
    "admin": "admin@krihs.re.kr",
}


def give_addresses() -> None:
    for user in User.objects.filter(username__in=ADDRESSES):
        user.email = ADDRESSES[user.username]
        user.save(update_fields=["email"])


def prefer(user: User, *, language: str = "ko", email: str = "immediate") -> None:
    Preference.objects.update_or_create(user=user, defaults={"language": language, "email": email})


@contextmanager
def committed(commits: Commits) -> Iterator[None]:
    """Run what the steps inside leave for after their transaction commits, as it would in a request."""
    with commits(execute=True):
        yield


def messages_of(user: User, language: str = "en") -> list[str]:
    return [n.message_in(language) for n in Notification.objects.filter(recipient=user).order_by("id")]


def page_for(user: User, language: str = "en") -> str:
    """The person's notification list, as they see it in `language`."""
    client = Client()
    client.force_login(user)
    client.cookies["django_language"] = language
    response = client.get("/notifications/")
    assert response.status_code == 200
    return response.content.decode()
