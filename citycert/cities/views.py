"""A person's start page and a city's workspace: its assessments side by side, its smart services."""

from __future__ import annotations

from collections import defaultdict
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from citycert.assessments.models import Assessment
from citycert.assessments.presenter import against_the_bar, result_for, text
from citycert.certification.models import Application
from citycert.cities.models import City
from citycert.frameworks.describe import top_areas
from citycert.frameworks.points import number
from citycert.inbox import cached_tasks
from citycert.library.store import latest_versions
from citycert.permissions import city_for_officer, officer_city_ids, runs_certification, visible_assessments


@login_required
def my_page(request: HttpRequest) -> HttpResponse:
    """Where each person starts: every open task with its due date (citycert.inbox), a city officer's cities,
    and for the certifying body the submitted assessments."""
    cities = City.objects.filter(id__in=officer_city_ids(request.user)).select_related("parent")
    submitted: list[Assessment] = []
    if runs_certification(request.user):
        submitted = list(
            Assessment.objects.filter(visible_assessments(request.user))
            .exclude(state="draft")
            .select_related("city", "framework_version")[:200]
        )
    context = {
        "tasks": cached_tasks(request),
        "today": timezone.localdate(),
        "cities": cities,
        "submitted": submitted,
    }
    return render(request, "cities/my.html", context)


@login_required
def workspace(request: HttpRequest, code: str) -> HttpResponse:
    """A city's assessments, compared side by side per framework, its categories and its services.

    The copy an application keeps of the assessment it applied with is no assessment of the city's own: it is
    shown under the assessment it was copied from, as that application."""
    city = city_for_officer(request.user, code)
    assessments = list(
        city.assessments.filter(application__isnull=True)
        .select_related("framework_version")
        .prefetch_related("responses")
        .order_by("year", "created_at")
    )
    applications: dict[int, list[Application]] = defaultdict(list)
    for application in Application.objects.filter(city=city).select_related("round").order_by("applied_at"):
        applications[application.source_id].append(application)
    by_framework: dict[str, list[Assessment]] = defaultdict(list)
    for assessment in assessments:
        by_framework[assessment.framework_version.framework_id].append(assessment)
    histories = [_history(city, items) for items in by_framework.values()]
    categories = []
    for stored in latest_versions():
        framework = stored.framework
        if framework.categories:
            category = city.category_in(framework, _latest_year(assessments))
            names = {item.id: text(item.name) for item in framework.categories}
            categories.append((text(framework.short_name or framework.name), names.get(category or "", "")))
    return render(
        request,
        "cities/workspace.html",
        {
            "city": city,
            "assessments": [(assessment, applications[assessment.pk]) for assessment in reversed(assessments)],
            "histories": histories,
            "categories": categories,
            "services": city.services.all(),
            "population": city.population_in(_latest_year(assessments)),
        },
    )


def _latest_year(assessments: list[Assessment]) -> int:
    return max([assessment.year for assessment in assessments] + [timezone.localdate().year])


def _history(city: City, assessments: list[Assessment]) -> dict[str, Any]:
    """One framework's assessments as columns, its top-level groups and totals as rows."""
    framework = assessments[-1].framework_version.framework
    top = top_areas(framework)
    columns = []
    for assessment in assessments:
        own = assessment.framework_version.framework
        result = result_for(assessment, own, list(assessment.responses.all()))
        columns.append(
            {
                "assessment": assessment,
                "groups": [
                    _percent(result.nodes[node.id].percent) if node.id in result.nodes else None for node in top
                ],
                "total": number(result.total),
                "max": number(result.max),
                "verdict": _verdict(assessment, result.certified),
                "classification": result.classification,
            }
        )
    return {
        "framework": text(framework.short_name or framework.name),
        "kind": framework.rules.classification.kind if framework.rules.classification else "",
        "rows": [(text(node.name), [column["groups"][index] for column in columns]) for index, node in enumerate(top)],
        "columns": columns,
        "editions": len({assessment.framework_version_id for assessment in assessments}),
    }


def _percent(value: Decimal | None) -> str | None:
    """A share to one decimal, as people read it (76.2, not 76.2367)."""
    return None if value is None else str(value.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP))


def _verdict(assessment: Assessment, passes: bool | None) -> str:
    """What the score says against the scheme's bar, as the assessment's own page says it ("-" for no bar)."""
    return "-" if passes is None else against_the_bar(assessment, passes)
