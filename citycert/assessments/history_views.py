"""The page of an assessment's history: who changed what, when and through which channel."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from citycert.assessments.history import CHANGES_SHOWN, history
from citycert.permissions import assessment_for


@login_required
@require_GET
def history_page(request: HttpRequest, pk: int) -> HttpResponse:
    """Every change of the assessment's answers and state, newest first, twenty events a page."""
    assessment = assessment_for(request.user, pk, "history")
    found = history(assessment, request.GET.get("page"))
    context = {"assessment": assessment, "entries": found.entries, "page": found.page, "shown": CHANGES_SHOWN}
    return render(request, "assessments/history.html", context)
