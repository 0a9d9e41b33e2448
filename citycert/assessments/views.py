"""The assessment pages: start one, fill it in item by item with the score beside it, submit it."""

from __future__ import annotations

from typing import Any
from urllib.parse import quote

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from citycert.assessments import scored
from citycert.assessments.choices import AssessmentKind, State
from citycert.assessments.crosswalk_prefill import crosswalk_between, prefill_from
from citycert.assessments.forms import EvidenceForm, NewAssessmentForm, SheetForm
from citycert.assessments.models import Assessment, EvidenceLink, Response
from citycert.assessments.presenter import (
    GAPS_SHOWN,
    ResponseRow,
    lazy_areas,
    response_rows,
    result_for,
    rows_for,
    score_panel,
    sections,
    text,
)
from citycert.assessments.row_html import (
    ITEM_ID_SAFE,
    Labels,
    Refusal,
    closed_area,
    editable_row,
    form_html,
    item_options,
)
from citycert.assessments.workflow import (
    InvalidAnswer,
    ResponseInput,
    StaleRevision,
    TransitionRefused,
    confirm_prefilled,
    create_assessment,
    save_response,
    start_from,
    transition,
)
from citycert.cities.models import City
from citycert.frameworks.describe import tree_order
from citycert.frameworks.schema import Node
from citycert.page_forms import INVALID
from citycert.permissions import (
    assessment_for,
    can_copy_assessment,
    can_edit_assessment,
    can_withdraw_assessment,
    city_for_officer,
    works_on_assessment,
)
from citycert.scoring.model import compile_framework


def _panel_context(assessment: Assessment, responses: list[ResponseRow] | None = None) -> dict[str, Any]:
    framework = assessment.framework_version.framework
    result = result_for(assessment, framework, responses)
    panel = score_panel(assessment, framework, result, steps=GAPS_SHOWN)
    return {"panel": panel, "result": result}


@login_required
def assessment_page(
    request: HttpRequest, pk: int, *, sent: EvidenceForm | SheetForm | None = None, status: int = 200
) -> HttpResponse:
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
    if lazy and scored.keeps(assessment):
        # The result kept for this revision needs no answers: one query reads the shown rows' responses and, to
        # count them, those not yet confirmed elsewhere (a large framework's page shows one area of many).
        shown_items = [node.id for node in nodes if node.assessable]
        responses = response_rows(assessment, shown_items, unconfirmed_too=True)
        context = _panel_context(assessment)
    else:
        # Every response in one query as tuples: the score needs them unless it is kept.
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
            "can_copy": can_copy_assessment(request.user, assessment),
            # An application's frozen copy says so and leads to the application it belongs to.
            "frozen_for": getattr(assessment, "application", None),
            "unconfirmed": sum(1 for response in responses if not response.confirmed),
            "item_options": item_options(framework),
            # The side forms, blank, or the one refused (`sent`) as it was sent, with its errors at its fields.
            "evidence_form": sent if isinstance(sent, EvidenceForm) else EvidenceForm(framework),
            "sheet_form": sent if isinstance(sent, SheetForm) else SheetForm(),
        }
    )
    return render(request, "assessments/assessment.html", context, status=status)


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
    """Save one item from its row; answer with the row and, out of band, the new score panel and revision.

    A refused value comes back as the row with the typed text kept and the reason at the field (422). A page
    out of date (the assessment was submitted, or changed elsewhere, since the page was read at the revision it
    posts) is told so and offered a reload (409): nothing is saved either way."""
    assessment = assessment_for(request.user, pk)
    if not can_edit_assessment(request.user, assessment) and not works_on_assessment(request.user, assessment):
        raise PermissionDenied  # the 403 page explains: locked once submitted, and only its city edits it
    framework = assessment.framework_version.framework
    # The compiled framework's index of its items, not a walk through all its nodes.
    item = compile_framework(framework).item_by_id.get(item_id)
    if item is None:
        raise Http404("no such item")
    node = item.node
    posted = request.POST
    refusal: Refusal | None = None
    saved: Response | ResponseRow | None = None
    stale = not can_edit_assessment(request.user, assessment)
    if not stale:
        given = ResponseInput(
            value=posted.get("value"),
            not_applicable=posted.get("not_applicable") == "on" if "na_present" in posted else None,
            value_year=(posted.get("value_year") or None) if "value_year" in posted else "",
            data_source=posted.get("data_source"),
            data_quality=posted.get("data_quality"),
            justification=posted.get("justification"),
        )
        try:
            if given.value_year not in ("", None) and not str(given.value_year).isdigit():
                raise InvalidAnswer(_("The year of the value must be a year, like 2025."), "value_year")
            saved = save_response(
                assessment, item_id, given, request.user, channel="page", expected_revision=_revision(posted)
            )
        except InvalidAnswer as problem:
            refusal = Refusal(str(problem), problem.field, _typed(posted))
        except (StaleRevision, TransitionRefused):
            stale = True
    if stale:
        assessment.refresh_from_db()
        refusal = Refusal(_stale_message(assessment), "value", _typed(posted), reload=_reload_address(assessment, node))
    context = _panel_context(assessment)
    # The response just saved is the row's as it now stands; only a refused or out-of-date save reads it again.
    responses = [saved] if saved is not None and refusal is None else response_rows(assessment, [item_id])
    row = rows_for(assessment, framework, context["result"], responses, nodes=[node])[0]
    context.update(
        {
            "assessment": assessment,
            "row_html": editable_row(assessment, row, Labels.now(), refusal=refusal),
            "oob": True,
            # An out-of-date page keeps its old revision and score, so that every further change is refused alike.
            "stale": stale,
        }
    )
    response = render(request, "assessments/_item_row_and_panel.html", context)
    if stale:
        response.status_code = 409
    elif refusal is not None:
        response.status_code = 422
    return response


