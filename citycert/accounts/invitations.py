"""Inviting people to citycert: the invitation is made and emailed, sent again, revoked, expires, or is accepted
(its link sets a password and makes the account with the invited role and cities).

Every change of an invitation's state goes through `transition_invitation`, which locks the row, checks the move
against INVITATION_MOVES, saves and writes the audit event in one transaction. The link's secret is random, sent
only in the email, and kept as its SHA-256: the database alone opens no invitation. The email is queued in the
transaction that makes it necessary, so it leaves only if that transaction commits.
"""

from __future__ import annotations

import hashlib
import secrets
from collections.abc import Collection
from datetime import timedelta
from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractBaseUser, User
from django.contrib.auth.password_validation import validate_password
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from citycert.accounts.models import Invitation, InvitationLanguage, InvitationState, Profile
from citycert.audit.log import record
from citycert.cities.models import City
from citycert.notifications.models import Preference
from citycert.operations.mail import queue_email
from citycert.permissions import may_invite, role_works_for_cities

__all__ = [
    "EXPIRY",
    "INVITATION_MOVES",
    "InvitationRefused",
    "accept",
    "email_in_use",
    "invitation_for_link",
    "invite",
    "resend",
    "revoke",
    "transition_invitation",
]

# How long a link works; sending the invitation again gives a new link for as long again.
EXPIRY = timedelta(days=7)

# pending → pending is sending it again, with a new link (the old one stops working); an expired invitation can be
# sent again too. Accepted and revoked are final.
INVITATION_MOVES: dict[str, set[str]] = {
    InvitationState.PENDING: {
        InvitationState.PENDING,
        InvitationState.ACCEPTED,
        InvitationState.REVOKED,
        InvitationState.EXPIRED,
    },
    InvitationState.EXPIRED: {InvitationState.PENDING, InvitationState.REVOKED},
    InvitationState.ACCEPTED: set(),
    InvitationState.REVOKED: set(),
}


class InvitationRefused(Exception):
    """An invitation that cannot be made, sent or accepted as asked; `field` names the form field at fault."""

    def __init__(self, message: str, field: str | None = None) -> None:
        super().__init__(message)
        self.field = field


def _hash(secret: str) -> str:
    # 256 random bits: a fast hash is enough, there is nothing to guess a word at a time.
    return hashlib.sha256(secret.encode("utf-8")).hexdigest()


def normal_email(email: str) -> str:
    """Addresses are kept in lower case, so that one person's address is in use once whatever its capitals."""
    return email.strip().lower()


def email_in_use(email: str, *, besides: Invitation | None = None) -> str | None:
    """Why `email` cannot be invited (an account has it, or a pending invitation not yet expired), or None."""
    email = normal_email(email)
    users = get_user_model().objects
    if users.filter(email__iexact=email).exists() or users.filter(username__iexact=email).exists():
        return _("An account with this email address already exists. Find the person in the list of accounts.")
    pending = Invitation.objects.filter(email=email, state=InvitationState.PENDING, expires_at__gt=timezone.now())
    if besides is not None:
        pending = pending.exclude(pk=besides.pk)
    if pending.exists():
        return _("A pending invitation already went to this address. Send it again from the list of invitations.")
    return None


def invite(
    actor: User,
    *,
    name: str,
    email: str,
    role: str,
    cities: Collection[City],
    language: str,
    base: str,
) -> Invitation:
    """Invite a person, and queue the email with the link (`base` is the site's public address)."""
    name, email = name.strip(), normal_email(email)
    cities = list(cities) if role_works_for_cities(role) else []
    if not name:
        raise InvitationRefused(_("Give the person's name."), "name")
    if role_works_for_cities(role) and not cities:
        raise InvitationRefused(_("Choose the city or cities the officer works for."), "cities")
    if language not in InvitationLanguage.values:
        raise InvitationRefused(_("Choose the language of the invitation."), "language")
    if not may_invite(actor, role, [city.pk for city in cities]):
        raise InvitationRefused(_("You may not invite a person with this role or for these cities."))
    secret = secrets.token_urlsafe(32)
    now = timezone.now()
    with transaction.atomic():
        _expire_stale(email)
        in_use = email_in_use(email)
        if in_use:
            raise InvitationRefused(in_use, "email")
        invitation = Invitation.objects.create(
            name=name,
            email=email,
            role=role,
            language=language,
            secret_hash=_hash(secret),
            invited_by=actor,
            created_at=now,
            sent_at=now,
            expires_at=now + EXPIRY,
        )
        invitation.cities.set(cities)
        record(actor, "invitation.sent", "invitation", invitation.pk, after=_snapshot(invitation))
        _queue(invitation, secret, base)
    return invitation


def transition_invitation(
    invitation: Invitation, to_state: str, actor: AbstractBaseUser | None, **changes: Any
) -> Invitation:
    """The one way an invitation changes state: locked, the move checked against INVITATION_MOVES, saved with
    `changes` (a new secret and expiry when sent again, the account when accepted) and audited."""
    with transaction.atomic():
        locked = Invitation.objects.select_for_update().get(pk=invitation.pk)
        from_state = locked.state
        if to_state not in INVITATION_MOVES[from_state]:
            raise InvitationRefused(
                _("The invitation is %(state)s: invite the person anew if they still need an account.")
                % {"state": locked.get_state_display()}
            )
        for field, value in changes.items():
            setattr(locked, field, value)
        locked.state = to_state
        locked.save()
        action = "resent" if to_state == InvitationState.PENDING else to_state
        record(
            actor,
            f"invitation.{action}",
            "invitation",
            locked.pk,
            before={"state": from_state},
            after=_snapshot(locked),
        )
    return locked


