"""Appeals against decisions (the city files, the certifying body takes and decides) and complaints (anyone files
one, the certifying body reads, triages and closes them), with the pages' permissions."""

from __future__ import annotations

from typing import Any, Literal

from django.conf import settings
from django.http import Http404, HttpRequest
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Field, File, Form, Query, Router, Schema, Status
from ninja.files import UploadedFile

from citycert.api.auth import ANYONE, SIGNED_IN
from citycert.api.common import Id, Page, Paging, caller, documented_responses, page
from citycert.api.errors import ApiError
from citycert.api.throttles import WRITES
from citycert.appeals import transitions
from citycert.appeals.choices import APPEAL_OUTCOMES, ComplaintAbout, ComplaintState
from citycert.appeals.models import Appeal, Complaint
from citycert.appeals.transitions import Invalid, Upload
from citycert.assessments.evidence import read_limited
from citycert.permissions import (
    application_for,
    can_appeal,
    can_handle_complaint,
    can_read_complaints,
    can_view_appeals,
    runs_certification,
    visible_complaints,
)

router = Router(tags=["appeals and complaints"], auth=SIGNED_IN)


class AppealOut(Schema):
    id: int
    application: int
    state: str = Field(description="filed, in_handling, upheld, overturned or sent_back")
    reasons: str
    filed_at: str
    decision: dict[str, Any] = Field(description="the decision appealed, as it stood when the appeal was filed")
    files: list[dict[str, Any]]
    handler: str | None
    resolution: str
    resolved_at: str | None
    new_outcome: str | None
    certificate_issued: str | None
    certificate_withdrawn: str | None


class AppealDecisionIn(Schema):
    outcome: Literal[tuple(state.value for state in APPEAL_OUTCOMES)]  # type: ignore[valid-type]
    reasons: str = Field(min_length=1, max_length=transitions.MAX_TEXT)


class ComplaintIn(Schema):
    about: Literal[tuple(ComplaintAbout.values)]  # type: ignore[valid-type]
    text: str = Field(min_length=1, max_length=transitions.MAX_TEXT)
    certificate: str = Field("", max_length=40, description="the certificate's number, for a complaint about a city")
    name: str = Field("", max_length=100)
    contact: str = Field("", max_length=200)


class ComplaintReceived(Schema):
    id: int
    state: str
    received_at: str


class ComplaintOut(ComplaintReceived):
    about: str
    certificate: str | None
    text: str
    name: str
    contact: str
    triage: str
    outcome: str


class NoteIn(Schema):
    note: str = Field(min_length=1, max_length=transitions.MAX_TEXT)


def appeal_out(appeal: Appeal) -> dict[str, Any]:
    return {
        "id": appeal.pk,
        "application": appeal.application_id,
        "state": appeal.state,
        "reasons": appeal.reasons,
        "filed_at": appeal.filed_at.isoformat(),
        "decision": {
            "outcome": appeal.decision_outcome,
            "reasons": appeal.decision_reasons,
            "decided_at": appeal.decision_decided_at.isoformat(),
        },
        "files": [
            {"id": file.pk, "name": file.name, "size": file.size, "sha256": file.sha256} for file in appeal.files.all()
        ],
        "handler": appeal.handler.get_username() if appeal.handler else None,
        "resolution": appeal.resolution,
        "resolved_at": appeal.resolved_at.isoformat() if appeal.resolved_at else None,
        "new_outcome": appeal.new_outcome or None,
        "certificate_issued": appeal.certificate_issued or None,
        "certificate_withdrawn": appeal.certificate_withdrawn or None,
    }


def complaint_out(complaint: Complaint) -> dict[str, Any]:
    return {
        "id": complaint.pk,
        "state": complaint.state,
        "received_at": complaint.filed_at.isoformat(),
        "about": complaint.about,
        "certificate": complaint.certificate.number if complaint.certificate else None,
        "text": complaint.text,
        "name": complaint.name,
        "contact": complaint.contact,
        "triage": complaint.triage_note,
        "outcome": complaint.outcome_note,
    }


def _invalid(error: Invalid) -> ApiError:
    return ApiError(422, "invalid", error.message, [{"field": f"body.{error.field}"}])


def _appeal(request: HttpRequest, appeal_id: int) -> Appeal:
    user = caller(request)
    appeal = Appeal.objects.select_related("handler").filter(pk=appeal_id).first()
    if appeal is None:
        raise Http404(_("No such appeal."))
    application = application_for(user, appeal.application_id)
    if not can_view_appeals(user, application):
        raise Http404(_("No such appeal."))
    return appeal


@router.get(
    "/applications/{application_id}/appeals",
    response=documented_responses(list[AppealOut]),
    summary="The appeals against an application's decisions (its city and the certifying body)",
)
def list_appeals(request: HttpRequest, application_id: Id) -> list[dict[str, Any]]:
    user = caller(request)
    application = application_for(user, application_id)
    if not can_view_appeals(user, application):
        raise ApiError(403, "forbidden", _("Only the city and the certifying body read its appeals."))
    appeals = application.appeals.select_related("handler").prefetch_related("files")
    return [appeal_out(appeal) for appeal in appeals]


