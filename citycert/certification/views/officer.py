"""A city's officer's pages: applying to a round, answering the panel's requests, closing findings."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from citycert.assessments.choices import AssessmentKind, State
from citycert.assessments.models import Assessment
from citycert.certification import workflow
from citycert.certification.forms import ApplyForm, CloseFindingForm, RequestAnswerForm, refuse
from citycert.certification.models import DocumentRequest, Finding, Round
from citycert.certification.views.application import step_on_application
from citycert.certification.views.overview import render_overview, today
from citycert.page_forms import INVALID
from citycert.permissions import application_for, applies_for_cities, can_apply, officer_city_ids


@login_required
@require_POST
def apply(request: HttpRequest, pk: int) -> HttpResponse:
    """A city officer applies to a round with one of their submitted assessments."""
    if not applies_for_cities(request.user):
        raise PermissionDenied(_("Only a city's officers apply for it."))
    round_ = get_object_or_404(Round.objects.select_related("framework_version"), pk=pk)
    cities = officer_city_ids(request.user)
    eligible = list(
        Assessment.objects.filter(
            city_id__in=cities, state=State.SUBMITTED, framework_version_id=round_.framework_version_id
        ).exclude(kind=AssessmentKind.CERTIFICATION)
    )
    form = ApplyForm(eligible, request.POST, auto_id=f"id_round{round_.pk}_%s")
    status = INVALID
    if form.is_valid():
        source = form.cleaned_data["assessment"]
        if not can_apply(request.user, source):
            form.add_error("assessment", _("Choose one of your city's submitted assessments."))
        else:
            try:
                application = workflow.apply(round_, source, request.user, today())
            except workflow.Refused as error:
                status = refuse(form, error)
            else:
                messages.success(request, _("Applied. The application keeps a copy of the assessment as it is now."))
                return redirect("application", pk=application.pk)
    return render_overview(request, bound=("apply", round_.pk, form), status=status)


@login_required
@require_POST
def answer_request(request: HttpRequest, pk: int, request_id: int) -> HttpResponse:
    application = application_for(request.user, pk, "answer")
    asked = get_object_or_404(DocumentRequest, pk=request_id, application=application)
    form = RequestAnswerForm(request.POST, auto_id=f"id_request{asked.pk}_%s")
    return step_on_application(
        request,
        application,
        ("answer", asked.pk, form),
        lambda data: workflow.answer_request(asked, data["answer"], request.user),
        _("Answer sent."),
    )


@login_required
@require_POST
def close_finding(request: HttpRequest, pk: int, finding_id: int) -> HttpResponse:
    application = application_for(request.user, pk, "answer")
    finding = get_object_or_404(Finding, pk=finding_id, application=application)
    form = CloseFindingForm(request.POST, auto_id=f"id_finding{finding.pk}_%s")
    return step_on_application(
        request,
        application,
        ("close", finding.pk, form),
        lambda data: workflow.close_finding(finding, data["response"], request.user),
    )
