"""Rounds, applications, review sheets and decisions, for the people the certification pages let see them;
certificates and their verification, for anyone."""

from __future__ import annotations

from typing import Any, Literal, cast

from django.conf import settings
from django.contrib.auth.models import User
from django.db import transaction
from django.http import Http404, HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Field, File, Query, Router, Schema, Status
from ninja.files import UploadedFile

from citycert.api.auth import ANYONE, SIGNED_IN
from citycert.api.common import Id, Page, Paging, caller, documented_responses, narrowed, page
from citycert.api.errors import ApiError
from citycert.api.throttles import WRITES
from citycert.assessments.evidence import read_limited
from citycert.assessments.models import Assessment
from citycert.certification import workflow
from citycert.certification.announcement import announce_round
from citycert.certification.choices import ApplicationState, CertificateStatus, Outcome
from citycert.certification.models import Application, Certificate, Round, StageWaiver
from citycert.certification.reconcile import reconcile
from citycert.certification.scheme import deciding_stage, stage_ids
from citycert.certification.verification import verify_pdf
from citycert.permissions import (
    application_for,
    applies_for_cities,
    can_announce,
    can_decide,
    certificate_for,
    may_see_decision,
    reviews,
    runs_certification,
    visible_applications,
    visible_assessments,
    visible_certificates,
    visible_sheets,
)
from citycert.public_address import public_base
from citycert.query_string import Identifier

router = Router(tags=["certification"], auth=SIGNED_IN)
public = Router(tags=["certificates"], auth=ANYONE)


class RoundOut(Schema):
    id: int
    framework: str
    version: str
    year: int
    name: dict[str, str]
    categories: list[str]
    opens_on: str
    closes_on: str
    open_today: bool
    announce_on: str | None
    announced_at: str | None


class ApplicationOut(Schema):
    id: int
    round: int
    city: str
    category: str
    state: str
    assessment: int = Field(description="the frozen copy of the city's assessment the panel reviews")
    decision: dict[str, Any] | None
    certificate: str | None


class ApplyIn(Schema):
    assessment: Id = Field(description="the id of your city's submitted assessment")


class SheetScore(Schema):
    item: str = Field(max_length=80)
    value: str = Field(max_length=40)
    comment: str = Field("", max_length=5000)


class SheetIn(Schema):
    scores: list[SheetScore] = Field(min_length=1, max_length=5000)
    submit: bool = Field(False, description="submit the sheet after saving (every item must be scored)")


class SheetOut(Schema):
    assessor: str
    stage: str
    submitted: bool
    scores: list[dict[str, str]]


class DecisionIn(Schema):
    outcome: Literal[tuple(Outcome.values)]  # type: ignore[valid-type]
    reasons: str = Field(min_length=1, max_length=10_000)
    against_engine_reason: str = Field(
        "",
        max_length=10_000,
        description="needed when the outcome differs from the engine's for the consensus; printed on the letter",
    )


class ConsensusScoreIn(Schema):
    item: str = Field(max_length=80)
    value: str = Field(max_length=40)
    rationale: str = Field(
        "", max_length=5000, description="why; needed where the value lies outside the panel's range"
    )


class ConsensusIn(Schema):
    scores: list[ConsensusScoreIn] = Field(min_length=1, max_length=5000)


class ConsensusRowOut(Schema):
    item: str
    value: str
    rationale: str
    panel_low: str
    panel_high: str
    outside_panel_range: bool


class ConsensusOut(Schema):
    stage: str = Field(description="the deciding stage, whose panel scores the consensus is checked against")
    missing_stages: list[str] = Field(description="what still holds the consensus and the decision up")
    engine_outcome: str
    may_decide: bool = Field(description="whether you may decide it (four eyes)")
    rows: list[ConsensusRowOut]


class WaiverIn(Schema):
    stage: str = Field(max_length=40)
    reason: str = Field(min_length=1, max_length=10_000)


class WaiverAnswerIn(Schema):
    approve: bool
    note: str = Field("", max_length=10_000)


class WaiverOut(Schema):
    id: int
    stage: str
    reason: str
    state: str
    requested_by: str | None
    answered_by: str | None
    note: str


class CertificateOut(Schema):
    number: str
    city: str
    city_name: dict[str, str]
    framework: str
    version: str
    category: str
    grade: str
    issued_on: str
    expires_on: str
    status: str = Field(
        description="today's status: valid, renewal_pending (valid past its expiry while an extension applied for "
        "in time is decided), suspended, withdrawn or expired"
    )
    page: str
    pdf: str


class CertificateFilters(Schema):
    city: Identifier | None = Field(None, max_length=16)
    framework: Identifier | None = Field(None, max_length=64)
    year: int | None = Field(None, ge=2000, le=2100, description="year of issue")
    status: Literal[tuple(CertificateStatus.values)] | None = None  # type: ignore[valid-type]
    order: Literal["-issued_on", "issued_on", "number", "-number"] = "-issued_on"


