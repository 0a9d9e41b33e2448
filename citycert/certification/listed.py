"""Certificates with their status as it stands on a day: the certifying body's pages and the public registry list
them alike. Here, beside the certificates, so that certification's pages need nothing of the registry's."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from citycert.certification.choices import CertificateStatus
from citycert.certification.models import Certificate


@dataclass(frozen=True)
class Listed:
    """A certificate with its status as it stands today."""

    certificate: Certificate
    status: str

    @property
    def status_label(self) -> str:
        return str(CertificateStatus(self.status).label)


def listed(certificates: Iterable[Certificate], today: date) -> list[Listed]:
    """Each certificate with its status today (one query for those whose renewal may keep them valid)."""
    certificates = list(certificates)
    statuses = Certificate.statuses_on(certificates, today)
    return [Listed(certificate, status) for certificate, status in zip(certificates, statuses, strict=True)]
