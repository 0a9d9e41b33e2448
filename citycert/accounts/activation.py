"""Deactivating and reactivating an account, with the reason, by an administrator.

A deactivated person cannot sign in (by password or by the OpenID provider), their open sessions end at their next
request, and their API tokens are revoked: reactivating gives back the sign-in, not the tokens (they make new ones).
"""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractBaseUser, User
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from citycert.accounts.models import ApiToken
from citycert.audit.log import record
from citycert.permissions import administrators, changes_accounts, is_last_active_administrator

__all__ = ["AccountChangeRefused", "change_activity", "deactivate", "reactivate"]


class AccountChangeRefused(Exception):
    """An account that cannot be deactivated or reactivated as asked; `field` names the form field at fault."""

    def __init__(self, message: str, field: str | None = None) -> None:
        super().__init__(message)
        self.field = field


def deactivate(person: User, actor: AbstractBaseUser, reason: str) -> User:
    return change_activity(person, False, actor, reason)


def reactivate(person: User, actor: AbstractBaseUser, reason: str) -> User:
    return change_activity(person, True, actor, reason)


def change_activity(person: User, active: bool, actor: AbstractBaseUser, reason: str) -> User:
    """The one way an account is deactivated or reactivated: locked, checked, saved and audited with the reason."""
    reason = reason.strip()
    if not reason:
        raise AccountChangeRefused(_("Say why, for the record."), "reason")
    if not changes_accounts(actor):
        raise AccountChangeRefused(_("Only an administrator deactivates or reactivates accounts."))
    with transaction.atomic():
        # The administrators' rows first, in one order: two administrators deactivating each other at the same
        # moment are then taken one after the other, and the second finds the first's change.
        list(administrators().select_for_update().values_list("pk", flat=True))
        locked: User = get_user_model().objects.select_for_update().get(pk=person.pk)
        if locked.is_active == active:
            raise AccountChangeRefused(
                _("This account is already active.") if active else _("This account is already deactivated.")
            )
        # An administrator may deactivate themselves (they are signed out), as long as another remains.
        if not active and is_last_active_administrator(locked):
            raise AccountChangeRefused(
                _(
                    "%(name)s is the last active administrator: nobody could add or reactivate people after "
                    "them. Invite another administrator first and, once they have accepted, deactivate this "
                    "account."
                )
                % {"name": locked.get_full_name() or locked.get_username()}
            )
        locked.is_active = active
        locked.save(update_fields=["is_active"])
        revoked = []
        if not active:
            tokens = ApiToken.objects.filter(user=locked, revoked_at__isnull=True)
            revoked = sorted(tokens.values_list("prefix", flat=True))
            tokens.update(revoked_at=timezone.now())
        record(
            actor,
            "account.reactivated" if active else "account.deactivated",
            "user",
            locked.pk,
            before={"is_active": not active},
            after={"is_active": active, "username": locked.get_username(), "reason": reason, "tokens_revoked": revoked},
        )
    return locked
