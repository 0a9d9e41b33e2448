"""The assessors' pages: their own review sheets, requests to the city, findings, declared conflicts of
interest and surveillance audits."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render, resolve_url
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from citycert.certification import workflow
from citycert.certification.forms import ConflictForm, DocumentRequestForm, FindingForm, SurveillanceForm, refuse
from citycert.certification.models import Application, DueAudit, Finding
from citycert.certification.scheme import stages
from citycert.certification.sheet_forms import ScoreSheetForm, city_answers, items_of, sheet_rows, shown
from citycert.certification.views.application import step_on_application
from citycert.certification.views.overview import render_overview, today
from citycert.page_forms import INVALID, PageForm
from citycert.permissions import application_for, declares_conflicts, visible_sheets
from citycert.permissions import manages as may_manage
from citycert.scoring.model import compile_framework


def _refused(request: HttpRequest, error: workflow.Refused, to: str, **kwargs: Any) -> HttpResponse:
    """A refused step: a page that says why, with a way back, and a status that says so (409 when
    somebody else got there first or a named rule refused it, 400 otherwise). Nothing of the step was saved."""
    status = 409 if isinstance(error, workflow.Conflict) or error.rule else 400
    context = {"reason": str(error), "back": resolve_url(to, **kwargs)}
    return render(request, "certification/refused.html", context, status=status)


@login_required
def review_sheet(request: HttpRequest, pk: int, stage: str) -> HttpResponse:
    """An assessor's own scores for one stage; the others' appear only after they submit their own.

    "Save draft" keeps every score that passes its item's check and shows the others at their fields, still typed;
    submitting checks every item and keeps nothing unless all pass. Each row also saves itself as it is changed
    (review_sheet_row), so a closed tab loses no score."""
    application = application_for(request.user, pk, "review")
    try:
        sheet = workflow.sheet_for(application, request.user, stage)  # type: ignore[arg-type]
    except workflow.Refused as error:
        return _refused(request, error, "application", pk=pk)
    if request.method != "POST":
        return _sheet_page(request, application, sheet, _sheet_form(application, sheet, None))
    if sheet.submitted:
        refusal = _("These scores were submitted and can no longer be changed.")
        return _sheet_page(request, application, sheet, _sheet_form(application, sheet, None), refusal, status=400)
    submitting = bool(request.POST.get("submit"))
    form = _sheet_form(application, sheet, request.POST, complete=submitting)
    try:
        if submitting:
            if not form.is_valid():
                return _sheet_page(request, application, sheet, form, status=400)
            workflow.submit_scores(sheet, form.scores, request.user)
            messages.success(request, _("Scores submitted. The other assessors' submitted scores are now shown."))
            return redirect("review-sheet", pk=pk, stage=stage)
        kept = form.valid_scores()
        if kept:
            workflow.save_scores(sheet, kept, request.user)
    except workflow.Refused as error:
        return _sheet_page(request, application, sheet, form, str(error), status=409 if error.rule else 400)
    if form.errors:
        notice = _(
            "The draft is saved, except the values marked below: they are still in the form, with the reason, "
            "but not saved."
        )
        return _sheet_page(request, application, sheet, form, notice=notice, status=400)
    messages.success(request, _("Draft saved."))
    return redirect("review-sheet", pk=pk, stage=stage)


@login_required
@require_POST
def review_sheet_row(request: HttpRequest, pk: int, stage: str, item: str) -> HttpResponse:
    """One row of the sheet saved as the assessor leaves it (htmx): the row comes back saved, or with the reason
    at its field and the value still typed. It never submits the sheet."""
    application = application_for(request.user, pk, "review")
    framework = application.round.framework_version.framework
    found = compile_framework(framework).item_by_id.get(item)
    if found is None:
        raise Http404("no such item")
    try:
        sheet = workflow.sheet_for(application, request.user, stage)  # type: ignore[arg-type]
    except workflow.Refused:
        raise Http404("no such stage") from None
    form = ScoreSheetForm(request.POST, assessment=application.frozen, items=[found], note="comment")
    saved, kept_before = False, ""
    kept = form.valid_scores()
    try:
        if kept:
            workflow.save_scores(sheet, kept, request.user)
            saved = True
        elif not form.errors and not str(request.POST.get(f"value-{item}", "")).strip():
            # A score is never taken back by emptying its field: say which one stays.
            before = sheet.scores.filter(item_id=item).first()
            kept_before = shown(found, before.value) if before is not None else ""
    except workflow.Refused as error:
        form.add_error(None, str(error))
    context = {
        "row": sheet_rows(form, {})[0],
        "saved": saved,
        "kept_before": kept_before,
        "row_refusal": " ".join(str(error) for error in form.non_field_errors()),
    }
    return render(request, "certification/_sheet_row_status.html", context)


def _sheet_form(application: Application, sheet: Any, data: Any, *, complete: bool = False) -> ScoreSheetForm:
    framework = application.round.framework_version.framework
    stored = {score.item_id: (score.value, score.comment) for score in sheet.scores.all()}
    return ScoreSheetForm(
        data,
        assessment=application.frozen,
        items=items_of(framework),
        note="comment",
        initial=stored,
        complete=complete,
    )


def _sheet_page(
    request: HttpRequest,
    application: Application,
    sheet: Any,
    form: ScoreSheetForm,
    refusal: str = "",
    *,
    notice: str = "",
    status: int = 200,
) -> HttpResponse:
    """The sheet, with every row's item, what it takes, the city's answer and evidence, and the assessor's fields
    (each with its error, if any, and the value as typed); a refusal above the form."""
    framework = application.round.framework_version.framework
    stage = sheet.stage
    request_user = request.user
    others = [other for other in visible_sheets(request_user, application, stage) if other.pk != sheet.pk]
    other_scores = [{score.item_id: score.value for score in other.scores.all()} for other in others]
    own = {score.item_id: score for score in sheet.scores.all()}
    rows = sheet_rows(form, city_answers(application.frozen, framework))
    for row in rows:
        score = own.get(row.item.id)
        row.extra = {
            "own": shown(row.item, score.value) if score else "—",
            "comment": score.comment if score else "",
            "others": [
                (other.assessor.get_username(), shown(row.item, scores[row.item.id]) if row.item.id in scores else "-")
                for other, scores in zip(others, other_scores, strict=True)
            ],
        }
    errors = [(row, error) for row in rows for error in row.errors]
    context = {
        "application": application,
        "sheet": sheet,
        "stage_name": next(s.name for s in stages(framework) if s.id == stage),
        "rows": rows,
        "others": others,
        "form": form,
        "errors": errors,
        "refusal": refusal or " ".join(str(error) for error in form.non_field_errors()),
        "notice": notice,
        "scored": len(own),
    }
    return render(request, "certification/review_sheet.html", context, status=status)


@login_required
@require_POST
def ask_city(request: HttpRequest, pk: int) -> HttpResponse:
    application = application_for(request.user, pk, "review")
    form = DocumentRequestForm(application.round.framework_version.framework, request.POST, auto_id="id_request_%s")
    return step_on_application(
        request,
        application,
        ("request", None, form),
        lambda data: workflow.ask_city(application, data["item"], data["stage"], data["question"], request.user),
        _("Request sent to the city."),
    )


@login_required
@require_POST
def raise_finding(request: HttpRequest, pk: int) -> HttpResponse:
    application = application_for(request.user, pk, "review")
    form = FindingForm(application.round.framework_version.framework, request.POST, auto_id="id_finding_%s")
    return step_on_application(
        request,
        application,
        ("finding", None, form),
        lambda data: workflow.raise_finding(
            application, data["item"], data["kind"], data["text"], data["due_on"], request.user
        ),
        _("Finding recorded."),
    )


@login_required
@require_POST
def verify_finding(request: HttpRequest, pk: int, finding_id: int) -> HttpResponse:
    application = application_for(request.user, pk, "review")
    finding = get_object_or_404(Finding, pk=finding_id, application=application)
    return step_on_application(
        request,
        application,
        ("verify", finding.pk, PageForm(request.POST)),
        lambda _data: workflow.verify_finding(finding, request.user),
    )


@login_required
@require_POST
def declare_conflict(request: HttpRequest) -> HttpResponse:
    if not declares_conflicts(request.user):
        raise PermissionDenied(_("Only assessors declare conflicts of interest."))
    form = ConflictForm(request.POST)
    if form.is_valid():
        try:
            assessor: Any = request.user  # an assessor, signed in: checked above
            workflow.declare_conflict(assessor, form.cleaned_data["city"], form.cleaned_data["reason"], assessor)
        except workflow.Refused as error:
            status = refuse(form, error)
        else:
            messages.success(request, _("Conflict of interest declared."))
            return redirect("certification")
    else:
        status = INVALID
    return render_overview(request, bound=("conflict", None, form), status=status)


@login_required
def surveillance(request: HttpRequest, due_id: int) -> HttpResponse:
    """The assessor records a surveillance audit's levels; the engine decides whether the bar still holds."""
    due = get_object_or_404(DueAudit.objects.select_related("certificate__application", "certificate__city"), pk=due_id)
    manages = may_manage(request.user, due.certificate.application)
    application_for(request.user, due.certificate.application.pk, "manage" if manages else "review")
    framework = due.certificate.framework_version.framework
    status = 200
    if request.method == "POST":
        form = SurveillanceForm(framework, manages, request.POST)
        status = INVALID
        if form.is_valid():
            try:
                keep_valid = form.cleaned_data.get("keep_valid_reason", "")
                workflow.record_surveillance(due, form.levels(), request.user, today(), keep_valid_reason=keep_valid)
            except workflow.Refused as error:
                status = form.refuse(error)
            else:
                messages.success(request, _("Surveillance audit recorded."))
                return redirect("certificate", number=due.certificate.number)
    else:
        form = SurveillanceForm(framework, manages)
    return render(request, "certification/surveillance.html", {"due": due, "form": form}, status=status)
