"""The certificate as a signed PDF: both languages, the Korean font embedded, a QR code to its public page."""

from __future__ import annotations

import segno
from django.conf import settings
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import override

from citycert.certification.models import Certificate
from citycert.certification.scheme import category_label
from citycert.certification.signing import sign


def public_url(certificate: Certificate) -> str:
    return settings.PUBLIC_URL + reverse("certificate", args=[certificate.number])


def certificate_pdf(certificate: Certificate) -> bytes:
    """The signed PDF of a certificate, made afresh each time (its content never changes after issue)."""
    framework = certificate.framework_version.framework
    url = public_url(certificate)
    with override("ko"):
        city_ko = certificate.city.full_name
    with override("en"):
        city_en = certificate.city.full_name
    context = {
        "certificate": certificate,
        "city_ko": city_ko,
        "city_en": city_en,
        "framework": framework,
        "url": url,
        "qr": segno.make(url, error="m").png_data_uri(scale=6, border=2),
        "category_ko": category_label(framework, certificate.category, english=False) if certificate.category else "",
        "category_en": category_label(framework, certificate.category, english=True) if certificate.category else "",
    }
    html = render_to_string("reports/certificate.html", context)
    # Imported here: WeasyPrint takes a second to load, which every command and worker start would pay.
    from weasyprint import HTML

    document = HTML(string=html).write_pdf()
    assert document is not None
    return sign(certificate.number, document)
