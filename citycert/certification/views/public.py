"""What anyone may read: a certificate's page, its signed PDF, the signing key, and the verification page."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from citycert.certification import workflow
from citycert.certification.choices import AuditKind, CertificateStatus
from citycert.certification.forms import StatusForm, VerifyForm
from citycert.certification.models import Certificate, DueAudit
from citycert.certification.verification import verify_pdf
from citycert.certification.views.overview import today
from citycert.page_forms import INVALID
from citycert.permissions import certificate_for, manages_certificate
from citycert.reports.certificate_pdf import certificate_pdf
from citycert.signing import public_key_pem


def certificate_page(request: HttpRequest, number: str) -> HttpResponse:
    """A certificate as anyone may read it, with its status as it stands today and its history."""
    return render_certificate_page(request, certificate_for(request.user, number))


def render_certificate_page(
    request: HttpRequest, certificate: Certificate, form: StatusForm | None = None, status: int = 200
) -> HttpResponse:
    moves = [CertificateStatus(move) for move in workflow.STATUS_MOVES[certificate.status]]
    context = {
        "certificate": certificate,
        "status": certificate.status_on(today()),
        "status_label": CertificateStatus(certificate.status_on(today())).label,
        "changes": certificate.changes.all(),
        # Each audit or deadline with where it stands today: upcoming, due (within its window), overdue or done.
        "due": _schedule(certificate),
        "manages": manages_certificate(request.user, certificate),
        "moves": moves,
        "status_form": form if form is not None else StatusForm([move.value for move in moves]),
    }
    return render(request, "certification/certificate.html", context, status=status)


def _schedule(certificate: Certificate) -> list[tuple[DueAudit, str, str]]:
    """Each audit or deadline with where it stands today: upcoming, due (within its window), overdue or done. An
    extension deadline the city met by applying again reads as applied for, not overdue."""
    day = today()
    applied = certificate.renewals().order_by("applied_at").values_list("applied_at", flat=True).first()
    rows = []
    for entry in certificate.due.all():
        if entry.kind == AuditKind.EXTENSION and applied is not None and applied.date() <= entry.due_on:
            rows.append((entry, "done", _("applied for on %(day)s") % {"day": applied.date().isoformat()}))
        else:
            rows.append((entry, entry.state_on(day), entry.state_label_on(day)))
    return rows


def certificate_pdf_file(request: HttpRequest, number: str) -> HttpResponse:
    """The signed PDF of a certificate; public, as the certificate is."""
    certificate = certificate_for(request.user, number)
    response = HttpResponse(certificate_pdf(certificate, request, today()), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{certificate.number}.pdf"'
    # Made afresh each time: once the certificate is suspended or withdrawn, a kept copy must not be served.
    response["Cache-Control"] = "no-cache"
    return response


def signing_key(request: HttpRequest) -> HttpResponse:
    """The public half of the signing key, for anyone who wants to check a certificate PDF themselves."""
    return HttpResponse(public_key_pem(), content_type="application/x-pem-file")


def verify_page(request: HttpRequest) -> HttpResponse:
    """Anyone uploads a certificate PDF and learns whether it is genuine, altered or no longer valid."""
    if request.method != "POST":
        return render(request, "certification/verify.html", {"form": VerifyForm()})
    form = VerifyForm(request.POST, request.FILES)
    if not form.is_valid():
        return render(request, "certification/verify.html", {"form": form}, status=INVALID)
    upload = form.cleaned_data["file"]
    verdict = verify_pdf(upload.read(), today())
    context = {"form": VerifyForm(), "verdict": verdict, "file_name": upload.name}
    return render(request, "certification/verify.html", context)
