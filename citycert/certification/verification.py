"""What a certificate PDF is worth today: genuine and valid, genuine but no longer valid, or altered."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from citycert.certification.choices import CertificateStatus
from citycert.certification.models import Certificate, Decision
from citycert.certification.scheme import valid_while_renewal_pending
from citycert.signing import check


@dataclass(frozen=True)
class Verdict:
    """`state` is genuine, genuine_not_valid or altered; `status` the certificate's status today."""

    state: str
    message: str
    certificate: Certificate | None = None
    status: str = ""
    key_id: str = ""  # the key the signature names or holds with

    @property
    def exit_code(self) -> int:
        return {"genuine": 0, "genuine_not_valid": 3}.get(self.state, 1)


def verify_pdf(data: bytes, today: date) -> Verdict:
    checked = check(data)
    kid = checked.key_id
    if not checked.genuine or checked.number is None:
        return Verdict("altered", _("Not genuine: %(problem)s.") % {"problem": _(checked.problem)}, key_id=kid)
    certificate = (
        Certificate.objects.select_related("city", "service", "framework_version").filter(number=checked.number).first()
    )
    if certificate is None:
        message = _("Signed, but no certificate %(number)s was issued here.") % {"number": checked.number}
        return Verdict("altered", message, key_id=kid)
    status = certificate.status_on(today)
    label = CertificateStatus(status).label
    if status == CertificateStatus.VALID:
        message = _("Genuine: certificate %(number)s for %(city)s, valid until %(expires)s.")
        return Verdict("genuine", message % _facts(certificate), certificate, status, kid)
    if status == CertificateStatus.RENEWAL_PENDING:
        message = _(
            "Genuine: certificate %(number)s for %(city)s is valid, renewal pending: its term ended on %(expires)s, "
            "and the extension or renewal applied for before then has not been decided yet."
        )
        return Verdict("genuine", message % _facts(certificate), certificate, status, kid)
    message = _("Genuine, but certificate %(number)s for %(city)s is %(status)s since %(since)s.")
    facts = {**_facts(certificate), "status": label, "since": str(status_since(certificate, status))}
    return Verdict("genuine_not_valid", message % facts, certificate, status, kid)


def status_since(certificate: Certificate, status: str) -> date:
    """The day a certificate took the status it has: renewal pending the day after its expiry date; expired then
    too, or, where a renewal applied for in time kept it valid, the day the last such decision became public;
    suspended or withdrawn on the day of the last change to that status (its issue date if the history has none)."""
    lapsed = certificate.expires_on + timedelta(days=1)
    if status == CertificateStatus.RENEWAL_PENDING:
        return lapsed
    if status == CertificateStatus.EXPIRED:
        if certificate.status != CertificateStatus.VALID or not valid_while_renewal_pending(
            certificate.framework_version.framework
        ):
            return lapsed
        decided = Decision.objects.filter(application__in=certificate.renewals(), public_from__isnull=False)
        last = decided.aggregate(last=Max("public_from"))["last"]
        return max(lapsed, timezone.localdate(last)) if last is not None else lapsed
    change = certificate.changes.filter(to_status=status).order_by("-changed_at", "-id").first()
    return timezone.localdate(change.changed_at) if change is not None else certificate.issued_on


def _facts(certificate: Certificate) -> dict[str, str]:
    # `city` names the holder: the city, or the service with its provider and the city where it runs.
    return {"number": certificate.number, "city": certificate.holder, "expires": str(certificate.expires_on)}
