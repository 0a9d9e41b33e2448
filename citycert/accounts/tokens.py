"""Personal API tokens: issuing one, revoking it, and finding whose a presented secret is.

A secret reads `cc_<prefix>_<random>`. The prefix is public and finds the row; only the SHA-256 of the whole
secret is stored, so the database alone lets nobody in.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
import string
from datetime import datetime, timedelta

from django.contrib.auth.models import User
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from citycert.audit.log import record

from .models import ApiToken

__all__ = ["DEFAULT_EXPIRY_DAYS", "EXPIRY_DAYS", "Refused", "issue", "revoke", "user_for_token"]

# How long a token may live, in days; the page offers these and nothing longer, so no token lasts for ever.
EXPIRY_DAYS = (30, 90, 365)
DEFAULT_EXPIRY_DAYS = 90
NAME_LENGTH = 100

SCHEME = "cc_"
PREFIX_LENGTH = 8
# "Last used" is written at most this often per token, not on every API request.
LAST_USED_EVERY = timedelta(minutes=1)


class Refused(Exception):
    """A token that cannot be issued as asked; the message says why."""


def _hash(raw: str) -> str:
    # The secret holds 256 random bits, so a fast hash is enough: there is nothing to guess a word at a time.
    return hashlib.sha256(raw.encode("utf-8")).hexdigest()


def issue(user: User, name: str, days: int) -> tuple[ApiToken, str]:
    """A new token for `user`, valid for `days`; the raw secret is returned here and never again."""
    name = name.strip()
    if not name:
        raise Refused(_("Give the token a name."))
    if len(name) > NAME_LENGTH:
        raise Refused(_("The name is too long (%(limit)d characters at most).") % {"limit": NAME_LENGTH})
    if days not in EXPIRY_DAYS:
        raise Refused(_("Choose how long the token lasts."))
    # Eight letters and digits (no "_", which separates the parts): 47 bits, so two tokens never share a
    # prefix in practice (the unique constraint refuses it if they ever do).
    prefix = "".join(secrets.choice(string.ascii_letters + string.digits) for _letter in range(PREFIX_LENGTH))
    raw = f"{SCHEME}{prefix}_{secrets.token_urlsafe(32)}"
    now = timezone.now()
    with transaction.atomic():
        token = ApiToken.objects.create(
            user=user,
            name=name,
            prefix=prefix,
            secret_hash=_hash(raw),
            created_at=now,
            expires_at=now + timedelta(days=days),
        )
        record(user, "api_token.issued", "api_token", token.pk, after=_snapshot(token))
    return token, raw


def revoke(token: ApiToken, by_user: User) -> ApiToken:
    """Stop `token` working from now on; revoking it again changes nothing. Callers check who may do it."""
    with transaction.atomic():
        revoked = ApiToken.objects.filter(pk=token.pk, revoked_at__isnull=True).update(revoked_at=timezone.now())
        token.refresh_from_db(fields=["revoked_at"])
        if revoked:
            record(by_user, "api_token.revoked", "api_token", token.pk, after=_snapshot(token))
    return token


def user_for_token(raw: str, now: datetime | None = None) -> User | None:
    """The active account a presented secret belongs to, or None if it is unknown, wrong, expired or revoked."""
    now = now or timezone.now()
    end = len(SCHEME) + PREFIX_LENGTH
    if not isinstance(raw, str) or not raw.startswith(SCHEME) or raw[end : end + 1] != "_":
        return None
    prefix = raw[len(SCHEME) : end]
    token = ApiToken.objects.select_related("user").filter(prefix=prefix).first()
    if token is None or not hmac.compare_digest(token.secret_hash, _hash(raw)):
        return None
    if token.revoked_at is not None or token.expires_at <= now or not token.user.is_active:
        return None
    if token.last_used_at is None or now - token.last_used_at >= LAST_USED_EVERY:
        # Conditional, so two requests in the same minute write once between them.
        ApiToken.objects.filter(pk=token.pk).filter(
            Q(last_used_at__isnull=True) | Q(last_used_at__lte=now - LAST_USED_EVERY)
        ).update(last_used_at=now)
    return token.user


def _snapshot(token: ApiToken) -> dict[str, str | None]:
    """What the audit log keeps of a token: never its secret or hash."""
    return {
        "user": token.user.get_username(),
        "name": token.name,
        "prefix": token.prefix,
        "expires_at": token.expires_at.isoformat(),
        "revoked_at": token.revoked_at.isoformat() if token.revoked_at else None,
    }
