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

import fcntl
import glob
import hashlib
import json
import os
import secrets
import sqlite3
import tempfile
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date, datetime, time
from decimal import Decimal
from pathlib import Path
from typing import Any, BinaryIO, TypedDict

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
from citycert.signing import configured_pem

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
    """Write the archive to `target`, which appears only once complete: a half-made archive never carries its name,
    and one cut short (even by SIGKILL) leaves no file behind holding the signing key (see unnamed_until_complete)."""
    target = Path(target).resolve()
    target.parent.mkdir(parents=True, exist_ok=True)
    remove_stale_partials(target)
    with (
        unnamed_until_complete(target) as file,
        zipfile.ZipFile(file, "w", compression=zipfile.ZIP_DEFLATED, allowZip64=True) as archive,
    ):
        with rows_at_one_moment() as alias:
            rows, migrations, digests = _write_rows(archive, alias)
        evidence = _copy_evidence(archive, digests)
        key = configured_pem()  # from its file, or from the environment where it is a deploy secret
        if key is None:
            where = settings.SIGNING_KEY_FILE
            raise BackupFailed(f"the certificate signing key {where} is missing; nothing could verify a certificate")
        archive.writestr(SIGNING_KEY, key)
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
    return manifest


def _partial_name(target: Path) -> Path:
    return target.parent / f".{target.name}.{secrets.token_hex(6)}.partial"


def remove_stale_partials(target: Path) -> list[Path]:
    """Delete the `.NAME.*.partial` files a killed backup of `target` left behind (older versions wrote the archive,
    signing key included, under such a name). One still being written by a running backup is locked, and kept."""
    removed = []
    for partial in target.parent.glob(f".{glob.escape(target.name)}.*.partial"):
        try:
            descriptor = os.open(partial, os.O_RDONLY)
        except FileNotFoundError:
            continue
        try:
            fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            continue  # a backup running now holds it
        else:
            partial.unlink(missing_ok=True)
            removed.append(partial)
        finally:
            os.close(descriptor)
    return removed


@contextmanager
def unnamed_until_complete(target: Path) -> Iterator[BinaryIO]:
    """A file (0600: it will hold the private signing key) that has no name while it is written and is linked in at
    `target` once complete. A process killed half-way leaves nothing: the kernel frees a file without a name.

    Linux's O_TMPFILE does this; where the filesystem lacks it, the file is written under a `.partial` name instead,
    which the next backup removes. Either way the file is locked while written, so a concurrent backup's cleaning
    never takes it."""
    try:
        descriptor = os.open(target.parent, os.O_TMPFILE | os.O_RDWR, 0o600)
        partial = None
    except (AttributeError, OSError):
        partial = _partial_name(target)
        descriptor = os.open(partial, os.O_RDWR | os.O_CREAT | os.O_EXCL, 0o600)
    fcntl.flock(descriptor, fcntl.LOCK_EX)
    try:
        with os.fdopen(descriptor, "w+b", closefd=False) as file:
            yield file
            file.flush()
            os.fsync(descriptor)
        if partial is None:
            partial = _publish(descriptor, target)
        if partial is not None:
            partial.replace(target)
            partial = None
    finally:
        os.close(descriptor)
        if partial is not None:
            partial.unlink(missing_ok=True)


def _publish(descriptor: int, target: Path) -> Path | None:
    """Give the unnamed file the name `target` in one step; when an older archive holds that name, under a `.partial`
    name to be moved over it (the file is complete by then). Returns that name, or None when already at `target`."""
    folder = os.open(target.parent, os.O_RDONLY | os.O_DIRECTORY)
    try:
        # os.link calls linkat, which follows /proc's link to the open file only when given a folder descriptor.
        try:
            os.link(f"/proc/self/fd/{descriptor}", target.name, dst_dir_fd=folder, follow_symlinks=True)
            return None
        except FileExistsError:
            partial = _partial_name(target)
            os.link(f"/proc/self/fd/{descriptor}", partial.name, dst_dir_fd=folder, follow_symlinks=True)
            return partial
    finally:
        os.close(folder)


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
