"""An application's page, shared by everyone who may see it: the certifying body's review, consensus and
decision forms, the panel's requests and findings, the city's answers; and the one road a form on it takes."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from citycert.certification import workflow
from citycert.certification.forms import (
    CloseFindingForm,
    DecisionForm,
    DocumentRequestForm,
    FindingForm,
    RequestAnswerForm,
    WaiverAnswerForm,
    WaiverForm,
    refuse,
)
from citycert.certification.models import Application
from citycert.certification.reconcile import outside_range, reconcile
from citycert.certification.scheme import classification_name, deciding_stage, stages
from citycert.certification.sheet_forms import ScoreSheetForm, city_answers, items_of, sheet_rows, shown
from citycert.frameworks.schema import Framework
from citycert.page_forms import INVALID, PageForm
from citycert.permissions import (
    answers_for_city,
    application_for,
    can_answer_waiver,
    may_see_decision,
    reviews,
)
from citycert.permissions import (
    manages as may_manage,
)


@login_required
def application_page(request: HttpRequest, pk: int) -> HttpResponse:
    return render_application_page(request, application_for(request.user, pk))


def render_application_page(
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
    manages = may_manage(user, application)
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


def step_on_application(
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
    return render_application_page(request, application_for(request.user, application.pk), bound=sent, status=status)


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
