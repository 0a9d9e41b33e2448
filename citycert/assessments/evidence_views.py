"""Adding evidence to an assessment and downloading it back."""

from __future__ import annotations

from datetime import date
from urllib.parse import quote

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.files.storage import default_storage
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from citycert.assessments.evidence import EvidenceRefused, add_evidence, read_limited, stored_name
from citycert.assessments.views import assessment_page
from citycert.permissions import assessment_for


def _date(text: str | None) -> date | None:
    if not text:
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise EvidenceRefused(_("Dates are written as YYYY-MM-DD.")) from None


@login_required
@require_POST
def upload_evidence(request: HttpRequest, pk: int) -> HttpResponse:
    """A file or a link as evidence; a refused upload leaves the assessment as it was and says why."""
    assessment = assessment_for(request.user, pk, "edit")
    upload = request.FILES.get("file")
    try:
        data = read_limited(upload, settings.EVIDENCE_MAX_BYTES) if upload is not None else None
        add_evidence(
            assessment,
            title=request.POST.get("title", ""),
            item_ids=request.POST.getlist("items"),
            actor=request.user,
            file_name=upload.name or "" if upload is not None else "",
            data=data,
            url=request.POST.get("url", "").strip(),
            effective_from=_date(request.POST.get("effective_from")),
            expires_on=_date(request.POST.get("expires_on")),
        )
    except EvidenceRefused as refused:
        messages.error(request, _("The evidence was not added: %(reason)s") % {"reason": refused})
        page = assessment_page(request, pk)
        page.status_code = 400
        return page
    messages.success(request, _("Evidence added."))
    return redirect("assessment", pk=pk)


@login_required
@require_GET
def download_evidence(request: HttpRequest, pk: int, evidence_id: int) -> HttpResponseBase:
    """The file, always as a download with its stored type: never rendered as a page of this site."""
    assessment = assessment_for(request.user, pk)
    evidence = assessment.evidence.select_related("file").filter(pk=evidence_id, file__isnull=False).first()
    if evidence is None or evidence.file is None:
        raise Http404(_("No such evidence file."))
    try:
        stored = default_storage.open(stored_name(evidence.file.sha256), "rb")
    except FileNotFoundError:
        raise Http404(_("The stored file is missing.")) from None
    response = FileResponse(stored, content_type=evidence.file.mime)
    name = evidence.file_name or "evidence"
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(name)}"
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "sandbox; default-src 'none'"
    return response
