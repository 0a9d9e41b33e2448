"""A certified city's next review, scored now: the certificate's decided result with each quantitative item
replaced by the newest value of the city's series, scored by the same engine. Worked out when values change
and kept (Projection), so that the monitoring view of thousands of cities reads rows, not the engine."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from decimal import Decimal

from citycert.assessments.models import Evidence
from citycert.certification.choices import CertificateStatus
from citycert.certification.models import Certificate, PublishedItem
from citycert.frameworks.schema import Condition, Framework
from citycert.indicators.models import IndicatorValue, Projection
from citycert.scoring.answers import GivenValue, answer_for, answers_for
from citycert.scoring.engine import evaluate
from citycert.scoring.model import compile_framework

DRIVERS = 5


def bar_points(framework: Framework, maximum: Decimal) -> Decimal | None:
    """The points the scheme's pass rule asks of the whole framework, where it asks for points at all."""

    def total_of(condition: Condition | None) -> Decimal | None:
        if condition is None:
            return None
        if condition.total is not None and condition.total.node is None:
            if condition.total.min_points is not None:
                return condition.total.min_points
            assert condition.total.min_ratio is not None
            return (condition.total.min_ratio * maximum).quantize(Decimal("0.0001"))
        for part in condition.all or []:
            found = total_of(part)
            if found is not None:
                return found
        return None

    return total_of(framework.rules.pass_)


def certified_today(today: date, city_ids: Iterable[int] | None = None) -> list[Certificate]:
    """Certificates valid today (not suspended, withdrawn or expired), with what projecting them reads."""
    found = Certificate.objects.filter(Certificate.having_status(CertificateStatus.VALID, today))
    if city_ids is not None:
        found = found.filter(city_id__in=list(city_ids))
    return list(found.select_related("city", "framework_version", "application__decision"))


def latest_values(city_id: int, framework_id: str) -> dict[str, IndicatorValue]:
    """The newest current value of each item of the city's series on a framework."""
    newest: dict[str, IndicatorValue] = {}
    rows = IndicatorValue.objects.filter(city_id=city_id, framework_id=framework_id, current=True)
    for value in rows.order_by("item_id", "-year", "-month"):
        newest.setdefault(value.item_id, value)
    return newest


def project(certificate: Certificate, today: date) -> Projection:
    framework = certificate.framework_version.framework
    items = compile_framework(framework).item_by_id
    published = PublishedItem.objects.filter(application_id=certificate.application_id)
    decided_points = {row.item_id: row.points for row in published}
    answers = answers_for(framework, (GivenValue(row.item_id, row.value) for row in published))
    newest = latest_values(certificate.city_id, framework.id)
    for item_id, value in newest.items():
        item = items.get(item_id)
        if item is not None and item.node.type == "quantitative":
            answers[item_id] = answer_for(item, value.value)
    result = evaluate(framework, answers)
    moved = [
        (item_id, float(decided_points.get(item_id) or 0), float(result.item_points.get(item_id) or 0))
        for item_id in newest
        if item_id in items
    ]
    moved = sorted((m for m in moved if m[1] != m[2]), key=lambda m: (-abs(m[2] - m[1]), m[0]))
    changes = [{"item": item_id, "decided": decided, "projected": projected} for item_id, decided, projected in moved]
    overdue = sorted(item_id for item_id, value in newest.items() if value.year < today.year - 1)
    decided_total = Decimal(str((certificate.application.decision.result or {}).get("total", 0)))
    projection, _created = Projection.objects.update_or_create(
        certificate=certificate,
        defaults={
            "total": result.total,
            "maximum": result.max,
            "bar": bar_points(framework, result.max),
            "passes": bool(result.certified) if result.certified is not None else True,
            "decided_total": decided_total,
            "drivers": changes[:DRIVERS],
            "below": [condition.name.as_dict() for condition in result.failed_conditions],
            "overdue": overdue,
        },
    )
    # Updated rows come back without the certificate; the alerts read it, with the city and application
    # already loaded here.
    projection.certificate = certificate
    return projection


def project_cities(city_ids: Iterable[int] | None, today: date) -> list[Projection]:
    """Projections of every certificate valid today of these cities (None: of every city)."""
    return [project(certificate, today) for certificate in certified_today(today, city_ids)]


def next_review(certificate: Certificate, today: date) -> date:
    """The certificate's next review: its next surveillance audit or extension deadline still to come, or else
    its expiry."""
    pending = certificate.due.filter(done_at__isnull=True, due_on__gte=today).order_by("due_on").first()
    return pending.due_on if pending is not None else certificate.expires_on


def expiring_evidence(certificate: Certificate, review: date) -> list[Evidence]:
    """Evidence of the city's application that expires before the certificate's next review (`next_review`)."""
    return list(
        Evidence.objects.filter(
            assessment_id=certificate.application.source_id, expires_on__isnull=False, expires_on__lt=review
        ).order_by("expires_on", "title")
    )
