"""What the public may read of a city: its certificates, and the results the certifying body decided on.

Only decided applications appear, with the result stored at the decision, and only once that decision is public
(its round announced, or at the decision where the scheme publishes decisions one by one). Drafts, applications still in
review, assessors' sheets, the panel's consensus and findings are never read here.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.utils import timezone
from django.utils.safestring import SafeString, mark_safe

from citycert.assessments.models import Assessment
from citycert.assessments.presenter import result_for, text
from citycert.certification.announcement import public_certificates
from citycert.certification.listed import Listed, listed
from citycert.certification.models import Certificate, Decision
from citycert.certification.scheme import classification_name
from citycert.charts.common_charts import Axis, radar_chart
from citycert.cities.models import City
from citycert.frameworks.describe import edition_name, top_areas
from citycert.frameworks.schema import Framework, Text


def service_certificates_in(city: City, today: date) -> dict[int, list[Listed]]:
    """The public certificates of the services that run in `city`, by service."""
    certificates = (
        Certificate.objects.filter(public_certificates(), city=city, service__isnull=False)
        .select_related("framework_version")
        .defer("framework_version__document")
        .order_by("-issued_on", "number")
    )
    found: dict[int, list[Listed]] = {}
    for row in listed(certificates, today):
        found.setdefault(row.certificate.service_id or 0, []).append(row)
    return found


def certificates_of(city: City, today: date) -> list[Listed]:
    certificates = (
        # The city's own: a service certified there is listed beside the service (`service_certificates_in`).
        city.certificates.filter(public_certificates(), service__isnull=True)
        .select_related("framework_version")
        .defer("framework_version__document")
        .order_by("-issued_on", "number")
    )
    return listed(certificates, today)


@dataclass(frozen=True)
class PublishedResult:
    """A decided application: the assessment it applied with, the decision and the result stored then."""

    decision: Decision
    assessment: Assessment  # the frozen copy the city applied with
    result: dict[str, Any]
    grade: Text | None  # the grade, level or tier, by name
    chart: SafeString
    edition: Text  # the version of the scheme the round scored on, by name ("2021년 판 (세부지표 63개)")

    @property
    def failed(self) -> list[dict[str, Any]]:
        return list(self.result.get("failed_conditions") or [])


def published_results(city: City) -> list[PublishedResult]:
    """The city's decided applications, newest decision first."""
    decisions = (
        Decision.objects.filter(
            Decision.public(timezone.now()), application__city=city, application__service__isnull=True
        )
        .select_related("application__round__framework_version", "application__frozen__city")
        .defer("application__round__framework_version__document")
        .order_by("-decided_at", "-pk")
    )
    results = []
    for decision in decisions:
        application = decision.application
        framework = application.round.framework_version.framework
        stored = decision.result
        kind = framework.rules.classification.kind if framework.rules.classification else None
        results.append(
            PublishedResult(
                decision=decision,
                assessment=application.frozen,
                result=stored,
                grade=classification_name(framework, stored.get(kind)) if kind else None,
                chart=_chart(framework, application.frozen, stored, application.round.year),
                edition=edition_name(framework),
            )
        )
    return results


def _chart(framework: Framework, frozen: Assessment, stored: dict[str, Any], year: int) -> SafeString:
    """A radar of the top-level areas' shares, from the stored result; a result stored without its areas
    is scored again from the frozen assessment, which no longer changes."""
    top = top_areas(framework)
    nodes = {node["id"]: node for node in stored.get("nodes") or []}
    if all(node.id in nodes for node in top):
        shares = [(nodes[node.id]["points"], nodes[node.id]["max"]) for node in top]
    else:
        scored = result_for(frozen, framework).nodes
        shares = [(scored[node.id].points, scored[node.id].max) for node in top]
    axes = [
        Axis(text(node.name), _float(points), _float(maximum))
        for node, (points, maximum) in zip(top, shares, strict=True)
    ]
    svg = radar_chart(axes, title=f"{text(framework.short_name or framework.name)} {year}")
    return mark_safe(svg)  # noqa: S308 - drawn by our own chart code, every text escaped there


def _float(value: Any) -> float:
    return float(value) if value is not None else 0.0
