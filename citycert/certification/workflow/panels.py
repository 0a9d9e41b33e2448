"""Panels of assessors, assignments, and the conflicts of interest that keep an assessor off a city."""

from __future__ import annotations

from collections.abc import Iterable

from django.contrib.auth.models import User
from django.db import transaction
from django.utils.translation import gettext as _

from citycert.assessments.workflow import Actor
from citycert.audit.log import record
from citycert.certification.choices import ApplicationState
from citycert.certification.models import Application, ConflictOfInterest, Panel, PanelMember, Round
from citycert.certification.workflow.applications import transition_application
from citycert.certification.workflow.refusals import Refused
from citycert.cities.models import City
from citycert.permissions import may_sit_on_panel


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


def conflicted(assessor_ids: Iterable[int], city: City) -> list[ConflictOfInterest]:
    return list(
        ConflictOfInterest.objects.filter(assessor_id__in=list(assessor_ids), city=city).select_related("assessor")
    )


def form_panel(
    round_: Round,
    name: str,
    assessors: Iterable[User],
    actor: Actor,
    *,
    category: str = "",
    common: Iterable[User] = (),
) -> Panel:
    """A panel of assessors for one category of a round; common members sit on every panel."""
    members = list(assessors)
    common_ids = {user.pk for user in common}
    for user in members:
        if not may_sit_on_panel(user):
            raise Refused(_("%(user)s is not an assessor.") % {"user": user.get_username()})
    if category and round_.categories and category not in round_.categories:
        raise Refused(_("The round takes no %(category)s cities.") % {"category": category})
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
            },
        )
    return panel


def assign(application: Application, panel: Panel, actor: Actor) -> Application:
    """Give an application to a panel; refused while any member has declared a conflict with the city."""
    if panel.round_id != application.round_id:
        raise Refused(_("The panel belongs to another round."))
    ties = conflicted(panel.memberships.values_list("assessor_id", flat=True), application.city)
    if ties:
        raise Refused(
            _("%(people)s declared a conflict of interest with %(city)s and cannot review it.")
            % {"people": ", ".join(tie.assessor.get_username() for tie in ties), "city": application.city.name}
        )
    return transition_application(
        application, ApplicationState.IN_REVIEW, actor, action="application.assigned", panel=panel
    )


def add_member(panel: Panel, assessor: User, actor: Actor) -> PanelMember:
    """Add an assessor to a panel, unless they declared a conflict with a city the panel reviews."""
    if not may_sit_on_panel(assessor):
        raise Refused(_("%(user)s is not an assessor.") % {"user": assessor.get_username()})
    cities = City.objects.filter(applications__panel=panel)
    tie = ConflictOfInterest.objects.filter(assessor=assessor, city__in=cities).select_related("city").first()
    if tie is not None:
        raise Refused(
            _("%(user)s declared a conflict of interest with %(city)s, which this panel reviews.")
            % {"user": assessor.get_username(), "city": tie.city.name}
        )
    with transaction.atomic():
        member, _created = PanelMember.objects.get_or_create(panel=panel, assessor=assessor)
        record(actor, "panel.member_added", "panel", panel.pk, after={"assessor": assessor.get_username()})
    return member
