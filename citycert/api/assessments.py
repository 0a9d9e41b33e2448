"""Assessments and their responses, for the people the pages let see and change them.

Updates carry the ETag they read in If-Match: of two clients changing the same assessment, the late one gets
412 and nothing of its change is saved. An update without If-Match is refused with 428, so that no client
overwrites another's work by forgetting it.
"""

from __future__ import annotations

import json
from datetime import date
from typing import Any, Literal

from django.conf import settings
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja import Field, File, Form, Query, Router, Schema, Status
from ninja.files import UploadedFile
from ninja.responses import NinjaJSONEncoder

from citycert.api.auth import SIGNED_IN
from citycert.api.common import Id, Page, Paging, ReadableJSON, caller, documented_responses, narrowed, page
from citycert.api.errors import ApiError
from citycert.api.throttles import WRITES
from citycert.assessments.choices import AssessmentKind, DataQuality, State
from citycert.assessments.evidence import add_evidence, read_limited
from citycert.assessments.models import Assessment
from citycert.assessments.presenter import result_json
from citycert.assessments.workflow import (
    InvalidAnswer,
    ResponseInput,
    StaleRevision,
    clean_response,
    create_assessment,
    save_responses,
    transition,
)
from citycert.cities.models import City
from citycert.library.store import UnknownFramework, find_version
from citycert.permissions import assessment_for, can_start_assessment, visible_assessments
from citycert.query_string import Identifier

router = Router(tags=["assessments"], auth=SIGNED_IN)

MAX_CHANGES = 5000


class AssessmentOut(Schema):
    id: int
    city: str
    framework: str
    version: str
    kind: str
    year: int
    state: str
    title: str
    revision: int
    etag: str
    updated_at: str


class AssessmentDetail(AssessmentOut):
    result: dict[str, Any]


class AssessmentIn(Schema):
    city: str = Field(max_length=16, description="the city's administrative code")
    framework: str = Field(max_length=100, description="a framework id (its latest version) or id@version")
    kind: Literal[tuple(AssessmentKind.values)] = AssessmentKind.SELF_ASSESSMENT  # type: ignore[valid-type]
    year: int = Field(ge=2000, le=2100)
    title: str = Field("", max_length=200)


class AssessmentFilters(Schema):
    city: Identifier | None = Field(None, max_length=16)
    framework: Identifier | None = Field(None, max_length=64)
    state: Literal[tuple(State.values)] | None = None  # type: ignore[valid-type]
    year: int | None = Field(None, ge=2000, le=2100)
    order: Literal["-updated_at", "updated_at", "year", "-year", "id", "-id"] = "-updated_at"


class ResponseOut(Schema):
    item: str
    value: str
    not_applicable: bool
    value_year: int | None
    data_source: str
    data_quality: str
    justification: str
    confirmed: bool


class ResponseChange(Schema):
    item: str = Field(max_length=80)
    value: str | float | bool | None = Field(None, description="a level, a number, true/false; null leaves it")
    not_applicable: bool | None = None
    value_year: int | None = Field(None, ge=1900, le=2100)
    data_source: str | None = Field(None, max_length=300)
    data_quality: Literal[tuple(DataQuality.values)] | None = None  # type: ignore[valid-type]
    justification: str | None = Field(None, max_length=5000)


class ResponsesIn(Schema):
    responses: list[ResponseChange] = Field(min_length=1, max_length=MAX_CHANGES)


class Saved(Schema):
    saved: int
    revision: int
    etag: str
    result: dict[str, Any]


class EvidenceOut(Schema):
    id: int
    title: str
    items: list[str]
    file_name: str
    url: str


def etag(assessment: Assessment) -> str:
    return f'"assessment-{assessment.pk}-r{assessment.revision}-{assessment.state}"'


def _expected_revision(request: HttpRequest, assessment: Assessment, required: bool) -> int | None:
    """The revision the caller last read, from If-Match; 428 when it is required and missing, 412 when stale."""
    given = request.headers.get("If-Match", "").strip()
    if not given:
        if required:
            raise ApiError(
                428,
                "precondition_required",
                _("Send the ETag you last read in If-Match, so that no one else's change is overwritten."),
                {"etag": etag(assessment)},
            )
        return None
    if given == "*":
        return None
    tags = [tag.strip().removeprefix("W/") for tag in given.split(",")]
    if etag(assessment) not in tags:
        raise _stale(assessment)
    return assessment.revision


