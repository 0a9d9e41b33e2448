"""Login throttling: after LOGIN_FAILURE_LIMIT failed logins for one username from one address within
LOGIN_FAILURE_WINDOW_MINUTES, that username and address wait until the oldest of those failures leaves the window.

Failures are rows in the database, so every app server process sees the same count. While locked, the
password is not even checked: a right guess during the wait gains nothing. Behind a proxy the address is the
client's own, read from X-Forwarded-For only as far as the proxies listed in TRUSTED_PROXIES vouch for it: else
five bad tries from one client would lock the username for everyone behind the same proxy.
"""

from __future__ import annotations

import ipaddress
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

Address = ipaddress.IPv4Address | ipaddress.IPv6Address


def _address(text: str) -> Address | None:
    try:
        address = ipaddress.ip_address(text.strip())
    except ValueError:
        return None
    # A server listening on IPv6 sees an IPv4 proxy as ::ffff:10.0.0.5.
    mapped = address.ipv4_mapped if isinstance(address, ipaddress.IPv6Address) else None
    return mapped or address


def _trusted(address: Address) -> bool:
    return any(address in ipaddress.ip_network(proxy, strict=False) for proxy in settings.TRUSTED_PROXIES)


def client_address(request: HttpRequest | None) -> str | None:
    """The address of the client that sent the request. The server sees the last hop; while that hop is a trusted
    proxy, the address it says it was sent from (the last one of X-Forwarded-For) is taken instead, and so on back.
    Addresses a client wrote into the header itself stand before those and are never reached."""
    if request is None:
        return None
    hop = _address(request.META.get("REMOTE_ADDR", ""))
    if hop is None:
        return None
    forwarded = [part for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if part.strip()]
    while _trusted(hop) and forwarded:
        earlier = _address(forwarded.pop())
        if earlier is None:
            break  # not an address: keep the last hop that could be read
        hop = earlier
    return str(hop)


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
