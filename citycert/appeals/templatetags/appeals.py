"""Appeals and complaints where they belong on other pages: the application, the round, the certificate."""

from __future__ import annotations

from typing import Any

from django import template
from django.utils import timezone

from citycert.appeals import transitions
from citycert.appeals.choices import OPEN_APPEAL_STATES, ComplaintState
from citycert.appeals.models import Appeal, Complaint
from citycert.appeals.public import shows_appeals
from citycert.certification.choices import ApplicationState
from citycert.certification.models import Application, Certificate, Round
from citycert.permissions import can_appeal, can_view_appeals, runs_certification, visible_complaints

register = template.Library()


@register.inclusion_tag("appeals/_on_application.html", takes_context=True)
def appeals_on_application(context: dict[str, Any], application: Application) -> dict[str, Any]:
    """The application's appeals for its city and the certifying body; for the city, whether it may appeal now."""
    user = context["request"].user
    shown: dict[str, Any] = {"visible": can_view_appeals(user, application)}
    if not shown["visible"]:
        return shown
    appeals = list(application.appeals.select_related("handler").order_by("-filed_at"))
    shown["appeals"] = appeals
    shown["application"] = application
    if can_appeal(user, application) and application.state == ApplicationState.DECIDED:
        decision = application.decision
        closes_on = transitions.appeal_closes_on(application, decision)
        shown["closes_on"] = closes_on
        shown["open_appeal"] = next((appeal for appeal in appeals if appeal.is_open), None)
        shown["too_late"] = timezone.localdate() > closes_on
        shown["may_file"] = shown["open_appeal"] is None
    return shown


@register.inclusion_tag("appeals/_round_block.html", takes_context=True)
def appeal_counts(context: dict[str, Any], round_: Round) -> dict[str, Any]:
    """Open appeals of the round and open complaints, for the certifying body."""
    if not runs_certification(context["request"].user):
        return {"visible": False}
    open_complaints = Complaint.objects.filter(visible_complaints(context["request"].user)).exclude(
        state=ComplaintState.CLOSED
    )
    return {
        "visible": True,
        "open_appeals": list(
            Appeal.objects.filter(application__round=round_, state__in=OPEN_APPEAL_STATES).select_related(
                "application__city"
            )
        ),
        "round_complaints": open_complaints.filter(certificate__application__round=round_).count(),
        "all_complaints": open_complaints.count(),
    }


@register.inclusion_tag("appeals/_on_certificate.html")
def appeal_on_certificate(certificate: Certificate) -> dict[str, Any]:
    """ "Under appeal" while an appeal on the certificate's decision is open (where the framework says so), and
    the way to complain about it."""
    open_appeal = Appeal.objects.filter(application_id=certificate.application_id, state__in=OPEN_APPEAL_STATES)
    return {"certificate": certificate, "under_appeal": shows_appeals(certificate) and open_appeal.exists()}
