"""The appeal pages (the city files, the certifying body takes and decides) and the complaint pages (anyone
files one; the certifying body lists, triages and closes them)."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.cache import cache
from django.core.exceptions import PermissionDenied
from django.core.files.storage import default_storage
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from citycert.accounts.login_throttle import client_address
from citycert.appeals import transitions
from citycert.appeals.choices import APPEAL_OUTCOMES, AppealState, ComplaintAbout, ComplaintState
from citycert.appeals.models import Appeal, AppealFile, Complaint
from citycert.appeals.transitions import Invalid, Upload
from citycert.assessments.evidence import read_limited
from citycert.certification.models import Decision
from citycert.certification.workflow import Refused
from citycert.permissions import (
    application_for,
    can_appeal,
    can_handle_complaint,
    can_read_complaints,
    can_view_appeals,
    runs_certification,
)

# A visitor may send this many complaints an hour from one address: enough for anyone, too few to flood the body.
COMPLAINTS_PER_HOUR = 5


def today() -> date:
    return timezone.localdate()


# ---------------------------------------------------------------------------------------------- appeals


@login_required
def file_appeal(request: HttpRequest, pk: int) -> HttpResponse:
    """The city's officer appeals the decision on its application: reasons and files, before the deadline."""
    application = application_for(request.user, pk)
    if not can_appeal(request.user, application):
        raise PermissionDenied(_("Only the city's own officers appeal its decision, once told of it."))
    decision: Decision = application.decision
    context: dict[str, Any] = {
        "application": application,
        "decision": decision,
        "closes_on": transitions.appeal_closes_on(application, decision),
        "reasons": "",
    }
    if request.method != "POST":
        # Past the window the page says so at once, with no form to fill in for nothing.
        closed = today() > context["closes_on"]
        return render(request, "appeals/file.html", {**context, "closed": closed}, status=409 if closed else 200)
    context["reasons"] = request.POST.get("reasons", "")
    uploads = [
        Upload(upload.name or "", read_limited(upload, _largest()))
        for upload in request.FILES.getlist("files")
        if upload.size
    ]
    try:
        appeal = transitions.file_appeal(application, context["reasons"], uploads, request.user, today())
    except Invalid as error:
        return render(request, "appeals/file.html", {**context, "error": error.message}, status=400)
    except Refused as error:
        return render(request, "appeals/file.html", {**context, "error": str(error)}, status=409)
    messages.success(request, _("Appeal filed. A certifier who took no part in the decision will handle it."))
    return redirect("appeal", pk=appeal.pk)


def _largest() -> int:
    return int(settings.EVIDENCE_MAX_BYTES)


def _appeal_for(request: HttpRequest, pk: int) -> Appeal:
    appeal = get_object_or_404(
        Appeal.objects.select_related("application__round__framework_version", "application__city", "handler"), pk=pk
    )
    application = application_for(request.user, appeal.application_id)
    if not can_view_appeals(request.user, application):
        raise Http404(_("No such appeal."))
    appeal.application = application
    return appeal


@login_required
def appeal_page(request: HttpRequest, pk: int) -> HttpResponse:
    return _appeal_page(request, _appeal_for(request, pk))


def _appeal_page(request: HttpRequest, appeal: Appeal, status: int = 200, **extra: Any) -> HttpResponse:
    user = request.user
    body = runs_certification(user)
    context: dict[str, Any] = {
        "appeal": appeal,
        "application": appeal.application,
        "files": appeal.files.all(),
        "body": body,
        "outcomes": [(state.value, state.label) for state in APPEAL_OUTCOMES],
        "chosen": "",
        "resolution": "",
        **extra,
    }
    if body and appeal.is_open:
        handlers = transitions.possible_handlers(appeal.application)
        context["handlers"] = handlers
        context["why_not"] = transitions.part_reason(user, appeal.application)
        context["nobody"] = transitions.nobody_may_handle() if not handlers else ""
        context["may_take"] = appeal.state == AppealState.FILED and not context["why_not"]
        context["may_decide"] = appeal.state == AppealState.IN_HANDLING and appeal.handler_id == user.pk
    return render(request, "appeals/appeal.html", context, status=status)


@login_required
@require_POST
def take_appeal(request: HttpRequest, pk: int) -> HttpResponse:
    appeal = _appeal_for(request, pk)
    if not runs_certification(request.user):
        raise PermissionDenied(_("Appeals are handled by the certifying body."))
    try:
        transitions.take_appeal(appeal, request.user, today())
    except Refused as error:
        return _appeal_page(request, appeal, 409, error=str(error))
    messages.success(request, _("You are handling this appeal."))
    return redirect("appeal", pk=pk)


