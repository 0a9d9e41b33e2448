"""The TOTP second factor (django-otp): enrolling an authenticator app, and proving one's code after signing in.

At sign-in (by password or through the OpenID provider) the session is told what is still owed: a code, for whoever
has enrolled, or enrolment itself, for the roles that must have a second factor (citycert.permissions). Until it is
paid, citycert.accounts.second_factor_gate lets that session reach nothing but these steps and logging out.
"""

from __future__ import annotations

import math
from base64 import b32encode
from typing import Any

import django_otp
import segno
from django.contrib.auth.models import User
from django.contrib.auth.signals import user_logged_in
from django.db import transaction
from django.dispatch import receiver
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django_otp.plugins.otp_totp.models import TOTPDevice

from citycert.audit.log import record
from citycert.permissions import has_second_factor, must_enrol_second_factor

__all__ = [
    "ENROL",
    "PENDING",
    "VERIFY",
    "Refused",
    "confirm_enrolment",
    "enrolment_device",
    "prove",
    "qr_svg",
    "secret_text",
]


class Refused(Exception):
    """A code not taken; the message says why and what to do."""


# The session key holding what the signed-in person still owes, and its two values.
PENDING = "citycert_second_factor"
VERIFY = "verify"
ENROL = "enrol"


@receiver(user_logged_in, dispatch_uid="citycert-second-factor-owed")
def _owe_second_factor(sender: Any, request: HttpRequest | None, user: User, **kwargs: Any) -> None:
    """Decided once at sign-in and kept in the session, so that pages ask nothing of the database for it."""
    if request is None or not hasattr(request, "session"):
        return
    if has_second_factor(user):
        request.session[PENDING] = VERIFY
    elif must_enrol_second_factor(user):
        request.session[PENDING] = ENROL
    else:
        request.session.pop(PENDING, None)


def owed(request: HttpRequest) -> str | None:
    """VERIFY, ENROL or None: what this session's person must still do before anything else."""
    value = request.session.get(PENDING) if hasattr(request, "session") else None
    return value if value in (VERIFY, ENROL) else None


def enrolment_device(user: User) -> TOTPDevice:
    """The person's device waiting for its first code: the one already shown to them, or a new secret."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).order_by("-id").first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name="authenticator", confirmed=False)
    return device


def secret_text(device: TOTPDevice) -> str:
    """The secret as an authenticator app takes it typed in: base32, in groups of four."""
    secret = b32encode(device.bin_key).decode("ascii")
    return " ".join(secret[start : start + 4] for start in range(0, len(secret), 4))


def qr_svg(device: TOTPDevice) -> str:
    """The device's otpauth:// address as an inline SVG QR code, drawn here (no outside service sees the secret)."""
    code = segno.make(device.config_url, error="m")
    return str(code.svg_inline(scale=4, dark="#1a1a1a", light="#ffffff", omitsize=False))


def _clean(code: str) -> str:
    return "".join(code.split())


def _locked(device: TOTPDevice | None) -> Refused | None:
    """After wrong codes django-otp makes the next try wait longer each time (1 s, 2 s, 4 s …): a try during the wait
    is refused unread, even a right code, so that a guesser gains nothing by trying fast. Whether that is now."""
    allowed, why = device.verify_is_allowed() if device is not None else (True, None)
    if allowed or not why or not why.get("locked_until"):
        return None
    seconds = max(1, math.ceil((why["locked_until"] - timezone.now()).total_seconds()))
    return Refused(
        ngettext(
            "Too many wrong codes. Wait %(seconds)d second, then enter the code your app shows.",
            "Too many wrong codes. Wait %(seconds)d seconds, then enter the code your app shows.",
            seconds,
        )
        % {"seconds": seconds}
    )


def _wrong() -> Refused:
    return Refused(_("That code is not right. Enter the code your authenticator app shows now."))


def confirm_enrolment(request: HttpRequest, device: TOTPDevice, code: str) -> None:
    """The first right code confirms the device and counts as this session's proof; other devices of the person
    waiting for confirmation are dropped. Refused for a wrong code."""
    user: User = request.user  # type: ignore[assignment]
    if device.user_id != user.pk or device.confirmed:
        raise _wrong()
    locked = _locked(device)
    if locked is not None:
        raise locked
    with transaction.atomic():
        # A wrong code's count of failures (django-otp's throttle) is kept: nothing is raised inside the transaction.
        accepted = device.verify_token(_clean(code))
        if accepted:
            device.confirmed = True
            device.save(update_fields=["confirmed"])
            TOTPDevice.objects.filter(user=user, confirmed=False).delete()
            record(user, "second_factor.enrolled", "user", user.pk, after={"device": device.pk})
    if not accepted:
        raise _wrong()
    django_otp.login(request, device)
    request.session.pop(PENDING, None)


def prove(request: HttpRequest, code: str) -> None:
    """A right code from one of the person's confirmed devices marks this session as proven (and is written to the
    audit log); refused otherwise."""
    user: User = request.user  # type: ignore[assignment]
    devices = list(TOTPDevice.objects.filter(user=user, confirmed=True).order_by("id"))
    locked = _locked(devices[0]) if devices else None
    if locked is not None:
        raise locked
    for device in devices:
        # Against each device by its id (django-otp's advice: its throttling then counts per device).
        with transaction.atomic():
            if django_otp.verify_token(user, device.persistent_id, _clean(code)) is None:
                continue
            record(user, "second_factor.verified", "user", user.pk, after={"device": device.pk})
        break
    else:
        raise _wrong()
    django_otp.login(request, device)
    request.session.pop(PENDING, None)
