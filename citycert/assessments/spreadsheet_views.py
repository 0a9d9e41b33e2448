"""Downloading an assessment as a spreadsheet, and uploading it back with a preview of the changes."""

from __future__ import annotations

from pathlib import Path

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from citycert import pending_uploads
from citycert.assessments.evidence import read_limited
from citycert.assessments.forms import SheetForm
from citycert.assessments.problems import said_all
from citycert.assessments.spreadsheet import changes_by_item, export_csv, export_xlsx, read_changes
from citycert.assessments.views import assessment_page
from citycert.assessments.workflow import TransitionRefused, save_responses
from citycert.frameworks.located_yaml import InvalidFile
from citycert.page_forms import INVALID
from citycert.permissions import assessment_for

MAX_SHEET_BYTES = 10 * 1024 * 1024


@login_required
@require_GET
def export(request: HttpRequest, pk: int, suffix: str) -> HttpResponse:
    """Every item with every field, in Korean and English, ready to fill in offline."""
    assessment = assessment_for(request.user, pk)
    if suffix == "xlsx":
        content = export_xlsx(assessment)
        content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    else:
        content, content_type = export_csv(assessment), "text/csv; charset=utf-8"
    response = HttpResponse(content, content_type=content_type)
    name = f"citycert-{assessment.city.code}-{assessment.framework_version.framework_id}-{assessment.year}-{assessment.pk}.{suffix}"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@login_required
@require_POST
def upload(request: HttpRequest, pk: int) -> HttpResponse:
    """Read an uploaded sheet and show what it would change; nothing is saved yet."""
    assessment = assessment_for(request.user, pk, "edit")
    form = SheetForm(request.POST, request.FILES)
    if not form.is_valid():
        return assessment_page(request, pk, sent=form, status=INVALID)
    sheet = form.cleaned_data["sheet"]
    suffix = Path(sheet.name or "").suffix.lower()
    data = read_limited(sheet, MAX_SHEET_BYTES)
    problems: list[str] = []
    changes = []
    if len(data) > MAX_SHEET_BYTES:
        problems = [_("The file is larger than %(mb)d MB.") % {"mb": MAX_SHEET_BYTES // (1024 * 1024)}]
    else:
        try:
            changes = read_changes(assessment, data, sheet.name or "upload", suffix)
        except InvalidFile as invalid:
            problems = said_all(invalid.problems)
    token = ""
    if changes and not problems:
        token = pending_uploads.keep(data)
    context = {
        "assessment": assessment,
        "changes": changes,
        "problems": problems,
        "token": token,
        "suffix": suffix,
        "revision": assessment.revision,
        "file_name": sheet.name,
    }
    response = render(request, "assessments/import_preview.html", context)
    if problems:
        response.status_code = 400
    return response


@login_required
@require_POST
def apply(request: HttpRequest, pk: int) -> HttpResponse:
    """Apply a previewed upload, all or nothing, if nobody has changed the assessment since the preview."""
    assessment = assessment_for(request.user, pk, "edit")
    token = request.POST.get("token", "")
    suffix = request.POST.get("suffix", "")
    if suffix not in (".xlsx", ".csv"):
        raise PermissionDenied(_("That is not an upload of this page."))
    data = pending_uploads.kept(token)
    if data is None:
        messages.error(request, _("That upload has expired; upload the file again."))
        return redirect("assessment", pk=pk)
    if str(assessment.revision) != request.POST.get("revision"):
        pending_uploads.forget(token)
        messages.error(
            request, _("The assessment changed after the preview; upload the file again to see the new differences.")
        )
        return redirect("assessment", pk=pk)
    try:
        changes = read_changes(assessment, data, f"upload{suffix}", suffix)
        # The answers and their audit event (channel "spreadsheet") commit together, in save_responses.
        save_responses(assessment, changes_by_item(changes), request.user, channel="spreadsheet")
    except InvalidFile as invalid:
        messages.error(request, "\n".join(said_all(invalid.problems)))
        return redirect("assessment", pk=pk)
    except TransitionRefused as problem:
        messages.error(request, str(problem))
        return redirect("assessment", pk=pk)
    finally:
        pending_uploads.forget(token)
    messages.success(request, _("%(count)d changes saved from the spreadsheet.") % {"count": len(changes)})
    return redirect("assessment", pk=pk)