@login_required
@require_POST
def decide_appeal(request: HttpRequest, pk: int) -> HttpResponse:
    appeal = _appeal_for(request, pk)
    if not runs_certification(request.user):
        raise PermissionDenied(_("Appeals are handled by the certifying body."))
    outcome, reasons = request.POST.get("outcome", ""), request.POST.get("resolution", "")
    try:
        transitions.decide_appeal(appeal, outcome, reasons, request.user, today())
    except Invalid as error:
        return _appeal_page(request, appeal, 400, error=error.message, chosen=outcome, resolution=reasons)
    except Refused as error:
        return _appeal_page(request, appeal, 409, error=str(error), chosen=outcome, resolution=reasons)
    messages.success(request, _("The appeal is decided."))
    return redirect("appeal", pk=pk)


@login_required
def appeal_file(request: HttpRequest, pk: int, file_id: int) -> FileResponse:
    appeal = _appeal_for(request, pk)
    stored = get_object_or_404(AppealFile, pk=file_id, appeal=appeal)
    response = FileResponse(
        default_storage.open(stored.stored_as, "rb"), as_attachment=True, filename=stored.name, content_type=stored.mime
    )
    return response


# ---------------------------------------------------------------------------------------------- complaints


def new_complaint(request: HttpRequest) -> HttpResponse:
    """Anyone, signed in or not, complains about a certified city or about the certifying body's conduct."""
    posted = request.POST if request.method == "POST" else None
    given = {
        "about": (posted or request.GET).get("about", ComplaintAbout.CITY if request.GET.get("certificate") else ""),
        "certificate": (posted or request.GET).get("certificate", ""),
        "text": posted.get("text", "") if posted else "",
        "name": posted.get("name", "") if posted else "",
        "contact": posted.get("contact", "") if posted else "",
    }
    context: dict[str, Any] = {"given": given, "abouts": ComplaintAbout.choices}
    if posted is None:
        return render(request, "appeals/complaint_new.html", context)
    if _too_many_complaints(request):
        context["error"] = _("Too many complaints from your address in the last hour; try again later.")
        return render(request, "appeals/complaint_new.html", context, status=429)
    try:
        complaint = transitions.file_complaint(
            given["about"],
            given["text"],
            request.user,
            certificate_number=given["certificate"],
            name=given["name"],
            contact=given["contact"],
        )
    except Invalid as error:
        context.update(error=error.message, field=error.field)
        return render(request, "appeals/complaint_new.html", context, status=400)
    return render(request, "appeals/complaint_received.html", {"complaint": complaint}, status=201)


def _too_many_complaints(request: HttpRequest) -> bool:
    """Counted in the shared cache per address for an hour from the first; the sixth within it is refused."""
    key = f"complaints:{client_address(request) or '-'}"
    cache.add(key, 0, 3600)
    try:
        count = cache.incr(key)
    except ValueError:  # the count expired between add and incr
        cache.set(key, 1, 3600)
        count = 1
    return count > COMPLAINTS_PER_HOUR


@login_required
def complaint_list(request: HttpRequest) -> HttpResponse:
    if not can_read_complaints(request.user):
        raise PermissionDenied(_("For the certifying body only."))
    complaints = Complaint.objects.select_related("certificate__city")
    state = request.GET.get("state", "")
    if state in ComplaintState.values:
        complaints = complaints.filter(state=state)
    context = {"complaints": complaints, "states": ComplaintState.choices, "state": state}
    return render(request, "appeals/complaints.html", context)


@login_required
def complaint_page(request: HttpRequest, pk: int) -> HttpResponse:
    if not can_read_complaints(request.user):
        raise PermissionDenied(_("For the certifying body only."))
    complaint = get_object_or_404(Complaint.objects.select_related("certificate__city"), pk=pk)
    context: dict[str, Any] = {"complaint": complaint, "note": ""}
    if request.method != "POST":
        return render(request, "appeals/complaint.html", context)
    if not can_handle_complaint(request.user):
        raise PermissionDenied(_("For the certifying body only."))
    to_state = request.POST.get("to", "")
    note = request.POST.get("note", "")
    try:
        if to_state not in (ComplaintState.TRIAGED, ComplaintState.CLOSED):
            raise Invalid("to", _("Choose to triage or to close the complaint."))
        transitions.move_complaint(complaint, to_state, note, request.user)
    except Invalid as error:
        return render(request, "appeals/complaint.html", {**context, "error": error.message, "note": note}, status=400)
    except Refused as error:
        return render(request, "appeals/complaint.html", {**context, "error": str(error), "note": note}, status=409)
    messages.success(request, _("Complaint updated."))
    return redirect("complaint", pk=pk)
