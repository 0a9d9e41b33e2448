"""Login throttling: after LOGIN_FAILURE_LIMIT failed logins for one username from one address within
LOGIN_FAILURE_WINDOW_MINUTES, that username and address wait until the oldest of those failures leaves the window.

Failures are rows in the database, so every app server process sees the same count. While locked, the
password is not even checked: a right guess during the wait gains nothing.
"""

from __future__ import annotations

import math
from datetime import timedelta
from typing import Any

from django import forms
from django.conf import settings
from django.contrib.auth.forms import AuthenticationForm
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import ngettext

from citycert.accounts.models import LoginFailure


def client_address(request: HttpRequest | None) -> str | None:
    """The address the request came from, as the server saw it (behind a proxy, the proxy's own)."""
    return request.META.get("REMOTE_ADDR") or None if request is not None else None


def _window() -> timedelta:
    return timedelta(minutes=settings.LOGIN_FAILURE_WINDOW_MINUTES)


def minutes_locked(username: str, address: str | None) -> int:
    """How many more minutes this username and address must wait; 0 when they may try."""
    now = timezone.now()
    recent = LoginFailure.objects.filter(username=username, address=address, at__gt=now - _window())
    times = list(recent.order_by("-at").values_list("at", flat=True)[: settings.LOGIN_FAILURE_LIMIT])
    if len(times) < settings.LOGIN_FAILURE_LIMIT:
        return 0
    free_at = times[-1] + _window()
    return max(1, math.ceil((free_at - now).total_seconds() / 60))


def record_failure(username: str, address: str | None) -> None:
    """Count a failed login; failures older than the window are forgotten on the way."""
    now = timezone.now()
    LoginFailure.objects.filter(at__lte=now - _window()).delete()
    LoginFailure.objects.create(username=username[:150], address=address, at=now)


def forget_failures(username: str, address: str | None) -> None:
    """A successful login starts the count afresh for that username and address."""
    LoginFailure.objects.filter(username=username, address=address).delete()


class ThrottledAuthenticationForm(AuthenticationForm):
    """Django's login form, refusing a username and address that failed too often of late."""

    locked = False

    def clean(self) -> dict[str, Any]:
        username = (self.cleaned_data.get("username") or "")[:150]
        address = client_address(self.request)
        minutes = minutes_locked(username, address)
        if minutes:
            self.locked = True
            raise forms.ValidationError(
                ngettext(
                    "Too many failed logins for this username. Try again in %(minutes)d minute.",
                    "Too many failed logins for this username. Try again in %(minutes)d minutes.",
                    minutes,
                )
                % {"minutes": minutes},
                code="locked",
            )
        try:
            cleaned = super().clean()
        except forms.ValidationError:
            record_failure(username, address)
            raise
        forget_failures(username, address)
        return cleaned