def _revision(posted: QueryDict) -> int | None:
    """The revision the page was read at, when it says (a client without script sends none)."""
    given = posted.get("revision", "")
    return int(given) if given.isdigit() and len(given) < 10 else None


def _typed(posted: QueryDict) -> dict[str, str]:
    """What the person typed into the row, to show it again beside the reason it was refused."""
    fields = ("value", "value_year", "data_source", "data_quality", "justification", "na_present", "not_applicable")
    return {name: posted.get(name, "") for name in fields if name in posted}


def _stale_message(assessment: Assessment) -> str:
    if assessment.state == State.SUBMITTED:
        return _("This assessment was submitted after this page was loaded and is locked: your change was not saved.")
    if assessment.state == State.WITHDRAWN:
        return _("This assessment was withdrawn after this page was loaded and is locked: your change was not saved.")
    return _(
        "This assessment was changed elsewhere (in another tab, or by a colleague) after this page was loaded: your "
        "change was not saved. Reload the page to see the answers as they are now."
    )


def _addresses(assessment: Assessment, nodes: list[Node]) -> list[str]:
    """The assessment page at each item (its area opened, where the page loads areas one by one)."""
    page = reverse("assessment", args=[assessment.pk])
    framework = assessment.framework_version.framework
    area_of: dict[str, str] = {}
    if lazy_areas(framework):
        area_of = {node.id: part[0].id for part in sections(framework) for node in part}
    return [
        page
        + (f"?area={quote(area_of[node.id], safe='')}" if node.id in area_of else "")
        + f"#item-{quote(node.id, safe=ITEM_ID_SAFE)}"
        for node in nodes
    ]


def _reload_address(assessment: Assessment, node: Node) -> str:
    """The page at the item, as it is now. The address names the revision and state it will show: a link to the
    very address the page was loaded from, differing only after the '#', would scroll instead of reloading, and
    the page being out of date means one of the two has changed since."""
    address = _addresses(assessment, [node])[0]
    page, _hash, anchor = address.partition("#")
    joiner = "&" if "?" in page else "?"
    return f"{page}{joiner}at={assessment.revision}-{assessment.state}#{anchor}"


@login_required
def submit(request: HttpRequest, pk: int) -> HttpResponse:
    """Submitting is for good: the page first lists the items left unanswered and those without evidence, each a
    link to its row, then asks to confirm. The confirmation carries the revision it was shown at."""
    assessment = assessment_for(request.user, pk, "submit")
    if request.method == "POST":
        try:
            transition(assessment, State.SUBMITTED, request.user, expected_revision=_revision(request.POST))
        except StaleRevision:
            messages.error(request, _("The assessment changed while you were reviewing it: check the lists again."))
            return redirect("assessment-submit", pk=pk)
        except TransitionRefused as refused:
            messages.error(request, str(refused))
            return redirect("assessment", pk=pk)
        messages.success(request, _("Submitted. The assessment is now locked."))
        return redirect("assessment", pk=pk)
    framework = assessment.framework_version.framework
    answered = {row.item_id for row in response_rows(assessment) if row.value or row.not_applicable}
    supported = set(EvidenceLink.objects.filter(evidence__assessment=assessment).values_list("item_id", flat=True))
    items = [node for node in tree_order(framework) if node.assessable]

    def listed(nodes: list[Node]) -> list[dict[str, str]]:
        addresses = _addresses(assessment, nodes)
        return [
            {"id": node.id, "name": text(node.name), "href": href} for node, href in zip(nodes, addresses, strict=True)
        ]

    unanswered = [node for node in items if node.id not in answered]
    without_evidence = [node for node in items if node.id not in supported]
    return render(
        request,
        "assessments/confirm_submit.html",
        {
            "assessment": assessment,
            "framework": framework,
            "total": len(items),
            "unanswered": listed(unanswered[:LISTED]),
            "unanswered_count": len(unanswered),
            "without_evidence": listed(without_evidence[:LISTED]),
            "without_evidence_count": len(without_evidence),
        },
    )


