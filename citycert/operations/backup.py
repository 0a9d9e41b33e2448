"""`citycert backup`: the database, the evidence files and the signing key in one ZIP, taken while the site runs.

The rows are written as JSON lines in Django's own serialisation, whichever database they come from, so an
archive made on SQLite restores into PostgreSQL and the other way round (pg_dump would need the server's own
client programs at the same version, and its output restores only into PostgreSQL).

A consistent moment: on PostgreSQL every table is read in one REPEATABLE READ READ ONLY transaction. On SQLite a
Django transaction takes the write lock at BEGIN (settings.sqlite), which would stop the site for the whole dump;
instead SQLite's online backup copies the database to a private file under a read snapshot, and the rows are read
from that copy. Evidence files are named by their SHA-256, written (to the shared file storage, a folder or a
bucket) before the row that names them commits and never deleted, so copying them after the snapshot finds every
one the snapshot names.
"""

from __future__ import annotations

import hashlib
import json
import os
import sqlite3
import tempfile
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date, datetime, time
from decimal import Decimal
from pathlib import Path
from typing import Any, TypedDict

from django.apps import apps
from django.conf import settings
from django.core import serializers
from django.core.files.storage import default_storage
from django.db import DEFAULT_DB_ALIAS, connection, connections, models, transaction
from django.db.migrations.recorder import MigrationRecorder
from django.db.utils import load_backend
from django.utils import timezone

from citycert.assessments.evidence import stored_name
from citycert.assessments.models import EvidenceFile

FORMAT = "citycert-backup"
FORMAT_VERSION = 1
MANIFEST = "manifest.json"
ROWS = "rows.jsonl"
SIGNING_KEY = "signing-key.pem"
EVIDENCE = "evidence/"
SNAPSHOT_ALIAS = "citycert-backup-snapshot"
CHUNK = 1024 * 1024


class BackupFailed(Exception):
    """The archive could not be made; nothing was left at its name."""


class Manifest(TypedDict):
    format: str
    version: int
    made_at: str
    database: str
    migrations: list[list[str]]
    rows: dict[str, int]
    evidence: dict[str, int]


def dumped_models() -> list[type[models.Model]]:
    """Every model with a table, in the order their rows are written (many-to-many links travel with their owner)."""
    return [model for model in apps.get_models() if model._meta.managed and not model._meta.proxy]


def encode(value: Any) -> Any:
    """JSON for what Django's serialiser leaves as Python objects. Unlike DjangoJSONEncoder this keeps every
    microsecond: an audit event's hash covers its time to the microsecond."""
    if isinstance(value, datetime | date | time):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    raise TypeError(f"cannot write {type(value).__name__} to a backup")


def make_backup(target: Path) -> Manifest:
    """Write the archive to `target`, under a temporary name first: a half-made archive never carries its name."""
    target = Path(target).resolve()
    target.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary_name = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".partial")
    os.close(handle)  # mkstemp made it 0600: the archive holds the private signing key
    temporary = Path(temporary_name)
    try:
        with zipfile.ZipFile(temporary, "w", compression=zipfile.ZIP_DEFLATED, allowZip64=True) as archive:
            with rows_at_one_moment() as alias:
                rows, migrations, digests = _write_rows(archive, alias)
            evidence = _copy_evidence(archive, digests)
            key = Path(settings.SIGNING_KEY_FILE)
            if not key.exists():
                raise BackupFailed(f"the certificate signing key {key} is missing; nothing could verify a certificate")
            archive.writestr(SIGNING_KEY, key.read_bytes())
            manifest: Manifest = {
                "format": FORMAT,
                "version": FORMAT_VERSION,
                "made_at": timezone.now().isoformat(),
                "database": connection.vendor,
                "migrations": migrations,
                "rows": rows,
                "evidence": evidence,
            }
            archive.writestr(MANIFEST, json.dumps(manifest, indent=1, sort_keys=True))
        with temporary.open("rb") as written:
            os.fsync(written.fileno())
        temporary.replace(target)
    finally:
        temporary.unlink(missing_ok=True)
    return manifest


