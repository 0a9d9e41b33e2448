"""The certifying body's pages: rounds, panels and assignments, announcing, the consensus and the decision,
stage waivers, a certificate's status, and a round's progress."""

from __future__ import annotations

import csv
import io
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from citycert.certification import workflow
from citycert.certification.announcement import NotAnnounceable, announce_round, publication_of, undecided
from citycert.certification.forms import (
    DECISION_RULE_FIELDS,
    AssignForm,
    DecisionForm,
    PanelForm,
    RoundForm,
    StatusForm,
    WaiverAnswerForm,
    WaiverForm,
    category_choices,
    refuse,
)
from citycert.certification.models import Decision, Round, StageWaiver
from citycert.certification.round_progress import round_progress
from citycert.certification.sheet_forms import ScoreSheetForm, items_of
from citycert.certification.views.application import render_application_page, step_on_application
from citycert.certification.views.overview import render_overview, today
from citycert.certification.views.public import render_certificate_page
from citycert.competence.seated import seated_anyway
from citycert.language import in_each_data_language
from citycert.page_forms import INVALID, PageForm
from citycert.permissions import (
    application_for,
    can_announce,
    certificate_for,
    manages_certificate,
    require_certifier,
    round_for,
    runs_certification,
)


@login_required
@require_POST
def open_round(request: HttpRequest) -> HttpResponse:
    require_certifier(request.user)
    form = RoundForm(request.POST, opener=request.user)
    if not form.is_valid():
        return render_overview(request, bound=("round", None, form), status=INVALID)
    data = form.cleaned_data
    version, year = data["framework_version"], data["year"]
    named = in_each_data_language(lambda: _("%(name)s %(year)s") % {"name": version.name, "year": year})
    try:
        round_ = workflow.open_round(
            version,
            year,
            name_ko=data["name_ko"] or named["ko"],
            name_en=data["name_en"] or named["en"],
            opens_on=data["opens_on"],
            closes_on=data["closes_on"],
            categories=data["categories"],
            announce_on=data["announce_on"],
            actor=request.user,
            body=data.get("body"),
        )
    except workflow.Refused as error:
        # The one refusal left after the form's checks is a second round of the same year.
        return render_overview(request, bound=("round", None, form), status=refuse(form, error, "year"))
    messages.success(request, _("Round opened."))
    return redirect("round", pk=round_.pk)


@login_required
def round_page(request: HttpRequest, pk: int) -> HttpResponse:
    require_certifier(request.user)
    round_ = round_for(request.user, pk)
    return render(request, "certification/round.html", _round_context(round_))


def _round_context(round_: Round, bound: tuple[str, int | None, PageForm] | None = None) -> dict[str, Any]:
    """The round's page; `bound` is a refused form (a panel, or assigning one application) shown as it was sent."""
    framework = round_.framework_version.framework
    kind, target, sent = bound if bound is not None else ("", None, None)
    applications = list(round_.applications.select_related("city", "panel").order_by("category", "city__name_ko"))
    for application in applications:
        if application.state in ("applied", "in_review"):
            application.assign_form = (  # type: ignore[attr-defined]
                sent
                if kind == "assign" and target == application.pk
                else AssignForm(
                    round_, initial={"panel": application.panel_id}, auto_id=f"id_application{application.pk}_%s"
                )
            )
    names = dict(category_choices([framework]))
    panels = list(round_.panels.prefetch_related("memberships__assessor"))
    cities = {application.pk: application.city.name for application in applications}
    seated = seated_anyway([panel.pk for panel in panels], list(cities))
    for panel in panels:
        panel.seated_anyway = [  # type: ignore[attr-defined]
            (step, cities.get(step.application, "") if step.application else "") for step in seated.get(panel.pk, [])
        ]
    return {
        "round": round_,
        "framework": framework,
        "applications": applications,
        "panels": panels,
        "category_names": {key: names.get(key, key) for key in {*round_.categories, *names}},
        "round_categories": [names.get(category, category) for category in round_.categories],
        "panel_form": sent if kind == "panel" else PanelForm(round_),
        "publication": publication_of(framework),
        "undecided": undecided(round_),
        "decided": Decision.objects.filter(application__round=round_).count(),
    }


