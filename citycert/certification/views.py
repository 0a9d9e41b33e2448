"""The certification pages: rounds and panels for the certifying body, scoring sheets for assessors,
applications, requests and findings for cities, and the certificate page everyone may read."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Count
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render, resolve_url
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from citycert.accounts.models import Role
from citycert.assessments.choices import AssessmentKind, State
from citycert.assessments.models import Assessment
from citycert.certification import workflow
from citycert.certification.announcement import NotAnnounceable, announce_round, publication_of, undecided
from citycert.certification.choices import CertificateStatus, FindingKind, Outcome
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
from citycert.certification.scheme import classification_name, deciding_stage, stages
from citycert.certification.signing import public_key_pem
from citycert.certification.verification import verify_pdf
from citycert.cities.models import City
from citycert.frameworks.schema import Framework
from citycert.library.models import FrameworkVersion
from citycert.permissions import (
    answers_for_city,
    application_for,
    can_announce,
    can_answer_waiver,
    can_apply,
    certificate_for,
    may_see_decision,
    officer_city_ids,
    require_certifier,
    reviews,
    role_of,
    runs_certification,
    visible_applications,
    visible_certificates,
)
from citycert.registry.published import listed
from citycert.reports.certificate_pdf import certificate_pdf
from citycert.scoring.model import Item, compile_framework


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
    """What each person has to do in certification now."""
    user = request.user
    role = role_of(user)
    context: dict[str, Any] = {"role": role, "today": today()}
    applications = Application.objects.filter(visible_applications(user)).select_related(
        "round__framework_version", "city", "panel"
    )
    context["applications"] = applications
    if runs_certification(user):
        context["rounds"] = Round.objects.select_related("framework_version").annotate(count=Count("applications"))
        context["due"] = workflow.due_items(today())
        context["versions"] = FrameworkVersion.objects.order_by("framework_id", "-version")
    elif role == Role.CITY_OFFICER:
        cities = officer_city_ids(user)
        context["due"] = workflow.due_items(today(), cities=cities)
        submitted = list(
            Assessment.objects.filter(city_id__in=cities, state=State.SUBMITTED)
            .exclude(kind=AssessmentKind.CERTIFICATION)
            .select_related("city", "framework_version")
        )
        # Each open round with the assessments that could apply to it: same framework version only.
        context["open_rounds"] = [
            (round_, [a for a in submitted if a.framework_version_id == round_.framework_version_id])
            for round_ in Round.objects.select_related("framework_version")
            if round_.is_open(today())
        ]
        # Each with its status today (an expired one says so) and the scheme's name, newest first.
        context["certificates"] = listed(
            Certificate.objects.filter(visible_certificates(user), city_id__in=cities)
            .select_related("framework_version")
            .order_by("-issued_on", "number"),
            today(),
        )
    elif role == Role.ASSESSOR:
        context["conflicts"] = user.conflicts.select_related("city")  # type: ignore[union-attr]
        context["cities"] = City.objects.order_by("name_ko")
        context["surveillance"] = DueAudit.objects.filter(
            done_at__isnull=True, kind="surveillance", certificate__application__panel__memberships__assessor_id=user.pk
        ).select_related("certificate__city")
    return render(request, "certification/overview.html", context)


@login_required
@require_POST
def open_round(request: HttpRequest) -> HttpResponse:
    require_certifier(request.user)
    posted = request.POST
    try:
        version = FrameworkVersion.objects.filter(pk=_posted_id(request, "framework_version")).first()
        if version is None:
            raise workflow.Refused(_("Choose a framework."))
        round_ = workflow.open_round(
            version,
            _int(posted.get("year"), _("year")),
            name_ko=posted.get("name_ko", "").strip() or f"{posted.get('year')}년 {version.name_ko}",
            name_en=posted.get("name_en", "").strip() or f"{version.name_en} {posted.get('year')}",
            opens_on=_date(posted.get("opens_on"), _("applications open")),
            closes_on=_date(posted.get("closes_on"), _("applications close")),
            categories=posted.getlist("categories"),
            announce_on=_date(posted["announce_on"], _("results announced on")) if posted.get("announce_on") else None,
            actor=request.user,
        )
    except workflow.Refused as error:
        return _refused(request, error, "certification")
    messages.success(request, _("Round opened."))
    return redirect("round", pk=round_.pk)


@login_required
def round_page(request: HttpRequest, pk: int) -> HttpResponse:
    require_certifier(request.user)
    round_ = get_object_or_404(Round.objects.select_related("framework_version"), pk=pk)
    return render(request, "certification/round.html", _round_context(round_))


def _round_context(round_: Round) -> dict[str, Any]:
    framework = round_.framework_version.framework
    assessors = get_user_model().objects.filter(profile__role=Role.ASSESSOR).order_by("username")
    return {
        "round": round_,
        "framework": framework,
        "applications": round_.applications.select_related("city", "panel").order_by("category", "city__name_ko"),
        "panels": round_.panels.prefetch_related("memberships__assessor"),
        "assessors": assessors,
        "categories": framework.categories,
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
    round_ = get_object_or_404(Round, pk=pk)
    people = get_user_model().objects.filter(pk__in=request.POST.getlist("members"))
    common = people.filter(pk__in=request.POST.getlist("common"))
    try:
        if not people:
            raise workflow.Refused(_("Choose the panel's assessors."))
        workflow.form_panel(
            round_,
            request.POST.get("name", "").strip() or _("Panel"),
            people,
            request.user,
            category=request.POST.get("category", ""),
            common=common,
        )
    except workflow.Refused as error:
        return _refused(request, error, "round", pk=pk)
    messages.success(request, _("Panel formed."))
    return redirect("round", pk=pk)


@login_required
@require_POST
def apply(request: HttpRequest, pk: int) -> HttpResponse:
    """A city officer applies to a round with one of their submitted assessments."""
    if role_of(request.user) != Role.CITY_OFFICER:
        raise PermissionDenied(_("Only a city's officers apply for it."))
    round_ = get_object_or_404(Round.objects.select_related("framework_version"), pk=pk)
    source = (
        Assessment.objects.select_related("city", "framework_version")
        .filter(pk=_posted_id(request, "assessment"))
        .first()
    )
    if source is None or not can_apply(request.user, source):
        return _refused(
            request, workflow.Refused(_("Choose one of your city's submitted assessments.")), "certification"
        )
    try:
        application = workflow.apply(round_, source, request.user, today())
    except workflow.Refused as error:
        return _refused(request, error, "certification")
    messages.success(request, _("Applied. The application keeps a copy of the assessment as it is now."))
    return redirect("application", pk=application.pk)


# ---------------------------------------------------------------------------------------------- application


@login_required
def application_page(request: HttpRequest, pk: int) -> HttpResponse:
    return _application_page(request, application_for(request.user, pk))


def _application_page(
    request: HttpRequest, application: Application, *, refused: workflow.Refused | None = None, form: str = ""
) -> HttpResponse:
    """The application's page; after a refused consensus or decision, the same page with the reason on the form
    that was sent and everything typed in it kept (409 for a rule that refused it, 400 for bad input)."""
    framework = application.round.framework_version.framework
    user = request.user
    manages = runs_certification(user)
    on_panel = reviews(user, application)
    told = may_see_decision(user, application)  # the decision and its certificate are shown together, or neither
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
        "finding_kinds": FindingKind.choices,
        "items": compile_framework(framework).items,
        "decision": getattr(application, "decision", None) if told else None,
        "certificate": getattr(application, "certificate", None) if told else None,
        "approved_waivers": [
            waiver
            for waiver in application.waivers.select_related("requested_by", "answered_by")
            if waiver.state == "approved"
        ],
        "stage_names": {stage.id: stage.name for stage in stages(framework)},
    }
    if manages:
        context.update(_review_context(request, application, framework, refused, form))
    if on_panel:
        context["own_sheets"] = {sheet.stage: sheet for sheet in application.sheets.filter(assessor_id=user.pk)}
    status = 200 if refused is None else 409 if (refused.rule or isinstance(refused, workflow.Conflict)) else 400
    return render(request, "certification/application.html", context, status=status)


def _review_context(
    request: HttpRequest, application: Application, framework: Framework, refused: workflow.Refused | None, form: str
) -> dict[str, Any]:
    """What the certifying body sees of the review: scores side by side, what still holds the consensus and the
    decision up, waivers, the consensus form against the panel's range, and the decision form."""
    posted = request.POST if refused is not None else None
    by_stage = [(stage, reconcile(application, stage.id)) for stage in stages(framework)]
    deciding = next(rec for stage, rec in by_stage if stage.decides)
    rows = []
    for row in deciding.items:
        value = posted.get(f"value-{row.item.id}", "") if posted is not None and form == "consensus" else None
        rationale = posted.get(f"rationale-{row.item.id}", "") if posted is not None and form == "consensus" else None
        if value is None:
            value, rationale = row.consensus or row.median, row.rationale
        outside = row.outside
        if form == "consensus" and value:
            try:
                outside = outside_range(framework, row.item.id, value.strip(), list(row.values.values())) is not None
            except (ValueError, ArithmeticError):
                outside = False  # not a score at all: the refusal above the form says so
        rows.append({"spread": row, "value": value, "rationale": rationale or "", "outside": outside})
    context: dict[str, Any] = {
        "panels": application.round.panels.all(),
        "reviews_by_stage": by_stage,
        "consensus_rows": rows,
        "outside_rows": [row for row in deciding.items if row.outside],
        "gaps": workflow.stage_gaps(application),
        "waivers": application.waivers.select_related("requested_by", "answered_by"),
        "waivable": [stage for stage in stages(framework) if not stage.decides],
        "outcomes": Outcome.choices,
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
    decided = posted is not None and form == "decide"
    context["chosen_outcome"] = posted.get("outcome", "") if decided and posted else context.get("engine_outcome", "")
    context["typed_reasons"] = posted.get("reasons", "") if decided and posted else ""
    context["typed_against"] = posted.get("against_engine_reason", "") if decided and posted else ""
    return context


@login_required
@require_POST
def assign(request: HttpRequest, pk: int) -> HttpResponse:
    application = application_for(request.user, pk, "manage")
    panel = application.round.panels.filter(pk=_posted_id(request, "panel")).first()
    try:
        if panel is None:
            raise workflow.Refused(_("Choose a panel."))
        workflow.assign(application, panel, request.user)
    except workflow.Refused as error:
        return _refused(request, error, "round", pk=application.round_id)
    messages.success(request, _("Assigned to %(panel)s.") % {"panel": panel.name})
    return redirect("round", pk=application.round_id)


@login_required
def review_sheet(request: HttpRequest, pk: int, stage: str) -> HttpResponse:
    """An assessor's own scores for one stage; the others' appear only after they submit their own."""
    application = application_for(request.user, pk, "review")
    framework = application.round.framework_version.framework
    try:
        sheet = workflow.sheet_for(application, request.user, stage)  # type: ignore[arg-type]
    except workflow.Refused as error:
        return _refused(request, error, "application", pk=pk)
    if request.method == "POST":
        scores = _posted_scores(request, framework, note="comment")
        try:
            workflow.save_scores(sheet, scores, request.user)
            if request.POST.get("submit"):
                workflow.submit_sheet(sheet, request.user)
                messages.success(request, _("Scores submitted. The other assessors' submitted scores are now shown."))
            else:
                messages.success(request, _("Scores saved."))
        except workflow.Refused as error:
            return _refused(request, error, "review-sheet", pk=pk, stage=stage)
        return redirect("review-sheet", pk=pk, stage=stage)
    own = {score.item_id: score for score in sheet.scores.all()}
    others = [other for other in workflow.visible_sheets(request.user, application, stage) if other.pk != sheet.pk]
    other_scores = [{score.item_id: score.value for score in other.scores.all()} for other in others]
    rows = []
    for item in compile_framework(framework).items:
        rows.append(
            {
                "item": item,
                "own": own.get(item.id),
                "levels": _levels(item),
                "others": [scores.get(item.id, "") for scores in other_scores],
            }
        )
    stage_name = next(s.name for s in stages(framework) if s.id == stage)
    context = {
        "application": application,
        "sheet": sheet,
        "stage_name": stage_name,
        "rows": rows,
        "others": others,
    }
    return render(request, "certification/review_sheet.html", context)


def _on_application(request: HttpRequest, pk: int, step: Callable[[], object], done: str = "") -> HttpResponse:
    """Take one workflow step on an application's page: back to the page when it is done, or a page
    saying why not when the workflow refuses it."""
    try:
        step()
    except workflow.Refused as error:
        return _refused(request, error, "application", pk=pk)
    if done:
        messages.success(request, done)
    return redirect("application", pk=pk)


@login_required
@require_POST
def ask_city(request: HttpRequest, pk: int) -> HttpResponse:
    application = application_for(request.user, pk, "review")
    posted = request.POST
    return _on_application(
        request,
        pk,
        lambda: workflow.ask_city(
            application, posted.get("item", ""), posted.get("stage", ""), posted.get("question", ""), request.user
        ),
        _("Request sent to the city."),
    )


@login_required
@require_POST
def answer_request(request: HttpRequest, pk: int, request_id: int) -> HttpResponse:
    application = application_for(request.user, pk, "answer")
    asked = get_object_or_404(DocumentRequest, pk=request_id, application=application)
    answer = request.POST.get("answer", "")
    return _on_application(request, pk, lambda: workflow.answer_request(asked, answer, request.user), _("Answer sent."))


@login_required
@require_POST
def record_consensus(request: HttpRequest, pk: int) -> HttpResponse:
    application = application_for(request.user, pk, "manage")
    scores = _posted_scores(request, application.round.framework_version.framework, note="rationale")
    try:
        workflow.record_consensus(application, scores, request.user)
    except workflow.Refused as error:
        return _application_page(request, application_for(request.user, pk), refused=error, form="consensus")
    messages.success(request, _("Consensus saved."))
    return redirect("application", pk=pk)


@login_required
@require_POST
def decide(request: HttpRequest, pk: int) -> HttpResponse:
    application = application_for(request.user, pk, "manage")
    posted = request.POST
    try:
        workflow.decide(
            application,
            posted.get("outcome", ""),
            posted.get("reasons", ""),
            request.user,
            today(),
            against_engine_reason=posted.get("against_engine_reason", ""),
        )
    except workflow.Refused as error:
        return _application_page(request, application_for(request.user, pk), refused=error, form="decide")
    messages.success(request, _("Decision recorded."))
    return redirect("application", pk=pk)


@login_required
@require_POST
def request_waiver(request: HttpRequest, pk: int) -> HttpResponse:
    application = application_for(request.user, pk, "manage")
    stage, reason = request.POST.get("stage", ""), request.POST.get("reason", "")
    return _on_application(
        request,
        pk,
        lambda: workflow.request_waiver(application, stage, reason, request.user),
        _("Waiver asked for; a second certifier approves or declines it."),
    )


@login_required
@require_POST
def answer_waiver(request: HttpRequest, pk: int, waiver_id: int) -> HttpResponse:
    application = application_for(request.user, pk, "manage")
    waiver = get_object_or_404(StageWaiver, pk=waiver_id, application=application)
    approve = request.POST.get("answer") == "approve"
    return _on_application(
        request,
        pk,
        lambda: workflow.answer_waiver(waiver, approve, request.user, request.POST.get("note", "")),
        _("Waiver approved.") if approve else _("Waiver declined."),
    )


@login_required
@require_POST
def raise_finding(request: HttpRequest, pk: int) -> HttpResponse:
    application = application_for(request.user, pk, "review")
    posted = request.POST

    def raise_it() -> object:
        due_on = _date(posted.get("due_on"), _("due on")) if posted.get("due_on") else None
        kind, text = posted.get("kind", ""), posted.get("text", "")
        return workflow.raise_finding(application, posted.get("item", ""), kind, text, due_on, request.user)

    return _on_application(request, pk, raise_it, _("Finding recorded."))


@login_required
@require_POST
def close_finding(request: HttpRequest, pk: int, finding_id: int) -> HttpResponse:
    application = application_for(request.user, pk, "answer")
    finding = get_object_or_404(Finding, pk=finding_id, application=application)
    response = request.POST.get("response", "")
    return _on_application(request, pk, lambda: workflow.close_finding(finding, response, request.user))


@login_required
@require_POST
def verify_finding(request: HttpRequest, pk: int, finding_id: int) -> HttpResponse:
    application = application_for(request.user, pk, "review")
    finding = get_object_or_404(Finding, pk=finding_id, application=application)
    return _on_application(request, pk, lambda: workflow.verify_finding(finding, request.user))


@login_required
@require_POST
def declare_conflict(request: HttpRequest) -> HttpResponse:
    if role_of(request.user) != Role.ASSESSOR:
        raise PermissionDenied(_("Only assessors declare conflicts of interest."))
    city = City.objects.filter(pk=_posted_id(request, "city")).first()
    try:
        if city is None:
            raise workflow.Refused(_("Choose the city."))
        workflow.declare_conflict(request.user, city, request.POST.get("reason", ""), request.user)  # type: ignore[arg-type]
    except workflow.Refused as error:
        return _refused(request, error, "certification")
    messages.success(request, _("Conflict of interest declared."))
    return redirect("certification")


# ---------------------------------------------------------------------------------------------- certificates


def certificate_page(request: HttpRequest, number: str) -> HttpResponse:
    """A certificate as anyone may read it, with its status as it stands today and its history."""
    certificate = certificate_for(request.user, number)
    context = {
        "certificate": certificate,
        "status": certificate.status_on(today()),
        "status_label": CertificateStatus(certificate.status_on(today())).label,
        "changes": certificate.changes.all(),
        # Each audit or deadline with where it stands today: upcoming, due (within its window), overdue or done.
        "due": [(entry, entry.state_on(today()), entry.state_label_on(today())) for entry in certificate.due.all()],
        "manages": runs_certification(request.user),
        "moves": [CertificateStatus(move) for move in workflow.STATUS_MOVES[certificate.status]],
    }
    return render(request, "certification/certificate.html", context)


@login_required
@require_POST
def change_status(request: HttpRequest, number: str) -> HttpResponse:
    require_certifier(request.user)
    certificate = certificate_for(request.user, number)
    try:
        workflow.change_status(
            certificate, request.POST.get("status", ""), request.POST.get("reason", ""), request.user, today()
        )
    except (workflow.Refused, ValueError) as error:
        return _refused(request, workflow.Refused(str(error)), "certificate", number=number)
    messages.success(request, _("Status changed."))
    return redirect("certificate", number=number)


@login_required
def surveillance(request: HttpRequest, due_id: int) -> HttpResponse:
    """The assessor records a surveillance audit's levels; the engine decides whether the bar still holds."""
    due = get_object_or_404(DueAudit.objects.select_related("certificate__application", "certificate__city"), pk=due_id)
    manages = runs_certification(request.user)
    application_for(request.user, due.certificate.application.pk, "manage" if manages else "review")
    framework = due.certificate.framework_version.framework
    if request.method == "POST":
        levels = {item_id: value for item_id, (value, _note) in _posted_scores(request, framework).items()}
        try:
            keep_valid = request.POST.get("keep_valid_reason", "") if manages else ""
            workflow.record_surveillance(due, levels, request.user, today(), keep_valid_reason=keep_valid)
        except workflow.Refused as error:
            return _refused(request, error, "surveillance", due_id=due_id)
        messages.success(request, _("Surveillance audit recorded."))
        return redirect("certificate", number=due.certificate.number)
    rows = [{"item": item, "levels": _levels(item)} for item in compile_framework(framework).items]
    return render(request, "certification/surveillance.html", {"due": due, "rows": rows, "manages": manages})


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


def _posted_id(request: HttpRequest, name: str) -> int:
    """A chosen row's id from a form; -1 (matching nothing) when missing or not a number."""
    text = request.POST.get(name, "")
    return int(text) if text.isdigit() else -1


def _int(text: str | None, field: str) -> int:
    try:
        return int(text or "")
    except ValueError:
        raise workflow.Refused(_("%(field)s: give a whole number.") % {"field": field}) from None


def _date(text: str | None, field: str) -> date:
    try:
        return date.fromisoformat(text or "")
    except ValueError:
        raise workflow.Refused(_("%(field)s: give a date as YYYY-MM-DD.") % {"field": field}) from None


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
        return render(request, "certification/verify.html", {})
    upload = request.FILES.get("file")
    if upload is None or upload.size == 0:
        context = {"error": _("Choose the certificate PDF to check.")}
        return render(request, "certification/verify.html", context, status=400)
    if upload.size is not None and upload.size > MAX_PDF_BYTES:
        context = {"error": _("That file is larger than any certificate (5 MB at most).")}
        return render(request, "certification/verify.html", context, status=400)
    verdict = verify_pdf(upload.read(), today())
    return render(request, "certification/verify.html", {"verdict": verdict, "file_name": upload.name})
