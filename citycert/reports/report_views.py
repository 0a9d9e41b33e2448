"""Reports as files: an assessment as a PDF, for whoever may see the assessment."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse

from citycert.permissions import assessment_for
from citycert.reports.assessment_pdf import assessment_pdf


@login_required
def assessment_report(request: HttpRequest, pk: int) -> HttpResponse:
    assessment = assessment_for(request.user, pk)
    response = HttpResponse(assessment_pdf(assessment), content_type="application/pdf")
    name = f"citycert-{assessment.city.code}-{assessment.framework_version.framework_id}-{assessment.year}.pdf"
    response["Content-Disposition"] = f'inline; filename="{name}"'
    return response
