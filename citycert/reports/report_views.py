"""Reports as files: an assessment as a PDF, for whoever may see the assessment."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from citycert.permissions import application_for, assessment_for, can_read_decision_letter
from citycert.reports.assessment_pdf import assessment_pdf
from citycert.reports.decision_letter import decision_letter_pdf


@login_required
def assessment_report(request: HttpRequest, pk: int) -> HttpResponse:
    assessment = assessment_for(request.user, pk)
    response = HttpResponse(assessment_pdf(assessment), content_type="application/pdf")
    name = f"citycert-{assessment.city.code}-{assessment.framework_version.framework_id}-{assessment.year}.pdf"
    response["Content-Disposition"] = f'inline; filename="{name}"'
    return response


@login_required
def decision_letter(request: HttpRequest, pk: int) -> HttpResponse:
    """The decision letter of an application, in the page's language or the one asked for (?lang=, one of settings.LANGUAGES)."""
    application = application_for(request.user, pk)
    if not can_read_decision_letter(request.user, application):
        raise Http404(_("No decision letter for you here."))
    asked = request.GET.get("lang")
    language = asked if asked in dict(settings.LANGUAGES) else get_language() or settings.LANGUAGE_CODE
    response = HttpResponse(decision_letter_pdf(application.decision, language), content_type="application/pdf")
    name = f"citycert-decision-{application.city.code}-{application.round.framework_version.framework_id}"
    response["Content-Disposition"] = f'inline; filename="{name}-{application.round.year}-{language}.pdf"'
    return response
