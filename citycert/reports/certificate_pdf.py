"""The certificate as a signed PDF: both languages, the Korean font embedded, a QR code to its public page.

A certificate that is no longer valid (suspended, withdrawn or expired on the day it is made) is stamped with
its status and the day it took it, on every page, so a printout cannot pass for a valid certificate. One valid past
its printed expiry date while its renewal is decided says so in a banner on every page, so it does not pass for an
expired one either.
"""

from __future__ import annotations

from datetime import date

import segno
from django.http import HttpRequest
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import override, pgettext_lazy

from citycert.certification.choices import CertificateStatus
from citycert.certification.models import Certificate
from citycert.certification.scheme import category_label
from citycert.certification.verification import status_since
from citycert.public_address import public_base
from citycert.signing import sign

# The stamp's words, printed in both languages whatever the reader's: "정지 / Suspended".
STAMPS = {
    CertificateStatus.SUSPENDED: pgettext_lazy("certificate stamp", "Suspended"),
    CertificateStatus.WITHDRAWN: pgettext_lazy("certificate stamp", "Withdrawn"),
    CertificateStatus.EXPIRED: pgettext_lazy("certificate stamp", "Expired"),
}
SINCE = pgettext_lazy("certificate stamp", "since %(day)s")
NOT_VALID = pgettext_lazy("certificate stamp", "This certificate is not valid")
PENDING = pgettext_lazy("certificate stamp", "Valid, renewal pending")
# Where the "not valid" line stands for a certificate still valid while its renewal is decided.
STILL_VALID = pgettext_lazy(
    "certificate stamp", "Its extension or renewal was applied for before it expired and is being decided"
)


def public_url(certificate: Certificate, request: HttpRequest | None = None) -> str:
    """The certificate's public page, at the site's public address (citycert.public_address)."""
    return public_base(request) + reverse("certificate", args=[certificate.number])


def stamp(certificate: Certificate, today: date) -> dict[str, str] | None:
    """The status stamp for a certificate no longer valid on `today`, or valid past its expiry while its renewal is
    decided (`pending`): its words in Korean and English and the day since which it holds; None for a valid
    certificate."""
    status = certificate.status_on(today)
    pending = status == CertificateStatus.RENEWAL_PENDING
    words = PENDING if pending else STAMPS.get(CertificateStatus(status))
    if words is None:
        return None
    day = status_since(certificate, status).isoformat()
    stamped = {"status": status, "day": day, "pending": "pending" if pending else ""}
    for language in ("ko", "en"):
        with override(language):
            stamped[language] = str(words)
            stamped[f"since_{language}"] = str(SINCE) % {"day": day}
            stamped[f"not_valid_{language}"] = str(STILL_VALID if pending else NOT_VALID)
    return stamped


def certificate_pdf(certificate: Certificate, request: HttpRequest | None = None, today: date | None = None) -> bytes:
    """The signed PDF of a certificate as it stands on `today` (default: today), made afresh each time."""
    framework = certificate.framework_version.framework
    url = public_url(certificate, request)
    with override("ko"):
        city_ko = certificate.city.full_name
    with override("en"):
        city_en = certificate.city.full_name
    context = {
        "certificate": certificate,
        "city_ko": city_ko,
        "city_en": city_en,
        # A service's certificate names the service and its provider first, then the city where it runs.
        "service": certificate.service,
        "framework": framework,
        "url": url,
        "qr": segno.make(url, error="m").png_data_uri(scale=6, border=2),
        "category_ko": category_label(framework, certificate.category, english=False) if certificate.category else "",
        "category_en": category_label(framework, certificate.category, english=True) if certificate.category else "",
        "stamp": stamp(certificate, today or timezone.localdate()),
    }
    html = render_to_string("reports/certificate.html", context)
    # Imported here: WeasyPrint takes a second to load, which every command and worker start would pay.
    from weasyprint import HTML

    document = HTML(string=html).write_pdf()
    assert document is not None
    return sign(certificate.number, document)
