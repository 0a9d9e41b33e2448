"""Frameworks, their nodes and crosswalks, and scoring a set of responses without saving it: all public,
as the framework library is in the pages."""

from __future__ import annotations

from typing import Any

from django.http import Http404, HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema

from citycert.api.auth import ANYONE
from citycert.api.common import Page, Paging, documented_responses, page
from citycert.api.errors import ApiError
from citycert.assessments.refusals import refusal_text
from citycert.frameworks.describe import framework_summary
from citycert.language import said_in_each_data_language
from citycert.library.models import CrosswalkVersion, FrameworkVersion
from citycert.library.store import version_sort_key
from citycert.scoring import score
from citycert.scoring.model import compile_framework
from citycert.scoring.responses import AnswerRefused, coerce_answer

router = Router(tags=["frameworks"], auth=ANYONE)


class FrameworkOut(Schema):
    id: str
    version: str
    key: str = Field(description="id@version, as the command line and imports name it")
    name: dict[str, str]
    item_count: int
    total_points: float | None
    provenance: str


class NodeOut(Schema):
    id: str
    parent: str | None
    assessable: bool
    type: str | None = Field(description="the kind of answer an item takes; none for areas")
    name: dict[str, str]
    depth: int
    provenance: str
    reference: str | None = None
    tier: str | None = None
    points: float | None = None
    levels: list[dict[str, Any]] | None = None
    unit: dict[str, str] | None = None
    direction: str | None = None
    min: float | None = None
    max: float | None = None
    values: list[bool] | None = None


class FrameworkDetail(FrameworkOut):
    short_name: dict[str, str]
    description: dict[str, str]
    owner: dict[str, str]
    inferred_items: int
    has_pass_rule: bool
    classification: str | None
    validity_years: int | None
    categories: list[dict[str, Any]]


class CrosswalkOut(Schema):
    id: str
    version: str
    source: str
    target: str
    name: dict[str, str]
    mappings: list[dict[str, Any]]


class WhatIfResponse(Schema):
    item: str = Field(max_length=80)
    value: str | float | bool | None = Field(None, description="a level, a number, true/false, or 'NA'")


class ScoreRequest(Schema):
    responses: list[WhatIfResponse] = Field(max_length=5000)
    category: str | None = Field(None, max_length=40, description="a category id of the framework, if it has any")


def _stored(framework_id: str, version: str) -> FrameworkVersion:
    stored = FrameworkVersion.objects.filter(framework_id=framework_id, version=version).first()
    if stored is None:
        raise Http404(_("No framework %(key)s is stored.") % {"key": f"{framework_id}@{version}"})
    return stored


def _summary(stored: FrameworkVersion) -> dict[str, Any]:
    return framework_summary(stored.framework)


@router.get("/frameworks", response=documented_responses(Page[FrameworkOut]), summary="Every stored framework version")
def list_frameworks(request: HttpRequest, paging: Query[Paging]) -> dict[str, Any]:
    stored = sorted(
        FrameworkVersion.objects.all(),
        key=lambda row: (row.framework_id, version_sort_key(row.version)),
    )
    return page(stored, paging, _summary)


@router.get(
    "/frameworks/{framework_id}/{version}",
    response=documented_responses(FrameworkDetail),
    summary="One framework version",
)
def show_framework(request: HttpRequest, framework_id: str, version: str) -> dict[str, Any]:
    return _summary(_stored(framework_id, version))


@router.get(
    "/frameworks/{framework_id}/{version}/nodes",
    response=documented_responses(list[NodeOut]),
    summary="Its areas and items",
)
def framework_nodes(request: HttpRequest, framework_id: str, version: str) -> list[dict[str, Any]]:
    nodes: list[dict[str, Any]] = _summary(_stored(framework_id, version))["nodes"]
    return nodes


@router.get(
    "/crosswalks",
    response=documented_responses(list[CrosswalkOut]),
    tags=["crosswalks"],
    summary="Mappings between frameworks",
)
def list_crosswalks(request: HttpRequest) -> list[dict[str, Any]]:
    out = []
    for stored in CrosswalkVersion.objects.select_related("source", "target").order_by("crosswalk_id", "version"):
        crosswalk = stored.crosswalk
        out.append(
            {
                "id": crosswalk.id,
                "version": crosswalk.version,
                "source": stored.source.key,
                "target": stored.target.key,
                "name": crosswalk.name.model_dump(),
                "mappings": [mapping.model_dump(mode="json") for mapping in crosswalk.mappings],
            }
        )
    return out


@router.post(
    "/frameworks/{framework_id}/{version}/score",
    response=documented_responses(dict[str, Any], writes=True),
    tags=["scoring"],
    summary="Score a set of responses without saving it",
)
def score_responses(request: HttpRequest, framework_id: str, version: str, given: ScoreRequest) -> dict[str, Any]:
    framework = _stored(framework_id, version).framework
    items = compile_framework(framework).item_by_id
    answers = {}
    problems = []
    for row, response in enumerate(given.responses):
        item = items.get(response.item)
        if item is None:
            problems.append(
                {
                    "field": f"body.responses.{row}.item",
                    "message": _("%(item)s is not an item of %(framework)s.")
                    % {"item": response.item, "framework": framework.key},
                }
            )
            continue
        try:
            answer = coerce_answer(item, response.value)
        except AnswerRefused as refused:
            problems.append({"field": f"body.responses.{row}.value", "message": refusal_text(refused)})
            continue
        except ValueError as error:
            problems.append({"field": f"body.responses.{row}.value", "message": str(error)})
            continue
        if answer is not None:
            answers[item.id] = answer
    if problems:
        raise ApiError(
            422,
            "invalid",
            _("%(count)d of the responses are not valid; see details.") % {"count": len(problems)},
            problems,
        )
    if given.category is not None and given.category not in {category.id for category in framework.categories}:
        raise ApiError(
            422,
            "invalid",
            _("%(framework)s has no category %(category)s.") % {"framework": framework.key, "category": given.category},
            [{"field": "body.category"}],
        )
    return score(framework, answers, category=given.category).as_dict(said_in_each_data_language)