# A confirmation page names this many items of each list; a larger framework's lists say how many more.
LISTED = 200


@login_required
def withdraw(request: HttpRequest, pk: int) -> HttpResponse:
    """Withdrawing is for good too: the page says what it means, then asks to confirm."""
    assessment = assessment_for(request.user, pk, "withdraw")
    if request.method == "POST":
        try:
            transition(assessment, State.WITHDRAWN, request.user)
        except TransitionRefused as refused:
            messages.error(request, str(refused))
            return redirect("assessment", pk=pk)
        messages.success(request, _("Withdrawn. Its page offers to copy it into a new draft."))
        return redirect("assessment", pk=pk)
    return render(request, "assessments/confirm_withdraw.html", {"assessment": assessment})


@login_required
@require_POST
def copy_withdrawn(request: HttpRequest, pk: int) -> HttpResponse:
    """A withdrawn assessment started again as a new draft with its answers and evidence (each answer marked
    until confirmed), through the same path as starting from an earlier assessment, audited there."""
    source = assessment_for(request.user, pk, "copy")
    copy = start_from(source, kind=source.kind, year=source.year, actor=request.user)
    messages.info(
        request, _("A new draft copied from the withdrawn assessment: every answer is marked until you confirm it.")
    )
    return redirect("assessment", pk=copy.pk)


@login_required
@require_POST
def confirm_all(request: HttpRequest, pk: int) -> HttpResponse:
    """Confirm every pre-filled answer at once, after reading them."""
    assessment = assessment_for(request.user, pk, "edit")
    count = confirm_prefilled(assessment, None, request.user)
    messages.success(request, _("%(count)d pre-filled answers confirmed.") % {"count": count})
    return redirect("assessment", pk=pk)


@login_required
def new_assessment(request: HttpRequest, code: str) -> HttpResponse:
    """Start an assessment: from scratch, from an earlier one, or pre-filled through a crosswalk.

    Starting reads only the framework version and earlier assessments chosen, and no framework document:
    it costs the same however many assessments the city has made and versions are stored."""
    city = city_for_officer(request.user, code)
    if request.method != "POST":
        blank = NewAssessmentForm(city, initial={"year": _this_year()})
        return render(request, "assessments/new.html", _new_context(city, blank))
    form = NewAssessmentForm(city, request.POST)
    if not form.is_valid():
        return render(request, "assessments/new.html", _new_context(city, form), status=INVALID)
    data = form.cleaned_data
    kind, year = AssessmentKind(data["kind"]), data["year"]
    source = data["start_from"]
    scheme = source.framework_version if source is not None else data["framework_version"]
    existing = _draft_of(city, scheme.framework_id, year) if scheme is not None else None
    if existing is not None and request.POST.get("second_draft") != "yes":
        # Two drafts of one scheme and year are usually a slip (a double click, a forgotten draft): ask first.
        context = _new_context(city, form)
        context.update(existing=existing, posted=_posted(request))
        return render(request, "assessments/new.html", context)
    if source is not None:
        assessment = start_from(source, kind=kind, year=year, actor=request.user)
        messages.info(request, _("Started from an earlier assessment: every answer is marked until you confirm it."))
        return redirect("assessment", pk=assessment.pk)
    assessment = create_assessment(city, data["framework_version"], kind, year, request.user)
    other = data["prefill_from"]
    if other is not None:
        if crosswalk_between(other, assessment) is None:
            messages.warning(request, _("No crosswalk links those two frameworks; nothing was pre-filled."))
        else:
            filled = prefill_from(assessment, other, request.user)
            messages.info(
                request, _("%(count)d answers pre-filled through the crosswalk; confirm each one.") % {"count": filled}
            )
    return redirect("assessment", pk=assessment.pk)


def _new_context(city: City, form: NewAssessmentForm) -> dict[str, Any]:
    """The form: every stored framework version and, when the city has any, its earlier assessments."""
    return {"city": city, "form": form, "earlier": city.assessments.exists()}


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


def _this_year() -> int:
    return timezone.localdate().year
