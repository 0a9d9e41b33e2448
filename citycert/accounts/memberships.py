"""Granting and ending memberships: the one way a person becomes (or stops being) an officer of a city, an advisor
to one, or an assessor, certifier or administrator of a certifying body.

Each is locked, checked, saved and audited in one transaction. A membership is never deleted: ending it keeps who
ended it, when and why. Refused: a membership that does not fit its kind (a city for a city's kinds, a body for the
rest), one the person already holds, one a person grants to a deactivated account, ending the last active
administrator of a body (nobody could grant its memberships after them), and ending an assessor's membership while
they sit on a panel reviewing an application of that body still undecided (their sheets would be left half done):
the refusal names the applications.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractBaseUser, User
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from citycert.accounts.models import CertifyingBody, Membership
from citycert.audit.log import record
from citycert.cities.models import City
from citycert.permissions import (
    administrators,
    forget_memberships,
    is_city_kind,
    is_membership_kind,
    kind_for_role,
    last_administrator_of,
    may_grant_membership,
    undecided_reviews_of,
)

__all__ = [
    "DEFAULT_BODY",
    "MembershipRefused",
    "default_body",
    "end_membership",
    "grant_for_role",
    "grant_membership",
]

# The certifying body every install starts with (the migration that brought memberships made it for what existed).
DEFAULT_BODY = {"code": "body", "name_ko": "인증기관", "name_en": "Certifying body"}


class MembershipRefused(Exception):
    """A membership that cannot be granted or ended as asked; `field` names the form field at fault."""

    def __init__(self, message: str, field: str | None = None) -> None:
        super().__init__(message)
        self.field = field


def default_body() -> CertifyingBody:
    """The install's first certifying body (made if it is not there: a fresh database, the demo, a test)."""
    body, _created = CertifyingBody.objects.get_or_create(
        code=DEFAULT_BODY["code"], defaults={"name_ko": DEFAULT_BODY["name_ko"], "name_en": DEFAULT_BODY["name_en"]}
    )
    return body


def _snapshot(membership: Membership) -> dict[str, Any]:
    return {
        "person": membership.person.get_username(),
        "kind": membership.kind,
        "body": membership.body.code if membership.body is not None else "",
        "city": membership.city.code if membership.city is not None else "",
        "started_at": membership.started_at.isoformat(),
        "ended_at": membership.ended_at.isoformat() if membership.ended_at else "",
        "reason": membership.reason,
        "end_reason": membership.end_reason,
    }


def grant_membership(
    person: AbstractBaseUser,
    kind: str,
    *,
    body: CertifyingBody | None = None,
    city: City | None = None,
    actor: User | None,
    reason: str = "",
) -> Membership:
    """Make `person` a member of the kind, in a city (officer, advisor) or a certifying body (the rest). `actor`
    None is the system (createadmin, an accepted invitation, the demo, a migration's successor), which asks no
    permission."""
    if not is_membership_kind(kind):
        raise MembershipRefused(_("Choose what the person becomes."), "kind")
    if is_city_kind(kind):
        if city is None:
            raise MembershipRefused(_("Choose the city."), "city")
        body = None
    else:
        if body is None:
            raise MembershipRefused(_("Choose the certifying body."), "body")
        city = None
    if actor is not None and not may_grant_membership(actor, kind, body, city):
        raise MembershipRefused(_("You may not grant this membership."))
    with transaction.atomic():
        locked = get_user_model().objects.select_for_update().get(pk=person.pk)
        if actor is not None and not locked.is_active:
            raise MembershipRefused(
                _("%(name)s's account is deactivated: reactivate it first, then grant the membership.")
                % {"name": locked.get_username()}
            )
        held = Membership.objects.filter(person=locked, kind=kind, body=body, city=city, ended_at__isnull=True)
        if held.exists():
            raise MembershipRefused(
                _("%(name)s already holds this membership.") % {"name": locked.get_username()}, "kind"
            )
        membership = Membership.objects.create(
            person=locked,
            kind=kind,
            body=body,
            city=city,
            started_at=timezone.now(),
            granted_by=actor,
            reason=reason.strip(),
        )
        record(actor, "membership.granted", "membership", membership.pk, after=_snapshot(membership))
    forget_memberships(person)
    return membership


def end_membership(membership: Membership, *, actor: User | None, reason: str) -> Membership:
    """End a membership (kept, with who ended it, when and why). Refused for the last active administrator of a
    body, and for an assessor sitting on a panel of an application of the body still undecided."""
    reason = reason.strip()
    if not reason:
        raise MembershipRefused(_("Say why, for the record."), "reason")
    if actor is not None and not may_grant_membership(actor, membership.kind, membership.body, membership.city):
        raise MembershipRefused(_("You may not end this membership."))
    with transaction.atomic():
        # The administrators first, in one order (as deactivating does): two administrators ending each other's
        # memberships at the same moment are taken one after the other, and the second finds the first's end.
        list(administrators().select_for_update().values_list("pk", flat=True))
        locked = (
            Membership.objects.select_for_update(of=("self",))
            .select_related("person", "body", "city")
            .get(pk=membership.pk)
        )
        if locked.ended_at is not None:
            raise MembershipRefused(_("This membership has already ended."))
        name = locked.person.get_full_name() or locked.person.get_username()
        if last_administrator_of(locked) is not None:
            raise MembershipRefused(
                _(
                    "%(name)s is the last active administrator of %(body)s: nobody could grant its memberships "
                    "after them. Make another person its administrator first, then end this membership."
                )
                % {"name": name, "body": locked.body}
            )
        undecided = undecided_reviews_of(locked)
        if undecided:
            raise MembershipRefused(
                _(
                    "%(name)s sits on the panel of applications still undecided: %(applications)s. Give those "
                    "applications to another panel, or end this membership once they are decided."
                )
                % {
                    "name": name,
                    "applications": ", ".join(f"{app.city.name} ({app.round.name})" for app in undecided),
                }
            )
        before = _snapshot(locked)
        locked.ended_at = timezone.now()
        locked.ended_by = actor
        locked.end_reason = reason
        locked.save(update_fields=["ended_at", "ended_by", "end_reason"])
        record(actor, "membership.ended", "membership", locked.pk, before=before, after=_snapshot(locked))
    forget_memberships(membership.person)
    return locked


def grant_for_role(
    person: AbstractBaseUser,
    role: str,
    *,
    cities: Iterable[City] = (),
    body: CertifyingBody | None = None,
    reason: str,
) -> list[Membership]:
    """The memberships an account made with a role is given, by the system: an officer's of each city, or the
    role's in `body` (the install's first body when none is named)."""
    kind = kind_for_role(role)
    if is_city_kind(kind):
        return [grant_membership(person, kind, city=city, actor=None, reason=reason) for city in cities]
    return [grant_membership(person, kind, body=body or default_body(), actor=None, reason=reason)]