class VerdictOut(Schema):
    state: str = Field(description="genuine, genuine_not_valid or altered")
    status: str
    message: str
    certificate: str | None


def round_out(round_: Round) -> dict[str, Any]:
    version = round_.framework_version
    return {
        "id": round_.pk,
        "framework": version.framework_id,
        "version": version.version,
        "year": round_.year,
        "name": {"ko": round_.name_ko, "en": round_.name_en},
        "categories": list(round_.categories),
        "opens_on": round_.opens_on.isoformat(),
        "closes_on": round_.closes_on.isoformat(),
        "open_today": round_.is_open(timezone.localdate()),
        "announce_on": round_.announce_on.isoformat() if round_.announce_on else None,
        "announced_at": round_.announced_at.isoformat() if round_.announced_at else None,
    }


def application_out(application: Application, user: Any) -> dict[str, Any]:
    """An application as `user` may read it: its decision only from when they are told of it (the city at the
    round's announcement, or at the decision where the scheme says so)."""
    decided = application.state == ApplicationState.DECIDED and may_see_decision(user, application)
    decision = getattr(application, "decision", None) if decided else None
    certificate = application.certificate if decision is not None else None
    return {
        "id": application.pk,
        "round": application.round_id,
        "city": application.city.code,
        "category": application.category,
        "state": application.state,
        "assessment": application.frozen_id,
        "decision": (
            {
                "outcome": decision.outcome,
                "reasons": decision.reasons,
                "decided_at": decision.decided_at.isoformat(),
                "engine_outcome": decision.engine_outcome,
                "against_engine_reason": decision.against_engine_reason,
                "outside_range": decision.outside_range,
            }
            if decision is not None
            else None
        ),
        "certificate": certificate.number if certificate is not None else None,
    }


def certificate_out(certificate: Certificate, today: Any, base: str) -> dict[str, Any]:
    """A certificate as the API gives it; `base` is the site's public address (citycert.public_address)."""
    version = certificate.framework_version
    return {
        "number": certificate.number,
        "city": certificate.city.code,
        "city_name": {"ko": certificate.city.name_ko, "en": certificate.city.name_en},
        "framework": version.framework_id,
        "version": version.version,
        "category": certificate.category,
        "grade": certificate.grade,
        "issued_on": certificate.issued_on.isoformat(),
        "expires_on": certificate.expires_on.isoformat(),
        # A list annotates each row with the status the database worked out (status_today); reading it again
        # here would cost a query or two per certificate past its expiry (the framework, the renewal).
        "status": getattr(certificate, "status_on_day", None) or certificate.status_on(today),
        "page": f"{base}/certificates/{certificate.number}/",
        "pdf": f"{base}/certificates/{certificate.number}/certificate.pdf",
    }


@router.get("/rounds", response=documented_responses(Page[RoundOut]), summary="Certification rounds")
def list_rounds(request: HttpRequest, paging: Query[Paging]) -> dict[str, Any]:
    rounds = Round.objects.select_related("framework_version").defer("framework_version__document")
    return page(rounds.order_by("-year", "framework_version__framework_id"), paging, round_out)


@router.get("/rounds/{round_id}", response=documented_responses(RoundOut), summary="One round")
def show_round(request: HttpRequest, round_id: Id) -> dict[str, Any]:
    round_ = Round.objects.select_related("framework_version").filter(pk=round_id).first()
    if round_ is None:
        raise Http404(_("No such round."))
    return round_out(round_)


@router.post(
    "/rounds/{round_id}/applications",
    response=documented_responses({201: ApplicationOut}, writes=True),
    summary="Apply with your city's submitted assessment",
    throttle=WRITES,
)
def apply(request: HttpRequest, round_id: Id, given: ApplyIn) -> Status[dict[str, Any]]:
    user = caller(request)
    round_ = Round.objects.select_related("framework_version").filter(pk=round_id).first()
    if round_ is None:
        raise Http404(_("No such round."))
    source = Assessment.objects.filter(visible_assessments(user), pk=given.assessment).select_related("city").first()
    if source is None:
        raise ApiError(
            422,
            "invalid",
            _("You have no assessment %(id)s.") % {"id": given.assessment},
            [{"field": "body.assessment"}],
        )
    if not applies_for_cities(user):
        raise ApiError(403, "forbidden", _("Only a city's officer applies for it."))
    application = workflow.apply(round_, source, user, timezone.localdate())
    return Status(201, application_out(application, user))


