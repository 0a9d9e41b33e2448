"""What falls due: surveillance audits not yet done and extension deadlines not yet passed."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta

from django.db.models import Q

from citycert.certification.choices import AuditKind, CertificateStatus
from citycert.certification.models import DueAudit


@dataclass(frozen=True)
class DueItem:
    due: DueAudit
    overdue: bool


def due_items(
    today: date,
    *,
    horizon_days: int = 90,
    cities: Iterable[int] | None = None,
    bodies: Iterable[int] | None = None,
) -> list[DueItem]:
    """Surveillance audits not yet done and extension deadlines not yet passed, of certificates still in force
    (of these cities, of the rounds of these certifying bodies, when named)."""
    query = DueAudit.objects.filter(done_at__isnull=True, certificate__expires_on__gte=today).exclude(
        certificate__status=CertificateStatus.WITHDRAWN
    )
    query = query.filter(Q(kind=AuditKind.SURVEILLANCE) | Q(due_on__gte=today))
    query = query.filter(due_on__lte=today + timedelta(days=horizon_days))
    if cities is not None:
        query = query.filter(certificate__city_id__in=list(cities))
    if bodies is not None:
        query = query.filter(certificate__application__round__body_id__in=list(bodies))
    found = query.select_related("certificate", "certificate__city")
    return [DueItem(due, due.state_on(today) == "overdue") for due in found]
