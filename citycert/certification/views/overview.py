"""The certification overview: what each person has to do now (the certifying body, a city's officers, an
assessor), and the forms it carries (opening a round, applying, declaring a conflict)."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.contrib.auth.decorators import login_required
from django.db.models import Count
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from citycert.assessments.choices import AssessmentKind, State
from citycert.assessments.models import Assessment
from citycert.certification import workflow
from citycert.certification.choices import ApplicationState
from citycert.certification.forms import ApplyForm, ConflictForm, RoundForm
from citycert.certification.listed import listed
from citycert.certification.models import Application, Certificate, Round
from citycert.page_forms import PageForm
from citycert.permissions import (
    applies_for_cities,
    declares_conflicts,
    lists_only_own_assignments,
    managed_rounds,
    officer_city_ids,
    own_assignments,
    run_body_ids,
    runs_certification,
    surveillance_to_record,
    visible_applications,
    visible_certificates,
)


def today() -> date:
    return timezone.localdate()


@login_required
def overview(request: HttpRequest) -> HttpResponse:
    return render_overview(request)


def render_overview(
    request: HttpRequest, *, bound: tuple[str, int | None, PageForm] | None = None, status: int = 200
) -> HttpResponse:
    """What each person has to do in certification now; after a refused form, the same page with the form as
    it was sent and its errors at its fields (`bound` says which form: round, apply to a round, conflict)."""
    user = request.user
    kind, target, sent = bound if bound is not None else ("", None, None)
    context: dict[str, Any] = {"today": today(), "declares_conflicts": declares_conflicts(user)}
    applications = Application.objects.filter(visible_applications(user)).select_related(
        "round__framework_version", "city", "panel"
    )
    context["own_assignments_only"] = lists_only_own_assignments(user)
    if context["own_assignments_only"]:
        # An assessor's list is their own assignments: those still in review, and on asking those decided too.
        applications = applications.filter(own_assignments(user)).distinct()
        context["earlier"] = request.GET.get("earlier") == "1"
        if not context["earlier"]:
            applications = applications.filter(state__in=(ApplicationState.APPLIED, ApplicationState.IN_REVIEW))
    context["applications"] = applications
    if runs_certification(user):
        context["rounds"] = (
            Round.objects.filter(managed_rounds(user))
            .select_related("framework_version")
            .annotate(count=Count("applications"))
        )
        context["due"] = workflow.due_items(today(), bodies=run_body_ids(user))
        context["round_form"] = (
            sent if kind == "round" else RoundForm(initial={"year": today().year}, opener=request.user)
        )
    elif applies_for_cities(user):
        cities = officer_city_ids(user)
        context["due"] = workflow.due_items(today(), cities=cities)
        submitted = list(
            Assessment.objects.filter(city_id__in=cities, state=State.SUBMITTED)
            .exclude(kind=AssessmentKind.CERTIFICATION)
            .select_related("city", "framework_version")
        )
        # Each open round with the assessments that could apply to it (same framework version only) and its form.
        open_rounds = []
        for round_ in Round.objects.select_related("framework_version"):
            if round_.is_open(today()):
                eligible = [a for a in submitted if a.framework_version_id == round_.framework_version_id]
                form = (
                    sent
                    if kind == "apply" and target == round_.pk
                    else ApplyForm(eligible, auto_id=f"id_round{round_.pk}_%s")
                )
                open_rounds.append((round_, eligible, form))
        context["open_rounds"] = open_rounds
        # Each with its status today (an expired one says so) and the scheme's name, newest first.
        context["certificates"] = listed(
            Certificate.objects.filter(visible_certificates(user), city_id__in=cities)
            .select_related("framework_version")
            .order_by("-issued_on", "number"),
            today(),
        )
    if declares_conflicts(user):
        context["conflicts"] = user.conflicts.select_related("city")  # type: ignore[union-attr]
        context["conflict_form"] = sent if kind == "conflict" else ConflictForm()
        context["surveillance"] = surveillance_to_record(user).select_related("certificate__city")
    return render(request, "certification/overview.html", context, status=status)