@router.get(
    "/applications", response=documented_responses(Page[ApplicationOut]), summary="The applications you may see"
)
def list_applications(
    request: HttpRequest,
    paging: Query[Paging],
    round: Id | None = None,
    state: Literal[tuple(ApplicationState.values)] | None = None,  # type: ignore[valid-type]
) -> dict[str, Any]:
    user = caller(request)
    rows = (
        Application.objects.filter(visible_applications(user))
        .select_related("city", "decision")
        .prefetch_related("certificates")
    )
    rows = narrowed(rows, round_id=round, state=state)
    return page(rows.order_by("-round__year", "city__code"), paging, lambda row: application_out(row, user))


@router.get("/applications/{application_id}", response=documented_responses(ApplicationOut), summary="One application")
def show_application(request: HttpRequest, application_id: Id) -> dict[str, Any]:
    user = caller(request)
    return application_out(application_for(user, application_id), user)


def _stage(application: Application, stage: str) -> str:
    if stage not in stage_ids(application.round.framework_version.framework):
        raise Http404(_("%(stage)s is not a review stage of this scheme.") % {"stage": stage})
    return stage


@router.get(
    "/applications/{application_id}/reviews/{stage}",
    response=documented_responses(list[SheetOut]),
    summary="The review sheets of a stage you may read",
)
def list_sheets(request: HttpRequest, application_id: Id, stage: str) -> list[dict[str, Any]]:
    user = caller(request)
    application = application_for(user, application_id)
    if not (runs_certification(user) or reviews(user, application)):
        raise ApiError(403, "forbidden", _("Only the panel and the certifying body read review sheets."))
    sheets = visible_sheets(user, application, _stage(application, stage))
    return [
        {
            "assessor": sheet.assessor.username,
            "stage": sheet.stage,
            "submitted": sheet.submitted,
            "scores": [
                {"item": score.item_id, "value": score.value, "comment": score.comment}
                for score in sorted(sheet.scores.all(), key=lambda score: score.item_id)
            ],
        }
        for sheet in sheets
    ]


@router.put(
    "/applications/{application_id}/reviews/{stage}",
    response=documented_responses(SheetOut, writes=True),
    summary="Save (and submit) your own scores for a stage",
    throttle=WRITES,
)
def save_sheet(request: HttpRequest, application_id: Id, stage: str, given: SheetIn) -> dict[str, Any]:
    user = caller(request)
    application = application_for(user, application_id, "review")
    sheet = workflow.sheet_for(application, cast(User, user), _stage(application, stage))
    # One transaction: when the submission is refused (already submitted, an item unscored), the 409 means that
    # nothing of the request was saved, as with every other refusal.
    with transaction.atomic():
        workflow.save_scores(sheet, {score.item: (score.value, score.comment) for score in given.scores}, user)
        if given.submit:
            sheet = workflow.submit_sheet(sheet, user)
    sheet.refresh_from_db()
    return {
        "assessor": user.get_username(),
        "stage": sheet.stage,
        "submitted": sheet.submitted,
        "scores": [
            {"item": score.item_id, "value": score.value, "comment": score.comment}
            for score in sheet.scores.order_by("item_id")
        ],
    }


@router.post(
    "/applications/{application_id}/decision",
    response=documented_responses({201: ApplicationOut}, writes=True),
    summary="Decide on the panel's consensus (the certifying body)",
    throttle=WRITES,
)
def decide(request: HttpRequest, application_id: Id, given: DecisionIn) -> Status[dict[str, Any]]:
    user = caller(request)
    application = application_for(user, application_id, "manage")
    workflow.decide(
        application,
        given.outcome,
        given.reasons,
        user,
        timezone.localdate(),
        against_engine_reason=given.against_engine_reason,
    )
    return Status(201, application_out(application_for(user, application_id), user))


@router.post(
    "/rounds/{round_id}/announcement",
    response=documented_responses({201: RoundOut}, writes=True),
    summary="Announce the round's results: its decisions become public (the certifying body)",
    throttle=WRITES,
)
def announce(request: HttpRequest, round_id: Id) -> Status[dict[str, Any]]:
    user = caller(request)
    round_ = Round.objects.select_related("framework_version").filter(pk=round_id).first()
    if round_ is None:
        raise Http404(_("No such round."))
    if not can_announce(user, round_):
        raise ApiError(403, "forbidden", _("Only the certifying body announces a round's results."))
    return Status(201, round_out(announce_round(round_, user)))


def consensus_out(user: Any, application: Application) -> dict[str, Any]:
    framework = application.round.framework_version.framework
    stage = deciding_stage(framework).id
    rows = [row for row in reconcile(application, stage).items if row.consensus]
    has_consensus = bool(rows)
    return {
        "stage": stage,
        "missing_stages": [gap.describe() for gap in workflow.stage_gaps(application)],
        "engine_outcome": workflow.engine_outcome(workflow.consensus_result(application)) if has_consensus else "",
        "may_decide": can_decide(user, application),
        "rows": [
            {
                "item": row.item.id,
                "value": row.consensus,
                "rationale": row.rationale,
                "panel_low": row.low,
                "panel_high": row.high,
                "outside_panel_range": row.outside,
            }
            for row in rows
        ],
    }


