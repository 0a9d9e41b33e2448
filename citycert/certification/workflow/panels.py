"""Panels of assessors, assignments, and the conflicts of interest that keep an assessor off a city."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.contrib.auth.models import AbstractBaseUser, User
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from citycert.assessments.workflow import Actor
from citycert.audit.log import record
from citycert.certification.choices import ApplicationState
from citycert.certification.models import Application, ConflictOfInterest, Panel, PanelMember, Round
from citycert.certification.workflow.applications import transition_application
from citycert.certification.workflow.refusals import Refused
from citycert.cities.models import City
from citycert.competence.workflow import NOT_DECLARED, NOT_QUALIFIED, unready
from citycert.permissions import advisor_ties, may_sit_on_panel


def declare_conflict(assessor: User, city: City, reason: str, actor: Actor) -> ConflictOfInterest:
    """An assessor declares a tie to a city; from then on they cannot be assigned to its applications."""
    if not reason.strip():
        raise Refused(_("Say what ties you to the city (for example: advised it in 2024)."))
    with transaction.atomic():
        conflict, _created = ConflictOfInterest.objects.get_or_create(
            assessor=assessor, city=city, defaults={"reason": reason.strip()[:300]}
        )
        record(
            actor,
            "conflict.declared",
            "conflict",
            conflict.pk,
            after={"assessor": assessor.get_username(), "city": city.code, "reason": conflict.reason},
        )
    return conflict


@dataclass(frozen=True)
class Tie:
    """A conflict of interest of an assessor with a city: declared by them, or an advisor's membership to the
    city (no declaration needed: they advised it)."""

    assessor: AbstractBaseUser
    city: City
    declared: bool


def conflicted(assessor_ids: Iterable[int], cities: Iterable[City]) -> list[Tie]:
    """The conflicts of interest of these assessors with these cities, the declared ones first (first declared
    first), then the advisors': the one question both assigning an application to a panel and adding a member to a
    panel ask."""
    people = list(assessor_ids)
    places = list(cities)
    declared = [
        Tie(conflict.assessor, conflict.city, True)
        for conflict in ConflictOfInterest.objects.filter(assessor_id__in=people, city__in=places)
        .select_related("assessor", "city")
        .order_by("pk")
    ]
    seen: set[tuple[Any, Any]] = {(tie.assessor.pk, tie.city.pk) for tie in declared}
    advised = []
    for membership in advisor_ties(people, [city.pk for city in places]):
        if (membership.person_id, membership.city_id) not in seen:
            seen.add((membership.person_id, membership.city_id))
            advised.append(Tie(membership.person, membership.city, False))  # type: ignore[arg-type]
    return declared + advised


def _conflict_refusal(ties: list[Tie], city: City) -> Refused:
    """Why a panel may not review the city: who declared a conflict with it, or who advises it."""
    names = ", ".join(tie.assessor.get_username() for tie in ties)
    if all(tie.declared for tie in ties):
        return Refused(
            _("%(people)s declared a conflict of interest with %(city)s and cannot review it.")
            % {"people": names, "city": city.name}
        )
    return Refused(
        _(
            "%(people)s advised or declared a conflict of interest with %(city)s and cannot review it: take them "
            "off the panel or give the application to another panel."
        )
        % {"people": names, "city": city.name}
    )


def form_panel(
    round_: Round,
    name: str,
    assessors: Iterable[User],
    actor: Actor,
    *,
    category: str = "",
    common: Iterable[User] = (),
    reason: str = "",
) -> Panel:
    """A panel of assessors for one category of a round; common members sit on every panel. An assessor not
    qualified for the round's scheme today, or without an impartiality declaration for the round, is seated only
    with the certifier's `reason`, kept in the event."""
    members = list(assessors)
    common_ids = {user.pk for user in common}
    for user in members:
        if not may_sit_on_panel(user, round_):
            raise Refused(_("%(user)s is not an assessor.") % {"user": user.get_username()})
    if category and round_.categories and category not in round_.categories:
        raise Refused(_("The round takes no %(category)s cities.") % {"category": category})
    seated_anyway = _seated_anyway(round_, members, reason)
    with transaction.atomic():
        if Panel.objects.filter(round=round_, name=name).exists():
            raise Refused(_("The round already has a panel called %(name)s.") % {"name": name})
        panel = Panel.objects.create(round=round_, name=name, category=category)
        PanelMember.objects.bulk_create(
            PanelMember(panel=panel, assessor=user, common=user.pk in common_ids) for user in members
        )
        record(
            actor,
            "panel.formed",
            "panel",
            panel.pk,
            after={
                "round": round_.pk,
                "name": name,
                "category": category,
                "members": [u.get_username() for u in members],
                **seated_anyway,
            },
        )
    return panel