def _stale(assessment: Assessment) -> ApiError:
    assessment.refresh_from_db()
    return ApiError(
        412,
        "precondition_failed",
        _("The assessment changed since you read it; read it again and reapply your change. Nothing was saved."),
        {"etag": etag(assessment), "revision": assessment.revision},
    )


def assessment_out(assessment: Assessment) -> dict[str, Any]:
    version = assessment.framework_version
    return {
        "id": assessment.pk,
        "city": assessment.city.code,
        "framework": version.framework_id,
        "version": version.version,
        "kind": assessment.kind,
        "year": assessment.year,
        "state": assessment.state,
        "title": assessment.title,
        "revision": assessment.revision,
        "etag": etag(assessment),
        "updated_at": assessment.updated_at.isoformat(),
    }


def _detail(assessment: Assessment, status: int = 200, *, new: bool = False) -> HttpResponse:
    """AssessmentDetail's JSON, with its ETag."""
    return _with_result(assessment_out(assessment), assessment, status, new=new)


def _with_result(
    fields: dict[str, Any], assessment: Assessment, status: int = 200, *, new: bool = False
) -> HttpResponse:
    """`fields` and the assessment's result as JSON, with its ETag. The result (for a large framework, mostly its
    gap plan) is encoded once per revision and set into the reply as it is, rather than checked and encoded
    again on every read: it is the same document each time."""
    head = json.dumps(fields, cls=NinjaJSONEncoder, **ReadableJSON.json_dumps_params).encode()
    result = result_json(assessment, assessment.framework_version.framework, new=new)
    body = head[:-1] + b', "result": ' + result + b"}"
    response = HttpResponse(body, status=status, content_type=ReadableJSON.media_type)
    response["ETag"] = etag(assessment)
    return response


@router.get("/assessments", response=documented_responses(Page[AssessmentOut]), summary="The assessments you may see")
def list_assessments(request: HttpRequest, filters: Query[AssessmentFilters], paging: Query[Paging]) -> dict[str, Any]:
    rows = (
        Assessment.objects.filter(visible_assessments(caller(request)))
        .select_related("city", "framework_version")
        .defer("framework_version__document")
        .order_by(filters.order, "id")
    )
    rows = narrowed(
        rows,
        city__code=filters.city,
        framework_version__framework_id=filters.framework,
        state=filters.state,
        year=filters.year,
    )
    return page(rows, paging, assessment_out)


@router.post(
    "/assessments",
    response=documented_responses({201: AssessmentDetail}, writes=True),
    summary="Start a draft for your city",
    throttle=WRITES,
)
def start_assessment(request: HttpRequest, given: AssessmentIn) -> HttpResponse:
    user = caller(request)
    city = City.objects.filter(code=given.city).first()
    if city is None:
        raise ApiError(
            422, "invalid", _("No city has the code %(code)s.") % {"code": given.city}, [{"field": "body.city"}]
        )
    if not can_start_assessment(user, city):
        raise ApiError(
            403, "forbidden", _("You do not work for %(city)s and cannot start its assessments.") % {"city": city.code}
        )
    try:
        version = find_version(given.framework)
    except UnknownFramework as error:
        raise ApiError(422, "invalid", str(error).strip("'\""), [{"field": "body.framework"}]) from None
    assessment = create_assessment(city, version, given.kind, given.year, user, title=given.title)
    return _detail(assessment_for(user, assessment.pk), 201, new=True)


@router.get(
    "/assessments/{assessment_id}",
    response=documented_responses(AssessmentDetail),
    summary="One assessment, scored now",
)
def show_assessment(request: HttpRequest, assessment_id: Id) -> HttpResponse:
    return _detail(assessment_for(caller(request), assessment_id))