@router.get(
    "/applications/{application_id}/consensus",
    response=documented_responses(ConsensusOut),
    summary="The panel's consensus against the panel's range (the certifying body)",
)
def show_consensus(request: HttpRequest, application_id: Id) -> dict[str, Any]:
    user = caller(request)
    return consensus_out(user, application_for(user, application_id, "manage"))


@router.put(
    "/applications/{application_id}/consensus",
    response=documented_responses(ConsensusOut, writes=True),
    summary="Record the panel's consensus (once every required stage is in)",
    throttle=WRITES,
)
def record_consensus(request: HttpRequest, application_id: Id, given: ConsensusIn) -> dict[str, Any]:
    user = caller(request)
    application = application_for(user, application_id, "manage")
    workflow.record_consensus(application, {row.item: (row.value, row.rationale) for row in given.scores}, user)
    return consensus_out(user, application)


def waiver_out(waiver: StageWaiver) -> dict[str, Any]:
    return {
        "id": waiver.pk,
        "stage": waiver.stage,
        "reason": waiver.reason,
        "state": waiver.state,
        "requested_by": waiver.requested_by.get_username() if waiver.requested_by else None,
        "answered_by": waiver.answered_by.get_username() if waiver.answered_by else None,
        "note": waiver.note,
    }


@router.post(
    "/applications/{application_id}/waivers",
    response=documented_responses({201: WaiverOut}, writes=True),
    summary="Ask to decide without a required review stage (a second certifier answers)",
    throttle=WRITES,
)
def request_waiver(request: HttpRequest, application_id: Id, given: WaiverIn) -> Status[dict[str, Any]]:
    user = caller(request)
    application = application_for(user, application_id, "manage")
    return Status(201, waiver_out(workflow.request_waiver(application, given.stage, given.reason, user)))


@router.post(
    "/applications/{application_id}/waivers/{waiver_id}",
    response=documented_responses(WaiverOut, writes=True),
    summary="Approve or decline a waiver (a certifier other than the one who asked)",
    throttle=WRITES,
)
def answer_waiver(request: HttpRequest, application_id: Id, waiver_id: Id, given: WaiverAnswerIn) -> dict[str, Any]:
    user = caller(request)
    application = application_for(user, application_id, "manage")
    waiver = StageWaiver.objects.filter(application=application, pk=waiver_id).first()
    if waiver is None:
        raise Http404(_("No such waiver."))
    return waiver_out(workflow.answer_waiver(waiver, given.approve, user, given.note))


# Before /certificates/{number}, which would otherwise take "verify" for a number.
@public.post(
    "/certificates/verify",
    response=documented_responses(VerdictOut, writes=True),
    summary="Is this certificate PDF genuine, and valid today?",
)
def verify(request: HttpRequest, file: File[UploadedFile]) -> dict[str, Any]:
    data = read_limited(file, settings.EVIDENCE_MAX_BYTES)
    if len(data) > settings.EVIDENCE_MAX_BYTES:
        raise ApiError(
            413,
            "too_large",
            _("A certificate PDF is at most %(bytes)d bytes.") % {"bytes": settings.EVIDENCE_MAX_BYTES},
        )
    verdict = verify_pdf(data, timezone.localdate())
    return {
        "state": verdict.state,
        "status": verdict.status,
        "message": verdict.message,
        "certificate": verdict.certificate.number if verdict.certificate is not None else None,
    }


@public.get(
    "/certificates",
    response=documented_responses(Page[CertificateOut]),
    summary="Issued certificates with today's status",
)
def list_certificates(
    request: HttpRequest, filters: Query[CertificateFilters], paging: Query[Paging]
) -> dict[str, Any]:
    today = timezone.localdate()
    rows = (
        Certificate.objects.filter(visible_certificates(caller(request)))
        .annotate(status_on_day=Certificate.status_today(today))
        .select_related("city", "framework_version")
        .defer("framework_version__document")
        .order_by(filters.order, "number")
    )
    rows = narrowed(
        rows,
        city__code=filters.city,
        framework_version__framework_id=filters.framework,
        issued_on__year=filters.year,
        status_on_day=filters.status,
    )
    base = public_base(request)
    return page(rows, paging, lambda certificate: certificate_out(certificate, today, base))


@public.get(
    "/certificates/{number}",
    response=documented_responses(CertificateOut),
    summary="One certificate with today's status",
)
def show_certificate(request: HttpRequest, number: str) -> dict[str, Any]:
    return certificate_out(certificate_for(caller(request), number), timezone.localdate(), public_base(request))
