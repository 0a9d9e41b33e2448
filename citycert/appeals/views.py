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
from citycert.appeals.choices import AppealState, ComplaintAbout, ComplaintState
from citycert.appeals.forms import AppealDecisionForm, AppealForm, ComplaintForm, ComplaintMoveForm, put
from citycert.appeals.models import Appeal, AppealFile, Complaint
from citycert.appeals.transitions import Invalid, Upload
from citycert.assessments.evidence import read_limited
from citycert.certification.models import Decision
from citycert.certification.workflow import Refused
from citycert.page_forms import INVALID, REFUSED_BY_RULE
from citycert.permissions import (
    application_for,
    can_appeal,
    can_handle_complaint,
    can_read_complaints,
    can_view_appeals,
    decides_appeal,
    manages,
    runs_certification,
    visible_complaints,
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
    }
    if request.method != "POST":
        # Past the window the page says so at once, with no form to fill in for nothing.
        closed = today() > context["closes_on"]
        context.update(closed=closed, form=AppealForm())
        return render(request, "appeals/file.html", context, status=409 if closed else 200)
    form = AppealForm(request.POST, request.FILES)
    context["form"] = form
    if not form.is_valid():
        form.choose_again("files", [upload.name or "" for upload in request.FILES.getlist("files")])
        return render(request, "appeals/file.html", context, status=INVALID)
    uploads = [
        Upload(upload.name or "", read_limited(upload, _largest()))
        for upload in form.cleaned_data["files"]
        if upload.size
    ]
    try:
        appeal = transitions.file_appeal(application, form.cleaned_data["reasons"], uploads, request.user, today())
    except Invalid as error:
        put(form, error)
        status = INVALID
    except Refused as error:
        form.add_error(None, str(error))
        status = REFUSED_BY_RULE
    else:
        messages.success(request, _("Appeal filed. A certifier who took no part in the decision will handle it."))
        return redirect("appeal", pk=appeal.pk)
    form.choose_again("files", [upload.name for upload in uploads])
    return render(request, "appeals/file.html", context, status=status)


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
    body = manages(user, appeal.application)
    context: dict[str, Any] = {
        "appeal": appeal,
        "application": appeal.application,
        "files": appeal.files.all(),
        "body": body,
        **extra,
    }
    context.setdefault("decision_form", AppealDecisionForm())
    if body and appeal.is_open:
        handlers = transitions.possible_handlers(appeal.application)
        context["handlers"] = handlers
        context["why_not"] = transitions.part_reason(user, appeal.application)
        context["nobody"] = transitions.nobody_may_handle() if not handlers else ""
        context["may_take"] = appeal.state == AppealState.FILED and not context["why_not"]
        context["may_decide"] = appeal.state == AppealState.IN_HANDLING and decides_appeal(user, appeal)
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
    form = AppealDecisionForm(request.POST)
    if not form.is_valid():
        return _appeal_page(request, appeal, INVALID, decision_form=form)
    try:
        transitions.decide_appeal(
            appeal, form.cleaned_data["outcome"], form.cleaned_data["resolution"], request.user, today()
        )
    except Invalid as error:
        put(form, error, {"reasons": "resolution"})
        return _appeal_page(request, appeal, INVALID, decision_form=form)
    except Refused as error:
        # Said above the page: the refusal may be that this person no longer decides it, and then no form is shown.
        return _appeal_page(request, appeal, REFUSED_BY_RULE, decision_form=form, error=str(error))
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
    if request.method != "POST":
        given = {
            "about": request.GET.get("about", ComplaintAbout.CITY if request.GET.get("certificate") else ""),
            "certificate": request.GET.get("certificate", ""),
        }
        return render(request, "appeals/complaint_new.html", {"form": ComplaintForm(initial=given)})
    form = ComplaintForm(request.POST)
    context: dict[str, Any] = {"form": form}
    if _too_many_complaints(request):
        form.add_error(None, _("Too many complaints from your address in the last hour; try again later."))
        return render(request, "appeals/complaint_new.html", context, status=429)
    if not form.is_valid():
        return render(request, "appeals/complaint_new.html", context, status=INVALID)
    data = form.cleaned_data
    try:
        complaint = transitions.file_complaint(
            data["about"],
            data["text"],
            request.user,
            certificate_number=data["certificate"],
            name=data["name"],
            contact=data["contact"],
        )
    except Invalid as error:
        put(form, error)
        return render(request, "appeals/complaint_new.html", context, status=INVALID)
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
    complaints = Complaint.objects.filter(visible_complaints(request.user)).select_related("certificate__city")
    state = request.GET.get("state", "")
    if state in ComplaintState.values:
        complaints = complaints.filter(state=state)
    context = {"complaints": complaints, "states": ComplaintState.choices, "state": state}
    return render(request, "appeals/complaints.html", context)


@login_required
def complaint_page(request: HttpRequest, pk: int) -> HttpResponse:
    if not can_read_complaints(request.user):
        raise PermissionDenied(_("For the certifying body only."))
    complaint = get_object_or_404(
        Complaint.objects.filter(visible_complaints(request.user)).select_related("certificate__city"), pk=pk
    )
    if request.method != "POST":
        return render(
            request, "appeals/complaint.html", {"complaint": complaint, "form": ComplaintMoveForm(complaint.state)}
        )
    if not can_handle_complaint(request.user):
        raise PermissionDenied(_("For the certifying body only."))
    form = ComplaintMoveForm(complaint.state, request.POST)
    context = {"complaint": complaint, "form": form}
    if not form.is_valid():
        return render(request, "appeals/complaint.html", context, status=INVALID)
    try:
        transitions.move_complaint(complaint, form.cleaned_data["to"], form.cleaned_data["note"], request.user)
    except Invalid as error:
        put(form, error)
        return render(request, "appeals/complaint.html", context, status=INVALID)
    except Refused as error:
        form.add_error(None, str(error))
        return render(request, "appeals/complaint.html", context, status=REFUSED_BY_RULE)
    messages.success(request, _("Complaint updated."))
    return redirect("complaint", pk=pk)