@router.get(
    "/assessments/{assessment_id}/responses", response=documented_responses(list[ResponseOut]), summary="Its answers"
)
def list_responses(request: HttpRequest, assessment_id: Id, response: HttpResponse) -> list[dict[str, Any]]:
    assessment = assessment_for(caller(request), assessment_id)
    response["ETag"] = etag(assessment)
    return [
        {
            "item": row.item_id,
            "value": row.value,
            "not_applicable": row.not_applicable,
            "value_year": row.value_year,
            "data_source": row.data_source,
            "data_quality": row.data_quality,
            "justification": row.justification,
            "confirmed": row.confirmed,
        }
        for row in assessment.responses.order_by("item_id")
    ]


@router.patch(
    "/assessments/{assessment_id}/responses",
    response=documented_responses(Saved, writes=True),
    summary="Change many answers at once (If-Match required)",
    throttle=WRITES,
)
def change_responses(request: HttpRequest, assessment_id: Id, given: ResponsesIn) -> HttpResponse:
    user = caller(request)
    assessment = assessment_for(user, assessment_id, "edit")
    expected = _expected_revision(request, assessment, required=True)
    changes: dict[str, dict[str, Any]] = {}
    problems = []
    for row, change in enumerate(given.responses):
        if change.item in changes:
            problems.append(
                {
                    "field": f"body.responses.{row}.item",
                    "message": _("%(item)s is given twice.") % {"item": change.item},
                }
            )
            continue
        value = change.value
        text = None if value is None else ("true" if value is True else "false" if value is False else str(value))
        fields = change.model_dump(exclude_unset=True, exclude={"item", "value"})
        try:
            changes[change.item] = clean_response(assessment, change.item, ResponseInput(value=text, **fields))
        except InvalidAnswer as error:
            problem = {"field": f"body.responses.{row}", "item": change.item, "message": str(error)}
            if error.code:  # which rule refused it, whatever the language of the message
                problem["rule"] = error.code
            problems.append(problem)
    if problems:
        raise ApiError(
            422,
            "invalid",
            _("%(count)d of the changes are not valid; nothing was saved.") % {"count": len(problems)},
            problems,
        )
    try:
        saved = save_responses(assessment, changes, user, channel="api", expected_revision=expected)
    except StaleRevision:
        raise _stale(assessment) from None
    assessment.refresh_from_db()
    return _with_result({"saved": len(saved), "revision": assessment.revision, "etag": etag(assessment)}, assessment)


@router.post(
    "/assessments/{assessment_id}/submit",
    response=documented_responses(AssessmentOut, writes=True),
    summary="Submit a draft (If-Match honoured)",
    throttle=WRITES,
)
def submit(request: HttpRequest, assessment_id: Id, response: HttpResponse) -> dict[str, Any]:
    user = caller(request)
    assessment = assessment_for(user, assessment_id, "submit")
    expected = _expected_revision(request, assessment, required=False)
    try:
        submitted = transition(assessment, State.SUBMITTED, user, expected_revision=expected)
    except StaleRevision:
        raise _stale(assessment) from None
    response["ETag"] = etag(submitted)
    return assessment_out(submitted)


@router.post(
    "/assessments/{assessment_id}/evidence",
    response=documented_responses({201: EvidenceOut}, writes=True),
    summary="Add a file or a link as evidence for items",
    throttle=WRITES,
)
def upload_evidence(
    request: HttpRequest,
    assessment_id: Id,
    title: Form[str],
    items: Form[list[str]],
    url: Form[str] = "",
    effective_from: Form[date | None] = None,
    expires_on: Form[date | None] = None,
    file: File[UploadedFile | None] = None,
) -> Status[dict[str, Any]]:
    user = caller(request)
    assessment = assessment_for(user, assessment_id, "edit")
    data = read_limited(file, settings.EVIDENCE_MAX_BYTES) if file is not None else None
    with transaction.atomic():
        evidence = add_evidence(
            assessment,
            title=title,
            item_ids=items,
            actor=user,
            file_name=file.name or "" if file is not None else "",
            data=data,
            url=url.strip(),
            effective_from=effective_from,
            expires_on=expires_on,
        )
    return Status(
        201,
        {
            "id": evidence.pk,
            "title": evidence.title,
            "items": sorted(evidence.links.values_list("item_id", flat=True)),
            "file_name": evidence.file_name,
            "url": evidence.url,
        },
    )