def resend(invitation: Invitation, actor: AbstractBaseUser, base: str) -> Invitation:
    """Send the invitation again with a new link, valid for EXPIRY from now; the old link stops working."""
    secret = secrets.token_urlsafe(32)
    now = timezone.now()
    with transaction.atomic():
        _expire_stale(invitation.email, besides=invitation)
        in_use = email_in_use(invitation.email, besides=invitation)
        if in_use:
            raise InvitationRefused(in_use)
        sent = transition_invitation(
            invitation, InvitationState.PENDING, actor, secret_hash=_hash(secret), sent_at=now, expires_at=now + EXPIRY
        )
        _queue(sent, secret, base)
    return sent


def revoke(invitation: Invitation, actor: AbstractBaseUser) -> Invitation:
    """Withdraw the invitation: its link no longer makes an account."""
    return transition_invitation(invitation, InvitationState.REVOKED, actor)


def invitation_for_link(secret: str) -> Invitation | None:
    """The invitation a link's secret opens, or None for a link that is no invitation. A pending one found past
    its expiry is expired then and there, so its state says why the link no longer works."""
    invitation = Invitation.objects.filter(secret_hash=_hash(secret)).first()
    if (
        invitation is not None
        and invitation.state == InvitationState.PENDING
        and invitation.state_on(timezone.now()) == InvitationState.EXPIRED
    ):
        invitation = transition_invitation(invitation, InvitationState.EXPIRED, None)
    return invitation


def accept(invitation: Invitation, password: str) -> User:
    """Make the invited person's account (signing in with their email address and `password`) with the invited
    role and cities, their emails in the invitation's language; the invitation is then accepted and its link used
    up. All in one transaction."""
    users = get_user_model()
    with transaction.atomic():
        locked = Invitation.objects.select_for_update().get(pk=invitation.pk)
        if locked.state != InvitationState.PENDING or locked.state_on(timezone.now()) != InvitationState.PENDING:
            raise InvitationRefused(refusal_for(locked))
        if (
            users.objects.filter(email__iexact=locked.email).exists()
            or users.objects.filter(username__iexact=locked.email).exists()
        ):
            raise InvitationRefused(
                _("An account with this email address already exists: sign in, or set a new password by email.")
            )
        candidate = users(username=locked.email, email=locked.email, first_name=locked.name)
        validate_password(password, candidate)
        # The whole name in one field: Korean names do not split into a Western first and last name.
        user: User = users.objects.create_user(
            username=locked.email, email=locked.email, password=password, first_name=locked.name
        )
        profile = Profile.objects.create(user=user, role=locked.role)
        profile.cities.set(locked.cities.all())
        # Their emails (each step told them) in the language they were invited in, until they choose another.
        Preference.objects.create(user=user, language=locked.language)
        transition_invitation(locked, InvitationState.ACCEPTED, user, account=user)
    return user


def refusal_for(invitation: Invitation) -> str:
    """Why an invitation's link does not work, and what to do, in the reader's language."""
    state = invitation.state_on(timezone.now())
    if state == InvitationState.ACCEPTED:
        return _(
            "This invitation was already used to make an account. Sign in with your email address; if you forgot "
            "your password, set a new one by email."
        )
    if state == InvitationState.REVOKED:
        return _("This invitation was withdrawn. If you still need an account, ask for a new invitation.")
    if state == InvitationState.EXPIRED:
        return _(
            "This invitation expired on %(date)s. Ask whoever invited you (or your administrator) to send it again."
        ) % {"date": timezone.localtime(invitation.expires_at).strftime("%Y-%m-%d")}
    return _("This invitation can no longer be changed.")


def _expire_stale(email: str, besides: Invitation | None = None) -> None:
    """Pending invitations to `email` past their expiry are expired now: the address may be invited again (one
    pending invitation per address, which the database also keeps)."""
    stale = Invitation.objects.filter(email=email, state=InvitationState.PENDING, expires_at__lte=timezone.now())
    for invitation in stale.exclude(pk=besides.pk) if besides is not None else stale:
        transition_invitation(invitation, InvitationState.EXPIRED, None)


def link_for(secret: str, base: str) -> str:
    """The address an invitation's email points to."""
    return base.rstrip("/") + reverse("invitation-accept", args=[secret])


def _queue(invitation: Invitation, secret: str, base: str) -> None:
    """The email, in the invitation's language, queued in the caller's transaction."""
    with translation.override(invitation.language):
        context = {
            "invitation": invitation,
            "role": invitation.get_role_display(),
            "cities": ", ".join(city.full_name for city in invitation.cities.select_related("parent")),
            "inviter": _inviter_name(invitation),
            "link": link_for(secret, base),
            "expires": timezone.localtime(invitation.expires_at).strftime("%Y-%m-%d %H:%M %Z"),
        }
        subject = "".join(render_to_string("accounts/invitation_subject.txt", context).splitlines())
        body = render_to_string("accounts/invitation_email.txt", context)
    queue_email(subject, body, [invitation.email])


def _inviter_name(invitation: Invitation) -> str:
    inviter = invitation.invited_by
    if inviter is None:
        return "citycert"
    return inviter.get_full_name() or inviter.get_username()


def _snapshot(invitation: Invitation) -> dict[str, Any]:
    """What the audit log keeps of an invitation: never its secret or the secret's hash."""
    return {
        "name": invitation.name,
        "email": invitation.email,
        "role": invitation.role,
        "cities": sorted(city.code for city in invitation.cities.all()),
        "language": invitation.language,
        "state": invitation.state,
        "expires_at": invitation.expires_at.isoformat(),
        "account": invitation.account.get_username() if invitation.account is not None else None,
    }