@router.post(
    "/applications/{application_id}/appeals",
    response=documented_responses({201: AppealOut}, writes=True),
    summary="Appeal the decision on your city's application, with reasons and files (multipart)",
    throttle=WRITES,
)
def file_appeal(
    request: HttpRequest,
    application_id: Id,
    reasons: Form[str],
    files: File[list[UploadedFile]] = None,  # type: ignore[assignment]
) -> Status[dict[str, Any]]:
    user = caller(request)
    application = application_for(user, application_id)
    if not can_appeal(user, application):
        raise ApiError(403, "forbidden", _("Only the city's own officers appeal its decision, once told of it."))
    uploads = [Upload(upload.name or "", read_limited(upload, settings.EVIDENCE_MAX_BYTES)) for upload in (files or [])]
    try:
        appeal = transitions.file_appeal(application, reasons, uploads, user, timezone.localdate())
    except Invalid as error:
        raise _invalid(error) from None
    return Status(201, appeal_out(appeal))


@router.get("/appeals/{appeal_id}", response=documented_responses(AppealOut), summary="One appeal")
def show_appeal(request: HttpRequest, appeal_id: Id) -> dict[str, Any]:
    return appeal_out(_appeal(request, appeal_id))


@router.post(
    "/appeals/{appeal_id}/handling",
    response=documented_responses({201: AppealOut}, writes=True),
    summary="Take an appeal to handle it (a certifier who took no part in the decision)",
    throttle=WRITES,
)
def take_appeal(request: HttpRequest, appeal_id: Id) -> Status[dict[str, Any]]:
    user = caller(request)
    appeal = _appeal(request, appeal_id)
    if not runs_certification(user):
        raise ApiError(403, "forbidden", _("Appeals are handled by the certifying body."))
    return Status(201, appeal_out(transitions.take_appeal(appeal, user, timezone.localdate())))


@router.post(
    "/appeals/{appeal_id}/outcome",
    response=documented_responses({201: AppealOut}, writes=True),
    summary="Decide an appeal you handle: upheld, overturned or sent_back",
    throttle=WRITES,
)
def decide_appeal(request: HttpRequest, appeal_id: Id, given: AppealDecisionIn) -> Status[dict[str, Any]]:
    user = caller(request)
    appeal = _appeal(request, appeal_id)
    if not runs_certification(user):
        raise ApiError(403, "forbidden", _("Appeals are handled by the certifying body."))
    try:
        decided = transitions.decide_appeal(appeal, given.outcome, given.reasons, user, timezone.localdate())
    except Invalid as error:
        raise _invalid(error) from None
    return Status(201, appeal_out(decided))


@router.post(
    "/complaints",
    auth=ANYONE,
    response=documented_responses({201: ComplaintReceived}, writes=True),
    summary="Complain about a certified city or the certifying body's conduct (anyone)",
    throttle=WRITES,
)
def file_complaint(request: HttpRequest, given: ComplaintIn) -> Status[dict[str, Any]]:
    try:
        complaint = transitions.file_complaint(
            given.about,
            given.text,
            caller(request),
            certificate_number=given.certificate,
            name=given.name,
            contact=given.contact,
        )
    except Invalid as error:
        raise _invalid(error) from None
    return Status(201, {"id": complaint.pk, "state": complaint.state, "received_at": complaint.filed_at.isoformat()})


@router.get(
    "/complaints",
    response=documented_responses(Page[ComplaintOut]),
    summary="Complaints received (the certifying body)",
)
def list_complaints(
    request: HttpRequest,
    paging: Query[Paging],
    state: Literal[tuple(ComplaintState.values)] | None = None,  # type: ignore[valid-type]
) -> dict[str, Any]:
    if not can_read_complaints(caller(request)):
        raise ApiError(403, "forbidden", _("Only the certifying body reads complaints."))
    rows = Complaint.objects.filter(visible_complaints(caller(request))).select_related("certificate")
    if state:
        rows = rows.filter(state=state)
    return page(rows, paging, complaint_out)


def _move(request: HttpRequest, complaint_id: int, to_state: str, note: str) -> dict[str, Any]:
    user = caller(request)
    if not can_handle_complaint(user):
        raise ApiError(403, "forbidden", _("Only the certifying body handles complaints."))
    complaint = get_object_or_404(Complaint.objects.filter(visible_complaints(user)), pk=complaint_id)
    try:
        return complaint_out(transitions.move_complaint(complaint, to_state, note, user))
    except Invalid as error:
        raise _invalid(error) from None


@router.post(
    "/complaints/{complaint_id}/triage",
    response=documented_responses({201: ComplaintOut}, writes=True),
    summary="Record a complaint's triage",
    throttle=WRITES,
)
def triage_complaint(request: HttpRequest, complaint_id: Id, given: NoteIn) -> Status[dict[str, Any]]:
    return Status(201, _move(request, complaint_id, ComplaintState.TRIAGED, given.note))


@router.post(
    "/complaints/{complaint_id}/closure",
    response=documented_responses({201: ComplaintOut}, writes=True),
    summary="Close a complaint with its outcome",
    throttle=WRITES,
)
def close_complaint(request: HttpRequest, complaint_id: Id, given: NoteIn) -> Status[dict[str, Any]]:
    return Status(201, _move(request, complaint_id, ComplaintState.CLOSED, given.note))
