"""The certification pages: rounds and panels for the certifying body, scoring sheets for assessors,
applications, requests and findings for cities, and the certificate page everyone may read."""

from __future__ import annotations

import csv
import io
from collections.abc import Callable
from datetime import date
from functools import partial
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Count
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render, resolve_url
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from citycert.assessments.choices import AssessmentKind, State
from citycert.assessments.models import Assessment
from citycert.certification import workflow
from citycert.certification.announcement import NotAnnounceable, announce_round, publication_of, undecided
from citycert.certification.choices import ApplicationState, AuditKind, CertificateStatus
from citycert.certification.forms import (
    DECISION_RULE_FIELDS,
    ApplyForm,
    AssignForm,
    CloseFindingForm,
    ConflictForm,
    DecisionForm,
    DocumentRequestForm,
    FindingForm,
    PanelForm,
    RequestAnswerForm,
    RoundForm,
    StatusForm,
    SurveillanceForm,
    VerifyForm,
    WaiverAnswerForm,
    WaiverForm,
    category_choices,
    refuse,
)
from citycert.certification.listed import listed
from citycert.certification.models import (
    Application,
    Certificate,
    Decision,
    DocumentRequest,
    DueAudit,
    Finding,
    Round,
    StageWaiver,
)
from citycert.certification.reconcile import outside_range, reconcile
from citycert.certification.round_progress import round_progress
from citycert.certification.scheme import classification_name, deciding_stage, stages
from citycert.certification.sheet_forms import ScoreSheetForm, city_answers, items_of, sheet_rows, shown
from citycert.certification.verification import verify_pdf
from citycert.frameworks.schema import Framework
from citycert.language import in_each_data_language
from citycert.page_forms import INVALID, PageForm
from citycert.permissions import (
    answers_for_city,
    application_for,
    applies_for_cities,
    can_announce,
    can_answer_waiver,
    can_apply,
    certificate_for,
    declares_conflicts,
    lists_only_own_assignments,
    may_see_decision,
    officer_city_ids,
    own_assignments,
    require_certifier,
    reviews,
    runs_certification,
    surveillance_to_record,
    visible_applications,
    visible_certificates,
    visible_sheets,
)
from citycert.reports.certificate_pdf import certificate_pdf
from citycert.scoring.model import Item, compile_framework
from citycert.signing import public_key_pem


def today() -> date:
    return timezone.localdate()


def _refused(request: HttpRequest, error: workflow.Refused, to: str, **kwargs: Any) -> HttpResponse:
    """A refused step: a page that says why, with a way back, and a status that says so (409 when
    somebody else got there first or a named rule refused it, 400 otherwise). Nothing of the step was saved."""
    status = 409 if isinstance(error, workflow.Conflict) or error.rule else 400
    context = {"reason": str(error), "back": resolve_url(to, **kwargs)}
    return render(request, "certification/refused.html", context, status=status)


@login_required
def overview(request: HttpRequest) -> HttpResponse:
    return _overview(request)


def _overview(
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
        context["rounds"] = Round.objects.select_related("framework_version").annotate(count=Count("applications"))
        context["due"] = workflow.due_items(today())
        context["round_form"] = sent if kind == "round" else RoundForm(initial={"year": today().year})
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
    elif declares_conflicts(user):
        context["conflicts"] = user.conflicts.select_related("city")  # type: ignore[union-attr]
        context["conflict_form"] = sent if kind == "conflict" else ConflictForm()
        context["surveillance"] = surveillance_to_record(user).select_related("certificate__city")
    return render(request, "certification/overview.html", context, status=status)


@login_required
@require_POST
def open_round(request: HttpRequest) -> HttpResponse:
    require_certifier(request.user)
    form = RoundForm(request.POST)
    if not form.is_valid():
        return _overview(request, bound=("round", None, form), status=INVALID)
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
        )
    except workflow.Refused as error:
        # The one refusal left after the form's checks is a second round of the same year.
        return _overview(request, bound=("round", None, form), status=refuse(form, error, "year"))
    messages.success(request, _("Round opened."))
    return redirect("round", pk=round_.pk)


