"""A round's decision letters and certificates as one ZIP of PDFs: for the command line, and for the pages, which
queue it for a worker and show its progress. Each decided application gives its letter in Korean and in English and,
where it was certified, its certificate: all made from the decision, so every PDF agrees with the certificate (the
city's own self-assessment, which may claim otherwise, is not among them)."""

from __future__ import annotations

import logging
import tempfile
import zipfile
from collections.abc import Callable
from pathlib import Path

from django.contrib.auth.models import User
from django.core.files import File
from django.core.files.storage import default_storage
from django.db import transaction
from django.utils import timezone
from django_tasks import task
from django_tasks_db.models import DBTaskResult

from citycert.certification.choices import ApplicationState, ArchiveState
from citycert.certification.models import Application, Round, RoundArchive
from citycert.operations.jobs import failure_reason
from citycert.reports.certificate_pdf import certificate_pdf
from citycert.reports.decision_letter import decision_letter_pdf

log = logging.getLogger(__name__)

# Called after each application with how many are done, how many in all, and the one just written.
Progress = Callable[[int, int, Application], None]


def write_round_archive(round_: Round, output: Path, progress: Progress) -> int:
    """Write the ZIP under a temporary name and move it into place at the end, so that a half-written archive
    is never taken for a whole one; returns the number of decided applications in it."""
    decided = list(
        round_.applications.filter(state=ApplicationState.DECIDED)
        .select_related("city", "decision", "round__framework_version")
        .prefetch_related("certificates")
        .order_by("city__code")
    )
    output.parent.mkdir(parents=True, exist_ok=True)
    temporary = output.with_name(output.name + ".part")
    with zipfile.ZipFile(temporary, "w", zipfile.ZIP_DEFLATED) as archive:
        for done, application in enumerate(decided, start=1):
            for language in ("ko", "en"):
                letter = decision_letter_pdf(application.decision, language)
                archive.writestr(f"letters/{application.city.code}-{language}.pdf", letter)
            certificate = application.certificate
            if certificate is not None:
                archive.writestr(f"certificates/{certificate.number}.pdf", certificate_pdf(certificate))
            progress(done, len(decided), application)
    temporary.replace(output)
    return len(decided)


def start(round_: Round, requested_by: User) -> RoundArchive:
    """Record the archive and queue its build for a worker, together: a crash leaves neither or both."""
    with transaction.atomic():
        archive = RoundArchive.objects.create(round=round_, requested_by=requested_by)
        archive.job = str(build_archive.enqueue(archive.pk).id)
        archive.save(update_fields=["job"])
    return archive


@task()
def build_archive(archive_id: int) -> int:
    """Build a queued archive, saving its progress after each application, and store the ZIP through the site's
    storage. Run again after its worker was killed, it starts over. A failure is kept on the archive and in the
    log, and fails the job."""
    archive = RoundArchive.objects.select_related("round").get(pk=archive_id)
    archive.state, archive.done, archive.current, archive.error = ArchiveState.RUNNING, 0, "", ""
    archive.save(update_fields=["state", "done", "current", "error"])

    def saved(done: int, total: int, application: Application) -> None:
        archive.done, archive.total, archive.current = done, total, application.city.name_ko
        archive.save(update_fields=["done", "total", "current"])

    try:
        archive.total = _write_to_storage(archive, saved)
        archive.state, archive.current = ArchiveState.DONE, ""
    except Exception as error:
        log.exception("round archive %s failed", archive_id)
        archive.state, archive.error = ArchiveState.FAILED, f"{type(error).__name__}: {error}"
        raise
    finally:
        archive.finished_at = timezone.now()
        archive.save(update_fields=["state", "total", "current", "error", "finished_at"])
    return archive.total


def _write_to_storage(archive: RoundArchive, progress: Progress) -> int:
    """Write the ZIP in a local temporary folder, then put it whole into the shared storage for any server."""
    with tempfile.TemporaryDirectory(prefix="citycert-archive-") as folder:
        output = Path(folder) / "round.zip"
        total = write_round_archive(archive.round, output, progress)
        with output.open("rb") as written:
            saved = default_storage.save(archive.file_name, File(written))
    assert saved == archive.file_name, saved
    return total


def as_its_job_stands(archive: RoundArchive) -> RoundArchive:
    """The archive as its job says: a job failed without the archive knowing (its worker killed on the last
    attempt) fails the archive with the job's reason; a job queued again after its worker died shows as queued."""
    if archive.finished or not archive.job:
        return archive
    job = DBTaskResult.objects.filter(pk=archive.job).only("status", "traceback", "exception_class_path").first()
    if job is None:
        return archive
    unfinished = RoundArchive.objects.filter(pk=archive.pk, state__in=[ArchiveState.QUEUED, ArchiveState.RUNNING])
    if job.status == "FAILED":
        unfinished.update(state=ArchiveState.FAILED, error=failure_reason(job), finished_at=timezone.now())
    elif job.status == "READY" and archive.state == ArchiveState.RUNNING:
        unfinished.update(state=ArchiveState.QUEUED, done=0, current="")
    archive.refresh_from_db()
    return archive