def assign(application: Application, panel: Panel, actor: Actor, *, reason: str = "") -> Application:
    """Give an application to a panel; refused while any member has declared a conflict with the city, and, without
    the certifier's `reason` (kept in the event), while any member is not qualified for the round's scheme today or
    has not declared their impartiality for the round."""
    if panel.round_id != application.round_id:
        raise Refused(_("The panel belongs to another round."))
    ties = conflicted(panel.memberships.values_list("assessor_id", flat=True), [application.city])
    if ties:
        raise _conflict_refusal(ties, application.city)
    members = [
        member.assessor for member in panel.memberships.select_related("assessor").order_by("assessor__username")
    ]
    seated_anyway = _seated_anyway(panel.round, members, reason)
    return transition_application(
        application,
        ApplicationState.IN_REVIEW,
        actor,
        action="application.assigned",
        panel=panel,
        after=seated_anyway,
    )


def add_member(panel: Panel, assessor: User, actor: Actor, *, reason: str = "") -> PanelMember:
    """Add an assessor to a panel, unless they declared a conflict with a city the panel reviews; one not qualified
    for the round's scheme today, or without an impartiality declaration for the round, only with the certifier's
    `reason`, kept in the event."""
    if not may_sit_on_panel(assessor, panel.round):
        raise Refused(_("%(user)s is not an assessor.") % {"user": assessor.get_username()})
    ties = conflicted([assessor.pk], City.objects.filter(applications__panel=panel))
    if ties and ties[0].declared:
        raise Refused(
            _("%(user)s declared a conflict of interest with %(city)s, which this panel reviews.")
            % {"user": assessor.get_username(), "city": ties[0].city.name}
        )
    if ties:
        raise Refused(
            _("%(user)s advises %(city)s, which this panel reviews, and cannot sit on it.")
            % {"user": assessor.get_username(), "city": ties[0].city.name}
        )
    seated_anyway = _seated_anyway(panel.round, [assessor], reason)
    with transaction.atomic():
        member, _created = PanelMember.objects.get_or_create(panel=panel, assessor=assessor)
        record(
            actor,
            "panel.member_added",
            "panel",
            panel.pk,
            after={"assessor": assessor.get_username(), **seated_anyway},
        )
    return member


def _seated_anyway(round_: Round, assessors: Iterable[User], reason: str) -> dict[str, Any]:
    """The assessors not qualified for the round's scheme today or not declared for the round, with the certifier's
    reason, for the event; refused, naming each and what they lack, when there is no reason. Nothing when all are
    ready."""
    version = round_.framework_version
    lacking = unready(assessors, framework_id=version.framework_id, round_id=round_.pk, day=timezone.localdate())
    if not lacking:
        return {}
    reason = reason.strip()
    if not reason:
        said = {
            NOT_QUALIFIED: _("not qualified for %(scheme)s on %(day)s")
            % {"scheme": version.name, "day": timezone.localdate().isoformat()},
            NOT_DECLARED: _("no impartiality declaration for %(round)s") % {"round": round_.name},
        }
        raise Refused(
            _("A reason is needed to seat %(people)s.")
            % {
                "people": "; ".join(
                    f"{one.assessor.get_username()} ({', '.join(said[code] for code in one.missing)})"
                    for one in lacking
                )
            },
            rule="reason_needed_competence",
            details=[one.assessor.get_username() for one in lacking],
        )
    return {
        "seated_without": [{"assessor": one.assessor.get_username(), "missing": list(one.missing)} for one in lacking],
        "reason": reason[:1000],
    }
