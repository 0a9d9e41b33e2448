"""What the public learns of appeals: that a certificate's decision is under appeal, where the framework says so."""

from __future__ import annotations

from collections.abc import Iterable

from django.db.models import Count, Max

from citycert.appeals.choices import OPEN_APPEAL_STATES
from citycert.appeals.models import Appeal
from citycert.certification.models import Certificate


def shows_appeals(certificate: Certificate) -> bool:
    """The framework's `appeal_shown_in_registry` rule (on unless the scheme turns it off)."""
    rules = certificate.framework_version.framework.rules.certificate
    return rules is None or rules.appeal_shown_in_registry


def under_appeal(certificates: Iterable[Certificate]) -> set[int]:
    """The ids of those certificates whose decision has an open appeal and whose framework says so: one query."""
    shown = {certificate.application_id: certificate.pk for certificate in certificates if shows_appeals(certificate)}
    appealed = Appeal.objects.filter(application_id__in=list(shown), state__in=OPEN_APPEAL_STATES).values_list(
        "application_id", flat=True
    )
    return {shown[application_id] for application_id in appealed}


def appeals_version() -> str:
    """A token that moves whenever an appeal is filed or changes state: cached public pages include it."""
    found = Appeal.objects.aggregate(count=Count("pk"), latest=Max("updated_at"))
    latest = found["latest"].isoformat() if found["latest"] else "-"
    return f"{found['count']}:{latest}"
