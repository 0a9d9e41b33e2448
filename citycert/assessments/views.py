"""The assessment pages: start one, fill it in item by item with the score beside it, submit it."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBadRequest
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from citycert.assessments.choices import AssessmentKind, State
from citycert.assessments.crosswalk_prefill import crosswalk_between, prefill_from
from citycert.assessments.models import Assessment
from citycert.assessments.presenter import (
    ResponseRow,
    lazy_areas,
    response_rows,
    result_for,
    rows_for,
    score_panel,
    sections,
    text,
)
from citycert.assessments.row_html import Labels, closed_area, editable_row, form_html, item_options
from citycert.assessments.workflow import (
    InvalidAnswer,
    ResponseInput,
    TransitionRefused,
    confirm_prefilled,
    create_assessment,
    save_response,
    start_from,
    transition,
)
from citycert.cities.models import City
from citycert.library.models import FrameworkVersion
from citycert.library.store import latest_versions
from citycert.permissions import (
    assessment_for,
    can_edit_assessment,
    can_withdraw_assessment,
    city_for_officer,
)


def _panel_context(assessment: Assessment, responses: list[ResponseRow] | None = None) -> dict[str, Any]:
    framework = assessment.framework_version.framework
    result = result_for(assessment, framework, responses)
    panel = score_panel(assessment, framework, result)
    return {"panel": panel, "result": result}


@login_required
def assessment_page(request: HttpRequest, pk: int) -> HttpResponse:
    """The form, grouped as the framework's tree, with the live score, pass or fail and gap plan.

    A large framework shows one top-level area's rows (the first, or the one asked for) and loads each
    other area when it is opened, so the page stays small; every item is reachable either way."""
    assessment = assessment_for(request.user, pk)
    framework = assessment.framework_version.framework
    parts = sections(framework)
    lazy = lazy_areas(framework)
    if lazy:
        wanted = request.GET.get("area")
        groups = [part for part in parts if not part[0].assessable]
        opened = next((part for part in groups if part[0].id == wanted), groups[0] if groups else None)
        shown = [part for part in parts if part is opened or part[0].assessable]
    else:
        shown = parts
    nodes = [node for part in shown for node in part]
    # Every response in one query as tuples, whatever the size: the score needs them unless it is kept.
    responses = response_rows(assessment)
    context = _panel_context(assessment, responses)
    editable = can_edit_assessment(request.user, assessment)
    rows = rows_for(assessment, framework, context["result"], responses, nodes=nodes)
    rows_of = {row.node.id: row for row in rows}
    labels = Labels.now()
    html = [
        form_html(assessment, [rows_of[node.id] for node in part], editable, labels)
        if any(part is visible for visible in shown)
        else closed_area(assessment, part[0], text(part[0].name))
        for part in parts
    ]
    context.update(
        {
            "assessment": assessment,
            "framework": framework,
            "editable": editable,
            "form_html": mark_safe("".join(html)),  # noqa: S308 - made of escaped parts
            "can_withdraw": can_withdraw_assessment(request.user, assessment),
            "unconfirmed": sum(1 for response in responses if not response.confirmed),
            "item_options": item_options(framework),
        }
    )
    return render(request, "assessments/assessment.html", context)


@login_required
@require_GET
def area_fragment(request: HttpRequest, pk: int, area: str) -> HttpResponse:
    """The rows of one top-level area, for htmx to put in place when the area is opened."""
    assessment = assessment_for(request.user, pk)
    framework = assessment.framework_version.framework
    part = next((part for part in sections(framework) if part[0].id == area and not part[0].assessable), None)
    if part is None:
        raise Http404(_("No such area."))
    inside = part[1:]
    responses = response_rows(assessment, [node.id for node in inside if node.assessable])
    result = result_for(assessment, framework)
    rows = rows_for(assessment, framework, result, responses, nodes=inside)
    editable = can_edit_assessment(request.user, assessment)
    return HttpResponse(f'<div class="area-rows">{form_html(assessment, rows, editable, Labels.now())}</div>')


@login_required
@require_GET
def score_fragment(request: HttpRequest, pk: int) -> HttpResponse:
    """The score panel alone, for htmx to swap in."""
    assessment = assessment_for(request.user, pk)
    return render(request, "assessments/_score_panel.html", {"assessment": assessment, **_panel_context(assessment)})


@login_required
@require_POST
def save_item(request: HttpRequest, pk: int, item_id: str) -> HttpResponse:
    """Save one item from its row; answer with the row and, out of band, the new score panel."""
    assessment = assessment_for(request.user, pk, "edit")
    framework = assessment.framework_version.framework
    posted = request.POST
    given = ResponseInput(
        value=posted.get("value"),
        not_applicable=posted.get("not_applicable") == "on" if "na_present" in posted else None,
        value_year=(posted.get("value_year") or None) if "value_year" in posted else "",
        data_source=posted.get("data_source"),
        data_quality=posted.get("data_quality"),
        justification=posted.get("justification"),
    )
    error = ""
    try:
        if given.value_year not in ("", None) and not str(given.value_year).isdigit():
            raise InvalidAnswer(_("The year of the value must be a year, like 2025."))
        save_response(assessment, item_id, given, request.user)
    except InvalidAnswer as problem:
        error = str(problem)
    except TransitionRefused as refused:
        raise PermissionDenied(str(refused)) from None
    context = _panel_context(assessment)
    node = next(node for node in framework.nodes if node.id == item_id)
    responses = response_rows(assessment, [item_id])
    row = rows_for(assessment, framework, context["result"], responses, nodes=[node])[0]
    posted_value = posted.get("value", "") if error else None
    context.update(
        {
            "assessment": assessment,
            "row_html": editable_row(assessment, row, Labels.now(), error=error, posted_value=posted_value),
            "oob": True,
        }
    )
    response = render(request, "assessments/_item_row_and_panel.html", context)
    if error:
        response.status_code = 422
    return response


@login_required
@require_POST
def change_state(request: HttpRequest, pk: int, to_state: str) -> HttpResponse:
    """Submit or withdraw; the form is locked for the city from then on."""
    action = "edit" if to_state == State.SUBMITTED else "withdraw"
    assessment = assessment_for(request.user, pk, action)
    try:
        transition(assessment, to_state, request.user)
    except TransitionRefused as refused:
        messages.error(request, str(refused))
        return redirect("assessment", pk=pk)
    if to_state == State.SUBMITTED:
        messages.success(request, _("Submitted. The assessment is now locked."))
    else:
        messages.success(request, _("Withdrawn."))
    return redirect("assessment", pk=pk)


@login_required
@require_POST
def confirm_all(request: HttpRequest, pk: int) -> HttpResponse:
    """Confirm every pre-filled answer at once, after reading them."""
    assessment = assessment_for(request.user, pk, "edit")
    count = confirm_prefilled(assessment, None, request.user)
    messages.success(request, _("%(count)d pre-filled answers confirmed.") % {"count": count})
    return redirect("assessment", pk=pk)


@login_required
@require_POST
def fill_from_series(request: HttpRequest, pk: int) -> HttpResponse:
    """Take the unanswered quantitative values from the city's indicator series for the assessment's year."""
    from citycert.indicators.to_assessment import fill_from_series as fill

    assessment = assessment_for(request.user, pk, "edit")
    count = fill(assessment, request.user)
    if count:
        messages.success(
            request, _("%(count)d values taken from the indicator series; check and confirm them.") % {"count": count}
        )
    else:
        messages.info(request, _("The indicator series has no value for an unanswered item of this year."))
    return redirect("assessment", pk=pk)


@login_required
def new_assessment(request: HttpRequest, code: str) -> HttpResponse:
    """Start an assessment: from scratch, from an earlier one, or pre-filled through a crosswalk.

    Starting reads only the framework version and earlier assessments chosen, and no framework document:
    it costs the same however many assessments the city has made and versions are stored."""
    city = city_for_officer(request.user, code)
    if request.method != "POST":
        return render(request, "assessments/new.html", _new_context(city))
    try:
        year = int(request.POST.get("year", ""))
        kind = AssessmentKind(request.POST.get("kind", ""))
    except ValueError:
        return _bad(request, _new_context(city), _("Choose a kind and a year."))
    if not 2000 <= year <= 2100:
        return _bad(request, _new_context(city), _("Choose a year between 2000 and 2100."))
    source = _earlier(city, request.POST.get("start_from"))
    chosen = request.POST.get("framework_version", "")
    version = (
        FrameworkVersion.objects.defer("document").filter(pk=int(chosen)).first()
        if chosen.isdigit() and len(chosen) < 10
        else None
    )
    scheme = source.framework_version if source is not None else version
    if scheme is None:
        return _bad(request, _new_context(city), _("Choose a framework."))
    existing = _draft_of(city, scheme.framework_id, year)
    if existing is not None and request.POST.get("second_draft") != "yes":
        # Two drafts of one scheme and year are usually a slip (a double click, a forgotten draft): ask first.
        context = _new_context(city)
        context.update(existing=existing, posted=_posted(request))
        return render(request, "assessments/new.html", context)
    if source is not None:
        assessment = start_from(source, kind=kind, year=year, actor=request.user)
        messages.info(request, _("Started from an earlier assessment: every answer is marked until you confirm it."))
        return redirect("assessment", pk=assessment.pk)
    assessment = create_assessment(city, scheme, kind, year, request.user)
    other = _earlier(city, request.POST.get("prefill_from"))
    if other is not None:
        if crosswalk_between(other, assessment) is None:
            messages.warning(request, _("No crosswalk links those two frameworks; nothing was pre-filled."))
        else:
            filled = prefill_from(assessment, other, request.user)
            messages.info(
                request, _("%(count)d answers pre-filled through the crosswalk; confirm each one.") % {"count": filled}
            )
    return redirect("assessment", pk=assessment.pk)


def _new_context(city: City) -> dict[str, Any]:
    """What the form offers: every stored framework version and the city's earlier assessments."""
    return {
        "city": city,
        "versions": list(FrameworkVersion.objects.defer("document").order_by("framework_id", "-version")),
        "latest": {version.pk for version in latest_versions()},
        "kinds": AssessmentKind.choices,
        "earlier": list(
            city.assessments.filter(application__isnull=True)
            .select_related("framework_version")
            .defer("framework_version__document")
            .order_by("-year", "-created_at")
        ),
        "year": _this_year(),
    }


