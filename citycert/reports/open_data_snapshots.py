"""Open data as files: each dataset in each format written once by a worker, kept in the site's storage and served
as a file, instead of being assembled again for every download.

A snapshot is named for the day and for a digest of everything the exports read (decisions published, certificates
and their changes of status, the audit log's signed checkpoints, the latest announcement): when any of it changes,
or the day turns (validity and announcement dates turn with it), the name changes, so a stale snapshot is never
served. Until the new one is written, downloads are assembled as before and one build is queued. A worker also
builds them every night.
"""

from __future__ import annotations

import hashlib
import logging
import tempfile
from datetime import date
from pathlib import Path

from django.core.files import File
from django.core.files.storage import default_storage
from django.db.models import Count, Max
from django.utils import timezone
from django_tasks import task
from django_tasks_db.models import DBTaskResult

from citycert.audit.models import AuditCheckpoint
from citycert.certification.announcement import latest_announcement
from citycert.certification.models import Certificate, CertificateChange, PublishedRows
from citycert.reports.open_data import FORMATS, write
from citycert.reports.open_data_columns import DATASETS

log = logging.getLogger(__name__)

FOLDER = "open-data"


def version(today: date) -> str:
    """A digest of what the exports of `today` read; it changes whenever any of it does."""
    rows = PublishedRows.objects.aggregate(count=Count("pk"), latest=Max("pk"))
    certificates = Certificate.objects.aggregate(count=Count("pk"), latest=Max("pk"))
    changed = CertificateChange.objects.aggregate(latest=Max("pk"))["latest"]
    checkpoints = AuditCheckpoint.objects.aggregate(count=Count("pk"), latest=Max("number"))
    given = f"{today}|{rows}|{certificates}|{changed}|{checkpoints}|{latest_announcement()}"
    return hashlib.sha256(given.encode()).hexdigest()[:16]


def snapshot_name(dataset: str, form: str, today: date, digest: str) -> str:
    return f"{FOLDER}/{today:%Y-%m-%d}/{dataset}-{digest}.{form}"


def current_snapshot(dataset: str, form: str, today: date) -> str | None:
    """The stored file of the dataset as it stands now, or None (and a build queued) when there is none yet."""
    name = snapshot_name(dataset, form, today, version(today))
    if default_storage.exists(name):
        return name
    building = DBTaskResult.objects.filter(task_path=build_snapshots.module_path, status__in=["READY", "RUNNING"])
    if not building.exists():
        build_snapshots.enqueue()
    return None


@task()
def build_snapshots() -> list[str]:
    """Write every dataset in every format for the day and the data as they stand, and remove earlier days'."""
    today = timezone.localdate()
    digest = version(today)
    written = []
    for dataset in DATASETS:
        for form in FORMATS:
            name = snapshot_name(dataset, form, today, digest)
            if default_storage.exists(name):
                continue
            with tempfile.TemporaryDirectory(prefix="citycert-snapshot-") as folder:
                path = Path(folder) / "export"
                with path.open("wb") as out:
                    write(dataset, form, out, today)
                with path.open("rb") as opened:
                    written.append(default_storage.save(name, File(opened)))
    _remove_older_than(today)
    return written


def _remove_older_than(today: date) -> None:
    if not default_storage.exists(FOLDER):
        return
    days, _files = default_storage.listdir(FOLDER)
    for day in days:
        if day < f"{today:%Y-%m-%d}":
            for name in default_storage.listdir(f"{FOLDER}/{day}")[1]:
                default_storage.delete(f"{FOLDER}/{day}/{name}")
            log.info("open-data snapshots of %s removed", day)