@login_required
@require_POST
def announce(request: HttpRequest, pk: int) -> HttpResponse:
    """The certifier announces the round: its decisions become public together. A refusal is shown on the round's
    page, beside the button, with the reason."""
    round_ = get_object_or_404(Round.objects.select_related("framework_version"), pk=pk)
    if runs_certification(request.user) and not can_announce(request.user, round_):
        raise Http404(_("No such round."))
    if not can_announce(request.user, round_):
        raise PermissionDenied(_("Only the certifying body announces a round."))
    try:
        announce_round(round_, request.user)
    except NotAnnounceable as refusal:
        context = {**_round_context(round_), "announce_refused": str(refusal)}
        return render(request, "certification/round.html", context, status=409)
    messages.success(request, _("The round's results are announced: they are public now."))
    return redirect("round", pk=pk)


@login_required
def round_results(request: HttpRequest, pk: int) -> HttpResponse:
    """The round's applications, outcomes and decided values as a workbook, for the certifying body."""
    require_certifier(request.user)
    round_ = round_for(request.user, pk)
    from citycert.reports.round_xlsx import round_xlsx

    response = HttpResponse(
        round_xlsx(round_), content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    name = f"citycert-round-{round_.framework_version.framework_id}-{round_.year}.xlsx"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@login_required
@require_POST
def form_panel(request: HttpRequest, pk: int) -> HttpResponse:
    require_certifier(request.user)
    round_ = round_for(request.user, pk)
    form = PanelForm(round_, request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            workflow.form_panel(
                round_,
                data["name"],
                data["members"],
                request.user,
                category=data["category"],
                common=data["common"],
                reason=data["reason"],
            )
        except workflow.Refused as error:
            status = refuse(form, error)
        else:
            messages.success(request, _("Panel formed."))
            return redirect("round", pk=pk)
    else:
        status = INVALID
    return render(request, "certification/round.html", _round_context(round_, ("panel", None, form)), status=status)


@login_required
@require_POST
def assign(request: HttpRequest, pk: int) -> HttpResponse:
    application = application_for(request.user, pk, "manage")
    round_ = application.round
    form = AssignForm(round_, request.POST, auto_id=f"id_application{application.pk}_%s")
    if form.is_valid():
        panel = form.cleaned_data["panel"]
        try:
            workflow.assign(application, panel, request.user, reason=form.cleaned_data["reason"])
        except workflow.Refused as error:
            status = refuse(form, error, "panel")
        else:
            messages.success(request, _("Assigned to %(panel)s.") % {"panel": panel.name})
            return redirect("round", pk=application.round_id)
    else:
        status = INVALID
    context = _round_context(round_, ("assign", application.pk, form))
    return render(request, "certification/round.html", context, status=status)


@login_required
@require_POST
def record_consensus(request: HttpRequest, pk: int) -> HttpResponse:
    """The panel's agreed scores: every bad value at its field, and a value outside the panel's range without a
    reason at that item's rationale, all at once, with everything typed kept; nothing saved unless all is well."""
    application = application_for(request.user, pk, "manage")
    framework = application.round.framework_version.framework
    form = ScoreSheetForm(request.POST, assessment=application.frozen, items=items_of(framework), note="rationale")
    refused: workflow.Refused | None = None
    if not form.is_valid():
        # The values that pass, checked against the panel's range now, so that every error shows at once.
        checked = {item_id: (form.canonical[item_id], note) for item_id, (_value, note) in form.scores.items()}
        form.reason_needed(workflow.outside_without_reason(application, checked))
    else:
        try:
            workflow.record_consensus(application, form.scores, request.user)
        except workflow.Refused as error:
            refused = error
            if error.rule == "reason_needed_outside_range":
                form.reason_needed(error.details)
        else:
            messages.success(request, _("Consensus saved."))
            return redirect("application", pk=pk)
    return render_application_page(
        request, application_for(request.user, pk), refused=refused, form="consensus", consensus_form=form
    )


@login_required
@require_POST
def decide(request: HttpRequest, pk: int) -> HttpResponse:
    application = application_for(request.user, pk, "manage")
    form = DecisionForm(request.POST, auto_id="id_decision_%s")
    if form.is_valid():
        data = form.cleaned_data
        try:
            workflow.decide(
                application,
                data["outcome"],
                data["reasons"],
                request.user,
                today(),
                against_engine_reason=data["against_engine_reason"],
            )
        except workflow.Refused as error:
            status = refuse(form, error, DECISION_RULE_FIELDS.get(error.rule))
        else:
            messages.success(request, _("Decision recorded."))
            return redirect("application", pk=pk)
    else:
        status = INVALID
    page = application_for(request.user, pk)
    return render_application_page(request, page, bound=("decide", None, form), status=status)


@login_required
@require_POST
def request_waiver(request: HttpRequest, pk: int) -> HttpResponse:
    application = application_for(request.user, pk, "manage")
    form = WaiverForm(application.round.framework_version.framework, request.POST, auto_id="id_waiver_%s")
    return step_on_application(
        request,
        application,
        ("waiver", None, form),
        lambda data: workflow.request_waiver(application, data["stage"], data["reason"], request.user),
        _("Waiver asked for; a second certifier approves or declines it."),
    )


@login_required
@require_POST
def answer_waiver(request: HttpRequest, pk: int, waiver_id: int) -> HttpResponse:
    application = application_for(request.user, pk, "manage")
    waiver = get_object_or_404(StageWaiver, pk=waiver_id, application=application)
    form = WaiverAnswerForm(request.POST, auto_id=f"id_waiver{waiver.pk}_%s")
    approve = request.POST.get("answer") == "approve"
    return step_on_application(
        request,
        application,
        ("waiver-answer", waiver.pk, form),
        lambda data: workflow.answer_waiver(waiver, data["answer"] == "approve", request.user, data["note"]),
        _("Waiver approved.") if approve else _("Waiver declined."),
    )


@login_required
@require_POST
def change_status(request: HttpRequest, number: str) -> HttpResponse:
    require_certifier(request.user)
    certificate = certificate_for(request.user, number)
    if not manages_certificate(request.user, certificate):
        raise PermissionDenied(_("Only the certifying body that issued it changes a certificate's status."))
    form = StatusForm(workflow.STATUS_MOVES[certificate.status], request.POST)
    if form.is_valid():
        try:
            workflow.change_status(
                certificate, form.cleaned_data["status"], form.cleaned_data["reason"], request.user, today()
            )
        except workflow.Refused as error:
            status = refuse(form, error, "status")
        except ValueError as error:
            form.add_error("status", str(error))
            status = INVALID
        else:
            messages.success(request, _("Status changed."))
            return redirect("certificate", number=number)
    else:
        status = INVALID
    return render_certificate_page(request, certificate_for(request.user, number), form, status)


@login_required
def round_progress_page(request: HttpRequest, pk: int) -> HttpResponse:
    """The round's dashboard: each application's step, each assessor's progress, what is overdue, the outcomes."""
    require_certifier(request.user)
    round_ = round_for(request.user, pk)
    progress = round_progress(round_, today())
    return render(request, "certification/round_progress.html", {"round": round_, "progress": progress})


@login_required
def round_progress_csv(request: HttpRequest, pk: int) -> HttpResponse:
    """The dashboard's application rows as CSV (UTF-8 with a byte-order mark, so that Excel reads Korean)."""
    require_certifier(request.user)
    round_ = round_for(request.user, pk)
    progress = round_progress(round_, today())
    stage_names = list(progress.applications[0].submitted) if progress.applications else []
    out = io.StringIO()
    out.write("\ufeff")
    writer = csv.writer(out)
    writer.writerow(
        [
            _("City"),
            _("Category"),
            _("Panel"),
            _("Step"),
            *stage_names,
            _("Open requests"),
            _("Open findings"),
            _("Overdue"),
        ]
    )
    for row in progress.applications:
        application = row.application
        writer.writerow(
            [
                application.city.name,
                application.category_name or "",
                application.panel.name if application.panel else "",
                row.step,
                *[" ".join(row.submitted[name]) for name in stage_names],
                row.open_requests,
                row.open_findings,
                "; ".join(row.overdue),
            ]
        )
    response = HttpResponse(out.getvalue(), content_type="text/csv; charset=utf-8")
    name = f"citycert-round-{round_.framework_version.framework_id}-{round_.year}-progress.csv"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response
