"""A round's decided reports and certificates as one ZIP of PDFs: for the command line and for the pages,
which build it in the background and show its progress."""

from __future__ import annotations

import logging
import tempfile
import threading
import zipfile
from collections.abc import Callable
from pathlib import Path

from django.contrib.auth.models import User
from django.core.files import File
from django.core.files.storage import default_storage
from django.db import connection, transaction
from django.utils import timezone

from citycert.certification.choices import ApplicationState, ArchiveState
from citycert.certification.models import Application, Round, RoundArchive
from citycert.reports.assessment_pdf import assessment_pdf
from citycert.reports.certificate_pdf import certificate_pdf

log = logging.getLogger(__name__)

# Called after each application with how many are done, how many in all, and the one just written.
Progress = Callable[[int, int, Application], None]


def write_round_archive(round_: Round, output: Path, progress: Progress) -> int:
    """Write the ZIP under a temporary name and move it into place at the end, so that a half-written archive
    is never taken for a whole one; returns the number of decided applications in it."""
    decided = list(
        round_.applications.filter(state=ApplicationState.DECIDED)
        .select_related("city", "frozen", "certificate")
        .order_by("city__code")
    )
    output.parent.mkdir(parents=True, exist_ok=True)
    temporary = output.with_name(output.name + ".part")
    with zipfile.ZipFile(temporary, "w", zipfile.ZIP_DEFLATED) as archive:
        for done, application in enumerate(decided, start=1):
            archive.writestr(f"reports/{application.city.code}.pdf", assessment_pdf(application.frozen))
            certificate = getattr(application, "certificate", None)
            if certificate is not None:
                archive.writestr(f"certificates/{certificate.number}.pdf", certificate_pdf(certificate))
            progress(done, len(decided), application)
    temporary.replace(output)
    return len(decided)


def start(round_: Round, requested_by: User) -> RoundArchive:
    """Queue the round's archive and build it in a thread once the request's transaction has committed.

    A thread, not a job queue: the pages need no other service running, and a server that stops meanwhile
    leaves the archive unfinished, which its page says; asking again builds a new one."""
    archive = RoundArchive.objects.create(round=round_, requested_by=requested_by)
    name = f"round-archive-{archive.pk}"
    worker = threading.Thread(target=_build_in_thread, args=(archive.pk,), daemon=True, name=name)
    transaction.on_commit(worker.start)
    return archive


def build(archive_id: int) -> None:
    """Build a queued archive, saving its progress after each application; a failure is kept on the record
    and in the log."""
    archive = RoundArchive.objects.select_related("round").get(pk=archive_id)
    archive.state = ArchiveState.RUNNING
    archive.save(update_fields=["state"])

    def saved(done: int, total: int, application: Application) -> None:
        archive.done, archive.total, archive.current = done, total, application.city.name_ko
        archive.save(update_fields=["done", "total", "current"])

    try:
        archive.total = _write_to_storage(archive, saved)
        archive.state, archive.current = ArchiveState.DONE, ""
    except Exception as error:
        log.exception("round archive %s failed", archive_id)
        archive.state, archive.error = ArchiveState.FAILED, f"{type(error).__name__}: {error}"
    finally:
        archive.finished_at = timezone.now()
        archive.save(update_fields=["state", "total", "current", "error", "finished_at"])


def _write_to_storage(archive: RoundArchive, progress: Progress) -> int:
    """Write the ZIP in a local temporary folder, then put it whole into the shared storage for any server."""
    with tempfile.TemporaryDirectory(prefix="citycert-archive-") as folder:
        output = Path(folder) / "round.zip"
        total = write_round_archive(archive.round, output, progress)
        with output.open("rb") as written:
            saved = default_storage.save(archive.file_name, File(written))
    assert saved == archive.file_name, saved
    return total


def _build_in_thread(archive_id: int) -> None:
    """The thread has a database connection of its own; it is closed when the thread is done with it."""
    try:
        build(archive_id)
    finally:
        connection.close()
