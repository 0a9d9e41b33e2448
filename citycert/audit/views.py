"""The public page of the audit log's signed checkpoints."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from citycert.audit.models import AuditCheckpoint
from citycert.reports.open_data import FORMATS

SHOWN = 100  # the newest on the page; every one is in the open-data file


def checkpoints_page(request: HttpRequest) -> HttpResponse:
    """Anyone sees where the audit log stood at each signed checkpoint, and can keep a copy to check it later."""
    newest = list(AuditCheckpoint.objects.order_by("-number")[:SHOWN])
    total = newest[0].number if newest else 0
    return render(
        request, "audit/checkpoints.html", {"checkpoints": newest, "total": total, "shown": SHOWN, "formats": FORMATS}
    )
