"""What the public learns of appeals: that a certificate's decision is under appeal, where the framework says so."""

from __future__ import annotations

from collections.abc import Iterable

from django.db.models import Exists, OuterRef

from citycert.appeals.choices import OPEN_APPEAL_STATES
from citycert.appeals.models import Appeal
from citycert.certification.models import Certificate


def shows_appeals(certificate: Certificate) -> bool:
    """The framework's `appeal_shown_in_registry` rule (on unless the scheme turns it off)."""
    rules = certificate.framework_version.framework.rules.certificate
    return rules is None or rules.appeal_shown_in_registry


def open_appeal() -> Exists:
    """Whether a certificate's decision has an open appeal, as a column of the certificates' own query."""
    return Exists(Appeal.objects.filter(application_id=OuterRef("application_id"), state__in=OPEN_APPEAL_STATES))


def under_appeal(certificates: Iterable[Certificate]) -> set[int]:
    """The ids of those certificates, read with `appealed=open_appeal()`, that are under appeal where their
    framework says to show it: no query of its own."""
    return {
        certificate.pk
        for certificate in certificates
        if getattr(certificate, "appealed", False) and shows_appeals(certificate)
    }