@login_required
def round_page(request: HttpRequest, pk: int) -> HttpResponse:
    require_certifier(request.user)
    round_ = get_object_or_404(Round.objects.select_related("framework_version"), pk=pk)
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
    return {
        "round": round_,
        "framework": framework,
        "applications": applications,
        "panels": round_.panels.prefetch_related("memberships__assessor"),
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
    round_ = get_object_or_404(Round.objects.select_related("framework_version"), pk=pk)
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
    round_ = get_object_or_404(Round.objects.select_related("framework_version"), pk=pk)
    form = PanelForm(round_, request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            workflow.form_panel(
                round_, data["name"], data["members"], request.user, category=data["category"], common=data["common"]
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
def apply(request: HttpRequest, pk: int) -> HttpResponse:
    """A city officer applies to a round with one of their submitted assessments."""
    if not applies_for_cities(request.user):
        raise PermissionDenied(_("Only a city's officers apply for it."))
    round_ = get_object_or_404(Round.objects.select_related("framework_version"), pk=pk)
    cities = officer_city_ids(request.user)
    eligible = list(
        Assessment.objects.filter(
            city_id__in=cities, state=State.SUBMITTED, framework_version_id=round_.framework_version_id
        ).exclude(kind=AssessmentKind.CERTIFICATION)
    )
    form = ApplyForm(eligible, request.POST, auto_id=f"id_round{round_.pk}_%s")
    status = INVALID
    if form.is_valid():
        source = form.cleaned_data["assessment"]
        if not can_apply(request.user, source):
            form.add_error("assessment", _("Choose one of your city's submitted assessments."))
        else:
            try:
                application = workflow.apply(round_, source, request.user, today())
            except workflow.Refused as error:
                status = refuse(form, error)
            else:
                messages.success(request, _("Applied. The application keeps a copy of the assessment as it is now."))
                return redirect("application", pk=application.pk)
    return _overview(request, bound=("apply", round_.pk, form), status=status)


# ---------------------------------------------------------------------------------------------- application


@login_required
def application_page(request: HttpRequest, pk: int) -> HttpResponse:
    return _application_page(request, application_for(request.user, pk))


def _application_page(
    request: HttpRequest,
    application: Application,
    *,
    refused: workflow.Refused | None = None,
    form: str = "",
    consensus_form: ScoreSheetForm | None = None,
    bound: tuple[str, int | None, PageForm] | None = None,
    status: int | None = None,
) -> HttpResponse:
    """The application's page; after a refused consensus or decision, the same page with the reason on the form
    that was sent and everything typed in it kept (409 for a rule that refused it, 400 for bad input)."""
    framework = application.round.framework_version.framework
    user = request.user
    manages = runs_certification(user)
    on_panel = reviews(user, application)
    told = may_see_decision(user, application)  # the decision and its certificate are shown together, or neither
    issued = application.issued_certificates() if told else []
    context: dict[str, Any] = {
        "application": application,
        "framework": framework,
        "stages": stages(framework),
        "deciding": deciding_stage(framework),
        "manages": manages,
        "reviews": on_panel,
        "answers": answers_for_city(user, application),
        "requests": application.requests.all(),
        "findings": application.findings.all(),
        "decision": getattr(application, "decision", None) if told else None,
        "certificate": issued[-1] if issued else None,
        # One sent back on appeal and certified again keeps its withdrawn certificate beside the new one.
        "withdrawn_certificates": issued[:-1],
        "approved_waivers": [
            waiver
            for waiver in application.waivers.select_related("requested_by", "answered_by")
            if waiver.state == "approved"
        ],
        "stage_names": {stage.id: stage.name for stage in stages(framework)},
    }
    if manages:
        context.update(_review_context(request, application, framework, refused, form))
        if application.state == "in_review":
            context.update(_consensus_context(application, framework, consensus_form))
    if on_panel:
        context["own_sheets"] = {sheet.stage: sheet for sheet in application.sheets.filter(assessor_id=user.pk)}
    _application_forms(context, framework, bound)
    if status is None:
        status = 200 if refused is None else 409 if (refused.rule or isinstance(refused, workflow.Conflict)) else 400
        if refused is None and consensus_form is not None and consensus_form.errors:
            status = 400
    return render(request, "certification/application.html", context, status=status)


def _review_context(
    request: HttpRequest, application: Application, framework: Framework, refused: workflow.Refused | None, form: str
) -> dict[str, Any]:
    """What the certifying body sees of the review: scores side by side, what still holds the consensus and the
    decision up, waivers, the consensus form against the panel's range, and the decision form."""
    by_stage = [(stage, reconcile(application, stage.id)) for stage in stages(framework)]
    deciding = next(rec for stage, rec in by_stage if stage.decides)
    context: dict[str, Any] = {
        "panels": application.round.panels.all(),
        "reviews_by_stage": by_stage,
        "outside_rows": [row for row in deciding.items if row.outside],
        "gaps": workflow.stage_gaps(application),
        "waivers": application.waivers.select_related("requested_by", "answered_by"),
        "waivable": [stage for stage in stages(framework) if not stage.decides],
        "refused": refused,
        "refused_form": form,
        "decide_barrier": workflow.why_not_decide(request.user, application)
        if application.state == "in_review"
        else "",
    }
    context["answerable"] = {waiver.pk for waiver in context["waivers"] if can_answer_waiver(request.user, waiver)}
    if application.consensus.exists():
        result = workflow.consensus_result(application)
        context["consensus_result"] = result
        context["consensus_grade"] = classification_name(framework, result.classification)
        context["engine_outcome"] = workflow.engine_outcome(result)
    return context


def _consensus_context(application: Application, framework: Framework, form: ScoreSheetForm | None) -> dict[str, Any]:
    """The consensus form's rows: each item with the panel's range at the deciding stage, what the item takes,
    the city's answer and evidence, and the fields (as typed after a refusal, else the consensus so far or the
    panel's median), flagged when the value lies outside the panel's range."""
    spreads = {row.item.id: row for row in reconcile(application, deciding_stage(framework).id).items}
    if form is None:
        initial = {item_id: (row.consensus or row.median, row.rationale or "") for item_id, row in spreads.items()}
        form = ScoreSheetForm(
            None, assessment=application.frozen, items=items_of(framework), note="rationale", initial=initial
        )
    rows = sheet_rows(form, city_answers(application.frozen, framework))
    for row in rows:
        spread = spreads[row.item.id]
        value = str(row.value.value() or "").strip()
        outside = spread.outside
        if form.is_bound and value and row.item.id in form.canonical:
            given = list(spread.values.values())
            outside = outside_range(framework, row.item.id, form.canonical[row.item.id], given) is not None
        if outside:
            row.note.field.widget.attrs["required"] = True
        yes_no = row.yes_no
        bounds = (
            (
                shown(row.item, spread.low) if yes_no else spread.low,
                shown(row.item, spread.high) if yes_no else spread.high,
            )
            if spread.low
            else None
        )
        span = "" if bounds is None else bounds[0] if bounds[0] == bounds[1] else f"{bounds[0]}–{bounds[1]}"
        row.extra = {"spread": spread, "outside": outside, "range": span}
    errors = [(row, error) for row in rows for error in row.errors]
    return {"consensus_form": form, "consensus_rows": rows, "consensus_errors": errors}


@login_required
@require_POST
def assign(request: HttpRequest, pk: int) -> HttpResponse:
    application = application_for(request.user, pk, "manage")
    round_ = application.round
    form = AssignForm(round_, request.POST, auto_id=f"id_application{application.pk}_%s")
    if form.is_valid():
        panel = form.cleaned_data["panel"]
        try:
            workflow.assign(application, panel, request.user)
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


def _on_application(
    request: HttpRequest,
    application: Application,
    sent: tuple[str, int | None, PageForm],
    step: Callable[[dict[str, Any]], object],
    done: str = "",
) -> HttpResponse:
    """Take one workflow step from a form on an application's page: back to the page when it is done; when the
    form or the workflow refuses it, the same page with that form as it was sent and the reason at its field."""
    form = sent[2]
    if form.is_valid():
        try:
            step(form.cleaned_data)
        except workflow.Refused as error:
            status = refuse(form, error)
        else:
            if done:
                messages.success(request, done)
            return redirect("application", pk=application.pk)
    else:
        status = INVALID
    return _application_page(request, application_for(request.user, application.pk), bound=sent, status=status)


def _application_forms(
    context: dict[str, Any], framework: Framework, bound: tuple[str, int | None, PageForm] | None
) -> None:
    """The forms of an application's page, blank, but for the one that was refused: it is shown as it was sent.
    A form of a row (answering a request, closing a finding, answering a waiver) hangs on its row. When the
    refused form is no longer offered (somebody answered, closed or decided first), its reasons go above the page
    as `unshown_refusals`, so they are never lost."""
    kind, target, sent = bound if bound is not None else ("", None, None)
    shown = False

    def pick(name: str, row: int | None, blank: Callable[[], PageForm], offered: bool = True) -> PageForm:
        nonlocal shown
        if sent is not None and kind == name and target == row:
            shown = shown or offered
            return sent
        return blank()

    state = context["application"].state
    on_panel, answers = context["reviews"], context["answers"]
    context["request_form"] = pick(
        "request", None, lambda: DocumentRequestForm(framework, auto_id="id_request_%s"), on_panel
    )
    context["finding_form"] = pick("finding", None, lambda: FindingForm(framework, auto_id="id_finding_%s"), on_panel)
    context["requests"] = list(context["requests"])
    for asked in context["requests"]:
        blank = partial(RequestAnswerForm, auto_id=f"id_request{asked.pk}_%s")
        asked.answer_form = pick("answer", asked.pk, blank, answers and not asked.answer)
    context["findings"] = list(context["findings"])
    for finding in context["findings"]:
        blank_close = partial(CloseFindingForm, auto_id=f"id_finding{finding.pk}_%s")
        finding.close_form = pick("close", finding.pk, blank_close, answers and finding.state == "open")
        finding.verify_form = pick("verify", finding.pk, PageForm, on_panel and finding.state == "answered")
    if "reviews_by_stage" in context:  # the certifying body's part of the page
        engine = context.get("engine_outcome", "")
        blank_decision = partial(DecisionForm, initial={"outcome": engine}, auto_id="id_decision_%s")
        context["decision_form"] = pick("decide", None, blank_decision, state == "in_review")
    if "waivers" in context:
        open_ = state in ("applied", "in_review")
        blank_waiver = partial(WaiverForm, framework, auto_id="id_waiver_%s")
        context["waiver_form"] = pick("waiver", None, blank_waiver, open_ and bool(context["waivable"]))
        context["waivers"] = list(context["waivers"])
        for waiver in context["waivers"]:
            blank_answer = partial(WaiverAnswerForm, auto_id=f"id_waiver{waiver.pk}_%s")
            offered = open_ and waiver.state == "requested" and waiver.pk in context["answerable"]
            waiver.answer_form = pick("waiver-answer", waiver.pk, blank_answer, offered)
    if sent is not None and not shown:
        context["unshown_refusals"] = [str(error) for errors in sent.errors.values() for error in errors]


@login_required
@require_POST
def ask_city(request: HttpRequest, pk: int) -> HttpResponse:
    application = application_for(request.user, pk, "review")
    form = DocumentRequestForm(application.round.framework_version.framework, request.POST, auto_id="id_request_%s")
    return _on_application(
        request,
        application,
        ("request", None, form),
        lambda data: workflow.ask_city(application, data["item"], data["stage"], data["question"], request.user),
        _("Request sent to the city."),
    )


@login_required
@require_POST
def answer_request(request: HttpRequest, pk: int, request_id: int) -> HttpResponse:
    application = application_for(request.user, pk, "answer")
    asked = get_object_or_404(DocumentRequest, pk=request_id, application=application)
    form = RequestAnswerForm(request.POST, auto_id=f"id_request{asked.pk}_%s")
    return _on_application(
        request,
        application,
        ("answer", asked.pk, form),
        lambda data: workflow.answer_request(asked, data["answer"], request.user),
        _("Answer sent."),
    )


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
    return _application_page(
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
    return _application_page(request, page, bound=("decide", None, form), status=status)


@login_required
@require_POST
def request_waiver(request: HttpRequest, pk: int) -> HttpResponse:
    application = application_for(request.user, pk, "manage")
    form = WaiverForm(application.round.framework_version.framework, request.POST, auto_id="id_waiver_%s")
    return _on_application(
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
    return _on_application(
        request,
        application,
        ("waiver-answer", waiver.pk, form),
        lambda data: workflow.answer_waiver(waiver, data["answer"] == "approve", request.user, data["note"]),
        _("Waiver approved.") if approve else _("Waiver declined."),
    )


@login_required
@require_POST
def raise_finding(request: HttpRequest, pk: int) -> HttpResponse:
    application = application_for(request.user, pk, "review")
    form = FindingForm(application.round.framework_version.framework, request.POST, auto_id="id_finding_%s")
    return _on_application(
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
def close_finding(request: HttpRequest, pk: int, finding_id: int) -> HttpResponse:
    application = application_for(request.user, pk, "answer")
    finding = get_object_or_404(Finding, pk=finding_id, application=application)
    form = CloseFindingForm(request.POST, auto_id=f"id_finding{finding.pk}_%s")
    return _on_application(
        request,
        application,
        ("close", finding.pk, form),
        lambda data: workflow.close_finding(finding, data["response"], request.user),
    )


@login_required
@require_POST
def verify_finding(request: HttpRequest, pk: int, finding_id: int) -> HttpResponse:
    application = application_for(request.user, pk, "review")
    finding = get_object_or_404(Finding, pk=finding_id, application=application)
    return _on_application(
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
    return _overview(request, bound=("conflict", None, form), status=status)


# ---------------------------------------------------------------------------------------------- certificates


def certificate_page(request: HttpRequest, number: str) -> HttpResponse:
    """A certificate as anyone may read it, with its status as it stands today and its history."""
    return _certificate_page(request, certificate_for(request.user, number))


def _certificate_page(
    request: HttpRequest, certificate: Certificate, form: StatusForm | None = None, status: int = 200
) -> HttpResponse:
    moves = [CertificateStatus(move) for move in workflow.STATUS_MOVES[certificate.status]]
    context = {
        "certificate": certificate,
        "status": certificate.status_on(today()),
        "status_label": CertificateStatus(certificate.status_on(today())).label,
        "changes": certificate.changes.all(),
        # Each audit or deadline with where it stands today: upcoming, due (within its window), overdue or done.
        "due": _schedule(certificate),
        "manages": runs_certification(request.user),
        "moves": moves,
        "status_form": form if form is not None else StatusForm([move.value for move in moves]),
    }
    return render(request, "certification/certificate.html", context, status=status)


def _schedule(certificate: Certificate) -> list[tuple[DueAudit, str, str]]:
    """Each audit or deadline with where it stands today: upcoming, due (within its window), overdue or done. An
    extension deadline the city met by applying again reads as applied for, not overdue."""
    day = today()
    applied = certificate.renewals().order_by("applied_at").values_list("applied_at", flat=True).first()
    rows = []
    for entry in certificate.due.all():
        if entry.kind == AuditKind.EXTENSION and applied is not None and applied.date() <= entry.due_on:
            rows.append((entry, "done", _("applied for on %(day)s") % {"day": applied.date().isoformat()}))
        else:
            rows.append((entry, entry.state_on(day), entry.state_label_on(day)))
    return rows


@login_required
@require_POST
def change_status(request: HttpRequest, number: str) -> HttpResponse:
    require_certifier(request.user)
    certificate = certificate_for(request.user, number)
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
    return _certificate_page(request, certificate_for(request.user, number), form, status)


@login_required
def surveillance(request: HttpRequest, due_id: int) -> HttpResponse:
    """The assessor records a surveillance audit's levels; the engine decides whether the bar still holds."""
    due = get_object_or_404(DueAudit.objects.select_related("certificate__application", "certificate__city"), pk=due_id)
    manages = runs_certification(request.user)
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


def _posted_scores(request: HttpRequest, framework: Framework, note: str = "") -> dict[str, tuple[str, str]]:
    """A score form's `value-ITEM` fields, each with its `NOTE-ITEM` beside it (a comment or a rationale)."""
    posted = request.POST
    return {
        item.id: (posted.get(f"value-{item.id}", ""), posted.get(f"{note}-{item.id}", "") if note else "")
        for item in compile_framework(framework).items
    }


def _levels(item: Item) -> list[int]:
    """The levels to choose from for a levelled item; none for one that takes a number."""
    return [level.value for level in item.scale.levels] if item.scale is not None else []


# ---------------------------------------------------------------------------------------------- verification

MAX_PDF_BYTES = 5 * 1024 * 1024


def certificate_pdf_file(request: HttpRequest, number: str) -> HttpResponse:
    """The signed PDF of a certificate; public, as the certificate is."""
    certificate = certificate_for(request.user, number)
    response = HttpResponse(certificate_pdf(certificate, request, today()), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{certificate.number}.pdf"'
    # Made afresh each time: once the certificate is suspended or withdrawn, a kept copy must not be served.
    response["Cache-Control"] = "no-cache"
    return response


def signing_key(request: HttpRequest) -> HttpResponse:
    """The public half of the signing key, for anyone who wants to check a certificate PDF themselves."""
    return HttpResponse(public_key_pem(), content_type="application/x-pem-file")


def verify_page(request: HttpRequest) -> HttpResponse:
    """Anyone uploads a certificate PDF and learns whether it is genuine, altered or no longer valid."""
    if request.method != "POST":
        return render(request, "certification/verify.html", {"form": VerifyForm()})
    form = VerifyForm(request.POST, request.FILES)
    if not form.is_valid():
        return render(request, "certification/verify.html", {"form": form}, status=INVALID)
    upload = form.cleaned_data["file"]
    verdict = verify_pdf(upload.read(), today())
    context = {"form": VerifyForm(), "verdict": verdict, "file_name": upload.name}
    return render(request, "certification/verify.html", context)


@login_required
def round_progress_page(request: HttpRequest, pk: int) -> HttpResponse:
    """The round's dashboard: each application's step, each assessor's progress, what is overdue, the outcomes."""
    require_certifier(request.user)
    round_ = get_object_or_404(Round.objects.select_related("framework_version"), pk=pk)
    progress = round_progress(round_, today())
    return render(request, "certification/round_progress.html", {"round": round_, "progress": progress})


@login_required
def round_progress_csv(request: HttpRequest, pk: int) -> HttpResponse:
    """The dashboard's application rows as CSV (UTF-8 with a byte-order mark, so that Excel reads Korean)."""
    require_certifier(request.user)
    round_ = get_object_or_404(Round.objects.select_related("framework_version"), pk=pk)
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
