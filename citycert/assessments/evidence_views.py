"""Adding evidence to an assessment and downloading it back."""

from __future__ import annotations

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
from citycert.assessments.forms import EvidenceForm
from citycert.assessments.views import assessment_page
from citycert.page_forms import INVALID
from citycert.permissions import assessment_for


@login_required
@require_POST
def upload_evidence(request: HttpRequest, pk: int) -> HttpResponse:
    """A file or a link as evidence; a refused upload leaves the assessment as it was and says why, at the field."""
    assessment = assessment_for(request.user, pk, "edit")
    form = EvidenceForm(assessment.framework_version.framework, request.POST, request.FILES)
    if form.is_valid():
        data = form.cleaned_data
        upload = data["file"]
        try:
            add_evidence(
                assessment,
                title=data["title"],
                item_ids=data["items"],
                actor=request.user,
                file_name=upload.name or "" if upload is not None else "",
                data=read_limited(upload, settings.EVIDENCE_MAX_BYTES) if upload is not None else None,
                url=data["url"],
                effective_from=data["effective_from"],
                expires_on=data["expires_on"],
            )
        except EvidenceRefused as refused:
            # What is left for add_evidence to refuse is the file itself (its type, size, content), or the state.
            form.add_error("file" if upload is not None else None, str(refused))
        else:
            messages.success(request, _("Evidence added."))
            return redirect("assessment", pk=pk)
    form.choose_again("file", [upload.name or "" for upload in request.FILES.getlist("file")])
    return assessment_page(request, pk, sent=form, status=INVALID)


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