def _earlier(city: City, chosen: str | None) -> Assessment | None:
    """One of the city's own earlier assessments, by the id the form sent (none for another city's)."""
    if not chosen or not chosen.isdigit() or len(chosen) >= 10:
        return None
    return (
        city.assessments.select_related("city", "framework_version")
        .defer("framework_version__document")
        .filter(pk=int(chosen))
        .first()
    )


def _draft_of(city: City, framework_id: str, year: int) -> Assessment | None:
    """The city's own draft of this scheme and year, if it has one (an application's copy is not the city's)."""
    return (
        city.assessments.select_related("framework_version")
        .defer("framework_version__document")
        .filter(state=State.DRAFT, year=year, framework_version__framework_id=framework_id, application__isnull=True)
        .order_by("-created_at")
        .first()
    )


_FIELDS = ("framework_version", "kind", "year", "start_from", "prefill_from")


def _posted(request: HttpRequest) -> dict[str, str]:
    """What the person chose, to be kept on the form and sent again if they confirm."""
    return {field: request.POST.get(field, "")[:20] for field in _FIELDS}


def _bad(request: HttpRequest, context: dict[str, Any], message: str) -> HttpResponse:
    context["error"] = message
    response = render(request, "assessments/new.html", context)
    return HttpResponseBadRequest(response.content)


def _this_year() -> int:
    return timezone.localdate().year
