"""A round's ZIP of PDFs from the pages: asked for on the round page, built by a worker, its progress shown on
its own page (refreshed by htmx), downloaded when ready. For the certifying body only."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.files.storage import default_storage
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from citycert.certification.choices import ArchiveState
from citycert.certification.models import Round, RoundArchive
from citycert.operations.jobs import a_worker_is_alive
from citycert.permissions import managed_rounds, require_certifier, round_for
from citycert.reports import round_archive


@login_required
@require_POST
def start(request: HttpRequest, pk: int) -> HttpResponse:
    require_certifier(request.user)
    round_ = round_for(request.user, pk)
    archive = round_archive.start(round_, request.user)  # type: ignore[arg-type]
    return redirect("round-archive", pk=archive.pk)


@login_required
def progress(request: HttpRequest, pk: int) -> HttpResponse:
    """The whole page, or (for htmx's every-second request) just the part that moves."""
    require_certifier(request.user)
    archive = get_object_or_404(
        RoundArchive.objects.select_related("round__framework_version").filter(
            round__in=Round.objects.filter(managed_rounds(request.user))
        ),
        pk=pk,
    )
    archive = round_archive.as_its_job_stands(archive)
    template = "reports/archive_progress.html" if request.htmx else "reports/archive.html"  # type: ignore[attr-defined]
    return render(request, template, {"archive": archive, "worker_alive": a_worker_is_alive()})


@login_required
def download(request: HttpRequest, pk: int) -> FileResponse:
    require_certifier(request.user)
    archive = get_object_or_404(
        RoundArchive.objects.select_related("round__framework_version").filter(
            round__in=Round.objects.filter(managed_rounds(request.user))
        ),
        pk=pk,
    )
    if archive.state != ArchiveState.DONE or not default_storage.exists(archive.file_name):
        raise Http404(_("This archive is not ready."))
    round_ = archive.round
    name = f"citycert-round-{round_.framework_version.framework_id}-{round_.year}-pdf.zip"
    stored = default_storage.open(archive.file_name, "rb")
    return FileResponse(stored, as_attachment=True, filename=name, content_type="application/zip")
