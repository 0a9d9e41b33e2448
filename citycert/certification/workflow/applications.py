"""A city (or, for a service scheme, the certifying body) applies; an application's one transition."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from citycert.assessments.choices import AssessmentKind, State
from citycert.assessments.models import Assessment
from citycert.assessments.workflow import Actor, acting_user, start_from, transition
from citycert.audit.log import record
from citycert.certification.choices import ApplicationState
from citycert.certification.models import Application, Panel, Round
from citycert.certification.scheme import category_label
from citycert.certification.workflow._shared import _application_snapshot, _locked, moment
from citycert.certification.workflow.refusals import Refused
from citycert.frameworks.schema import Framework
from citycert.language import in_english
from citycert.permissions import records_service_applications


def apply(round_: Round, source: Assessment, actor: Actor, today: date) -> Application:
    """A city applies with a submitted self-assessment; the application keeps a frozen copy of it. Where the
    scheme certifies services, the assessment is a service's, and the certifying body records its application."""
    framework = round_.framework_version.framework
    city = source.city
    service = source.service
    _check_applicant(framework, source, actor)
    if source.state != State.SUBMITTED:
        raise Refused(
            _("Only a submitted assessment can be used to apply; this one is %(state)s.")
            % {"state": source.get_state_display()}
        )
    if source.framework_version_id != round_.framework_version_id:
        raise Refused(
            _("This round reviews %(wanted)s; the assessment is on %(given)s.")
            % {"wanted": round_.framework_version.key, "given": source.framework_version.key}
        )
    if not round_.is_open(today):
        raise Refused(
            _("Applications to this round are taken from %(opens)s to %(closes)s; today is %(today)s.")
            % {"opens": round_.opens_on, "closes": round_.closes_on, "today": today}
        )
    category = city.category_in(framework, round_.year) or ""
    if round_.categories and category not in round_.categories:
        raise Refused(
            _("This round takes %(wanted)s cities; %(city)s is %(category)s in %(year)s.")
            % {
                "wanted": ", ".join(_category_name(framework, c) for c in round_.categories),
                "city": city.name,
                "category": _category_name(framework, category) if category else _("in no category"),
                "year": round_.year,
            }
        )
    with transaction.atomic():
        if service is not None:
            if Application.objects.select_for_update().filter(round=round_, service=service).exists():
                raise Refused(_("%(service)s has already applied to this round.") % {"service": service.name})
        elif Application.objects.select_for_update().filter(round=round_, city=city, service=None).exists():
            raise Refused(_("%(city)s has already applied to this round.") % {"city": city.name})
        # One self-assessment stands in one review at a time: a second round would review the same answers twice.
        elsewhere = (
            Application.objects.select_for_update()
            .filter(source=source, state__in=(ApplicationState.APPLIED, ApplicationState.IN_REVIEW))
            .select_related("round")
            .first()
        )
        if elsewhere is not None:
            raise Refused(
                _(
                    "This assessment already stands in %(round)s, whose review is still open; apply with another "
                    "assessment, or withdraw that application first."
                )
                % {"round": elsewhere.round}
            )
        frozen = start_from(source, kind=AssessmentKind.CERTIFICATION, year=round_.year, actor=actor)
        # The copy is what the panel reviews: the city's own answers, as they stood, confirmed.
        frozen.responses.update(prefilled_from="", confirmed=True)
        frozen.title = str(round_)
        frozen.save(update_fields=["title"])
        transition(frozen, State.SUBMITTED, actor)
        application = Application.objects.create(
            round=round_,
            city=city,
            service=service,
            category=category,
            source=source,
            frozen=frozen,
            state=ApplicationState.APPLIED,
            applied_by=acting_user(actor),
            applied_at=moment(today),
        )
        record(actor, "application.created", "application", application.pk, after=_application_snapshot(application))
    return application


def _check_applicant(framework: Framework, source: Assessment, actor: Actor) -> None:
    """A service scheme takes a service's assessment, recorded by the certifying body; a city scheme a city's."""
    if framework.applicant == "service":
        if source.service_id is None:
            raise Refused(
                _("This round certifies smart-city services; the assessment is a city's own. Assess the service.")
            )
        if actor is None or not records_service_applications(actor):
            raise Refused(
                _(
                    "A service's application is recorded by the certifying body from what its provider submits; "
                    "a city's officers cannot apply for a service."
                )
            )
    elif source.service_id is not None:
        raise Refused(_("This round certifies cities; the assessment is a service's."))


def withdraw_application(application: Application, actor: Actor) -> Application:
    return transition_application(application, ApplicationState.WITHDRAWN, actor)


# The only moves an application can make; `transition_application` refuses anything else.
APPLICATION_MOVES: dict[str, tuple[str, ...]] = {
    ApplicationState.APPLIED: (ApplicationState.IN_REVIEW, ApplicationState.WITHDRAWN),
    # In review again: given to another panel.
    ApplicationState.IN_REVIEW: (ApplicationState.IN_REVIEW, ApplicationState.DECIDED, ApplicationState.WITHDRAWN),
    # Sent back for re-review on appeal.
    ApplicationState.DECIDED: (ApplicationState.IN_REVIEW,),
    ApplicationState.WITHDRAWN: (),
}


def transition_application(
    application: Application,
    to_state: str,
    actor: Actor,
    *,
    action: str = "",
    panel: Panel | None = None,
    before: Mapping[str, Any] | None = None,
    after: Mapping[str, Any] | None = None,
) -> Application:
    """The one way an application changes state: its row locked, the move checked against APPLICATION_MOVES,
    saved and audited in one transaction (inside the caller's, when the move is part of a larger step). The
    event is `action` (application.<state> by default) with the application before and after, to which `before`
    and `after` add; `panel` is the panel a move into review gives it to. `application` follows the move."""
    with transaction.atomic():
        locked = _locked(application)
        if to_state not in APPLICATION_MOVES[locked.state]:
            raise Refused(_("This application is %(state)s.") % {"state": locked.get_state_display()})
        was = _application_snapshot(locked)
        locked.state = to_state
        if panel is not None:
            locked.panel = panel
        locked.save(update_fields=["state", "panel"])
        record(
            actor,
            action or f"application.{to_state}",
            "application",
            locked.pk,
            before={**was, **(before or {})},
            after={**_application_snapshot(locked), **(after or {})},
        )
    application.state, application.panel_id = locked.state, locked.panel_id
    return locked


def _category_name(framework: Framework, category_id: str) -> str:
    return category_label(framework, category_id, in_english())