@contextmanager
def rows_at_one_moment() -> Iterator[str]:
    """A database alias whose reads all see the same moment of the live database."""
    if connection.vendor == "sqlite":
        with _sqlite_snapshot() as alias:
            yield alias
        return
    outermost = not connection.in_atomic_block
    with transaction.atomic():
        if outermost and connection.vendor == "postgresql":
            # Only the first statement of a transaction may set this; inside a caller's transaction (a test's)
            # the reads share that transaction's view anyway.
            with connection.cursor() as cursor:
                cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY")
        yield DEFAULT_DB_ALIAS


@contextmanager
def _sqlite_snapshot() -> Iterator[str]:
    connection.ensure_connection()
    live = connection.connection
    assert isinstance(live, sqlite3.Connection)
    folder = tempfile.mkdtemp(prefix="citycert-backup-")
    copy_path = Path(folder) / "snapshot.sqlite3"
    try:
        copy = sqlite3.connect(copy_path)
        try:
            live.backup(copy)  # all pages in one step, under one read snapshot of the live database
        finally:
            copy.close()
        # A connection of this process only, to the copy: the site's settings are not touched.
        copy_settings = {**connections.settings[DEFAULT_DB_ALIAS], "NAME": str(copy_path), "OPTIONS": {}}
        reader = load_backend(copy_settings["ENGINE"]).DatabaseWrapper(copy_settings, SNAPSHOT_ALIAS)
        connections[SNAPSHOT_ALIAS] = reader
        try:
            yield SNAPSHOT_ALIAS
        finally:
            reader.close()
            del connections[SNAPSHOT_ALIAS]
    finally:
        copy_path.unlink(missing_ok=True)
        Path(folder).rmdir()


def _write_rows(archive: zipfile.ZipFile, alias: str) -> tuple[dict[str, int], list[list[str]], list[str]]:
    counts: dict[str, int] = {}
    with archive.open(_member(ROWS), "w", force_zip64=True) as out:
        for model in dumped_models():
            rows = model._base_manager.using(alias).order_by(model._meta.pk.attname)
            count = 0
            for row in serializers.serialize("python", rows.iterator(chunk_size=2000)):
                out.write(json.dumps(row, default=encode, ensure_ascii=False).encode("utf-8") + b"\n")
                count += 1
            counts[model._meta.label] = count
    applied = MigrationRecorder(connections[alias]).applied_migrations()
    digests = list(EvidenceFile.objects.using(alias).order_by("sha256").values_list("sha256", flat=True))
    return counts, sorted([app, name] for app, name in applied), digests


def _member(name: str) -> zipfile.ZipInfo:
    """A member dated now (a streamed member would otherwise be dated 1980)."""
    member = zipfile.ZipInfo(name, date_time=timezone.localtime().timetuple()[:6])
    member.compress_type = zipfile.ZIP_DEFLATED
    return member


def _copy_evidence(archive: zipfile.ZipFile, digests: list[str]) -> dict[str, int]:
    """Each file the snapshot names, checked against its name as it is copied: a backup of a damaged file fails."""
    sizes: dict[str, int] = {}
    for digest in digests:
        source = stored_name(digest)
        try:
            file = default_storage.open(source, "rb")
        except FileNotFoundError:
            raise BackupFailed(f"evidence file {source} is missing from the file storage") from None
        hasher, size = hashlib.sha256(), 0
        with file, archive.open(_member(EVIDENCE + digest), "w", force_zip64=True) as out:
            while chunk := file.read(CHUNK):
                hasher.update(chunk)
                out.write(chunk)
                size += len(chunk)
        if hasher.hexdigest() != digest:
            raise BackupFailed(f"evidence file {source} does not match its SHA-256 name: it was damaged in storage")
        sizes[digest] = size
    return sizes
