"""`citycert restore`: an archive of `citycert backup` onto an empty install, all of it or nothing of the database.

Every evidence file is checked against its SHA-256 before the database is touched; the rows then go in one
transaction, with their own ids, so the audit log's chain and every link between rows hold as they did.
"""

from __future__ import annotations

import hashlib
import json
import os
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from django.apps import apps
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core import serializers
from django.core.files import File
from django.core.files.storage import default_storage
from django.core.management.color import no_style
from django.db import connection, models, transaction
from django.db.migrations.executor import MigrationExecutor
from django.db.migrations.recorder import MigrationRecorder

from citycert.assessments.evidence import stored_name
from citycert.operations.backup import (
    CHUNK,
    EVIDENCE,
    FORMAT,
    FORMAT_VERSION,
    MANIFEST,
    ROWS,
    SIGNING_KEY,
    Manifest,
    dumped_models,
)
from citycert.signing import key_id, load_private_key

# What `citycert migrate` itself puts into a new database; anything else means the install is in use.
MADE_BY_INSTALL = {
    "contenttypes.contenttype",
    "auth.permission",
    "library.frameworkversion",
    "library.crosswalkversion",
    "audit.auditchainhead",
    # The install's first certifying body, which the memberships migration makes (its rounds and people come later).
    "accounts.certifyingbody",
}


class RestoreRefused(Exception):
    """The archive was not restored, and the message says why; the database was left as it was."""


def restore_backup(source: Path, *, force: bool = False) -> Manifest:
    """Restore `source` into this install's database, file storage and signing key."""
    try:
        archive = zipfile.ZipFile(source)
    except (OSError, zipfile.BadZipFile) as error:
        raise RestoreRefused(f"{source}: not a citycert backup ({error})") from None
    with archive:
        manifest = _manifest(archive, source)
        _check_schema(manifest)
        in_use = rows_in_use()
        if in_use and not force:
            listed = ", ".join(f"{count} {label}" for label, count in sorted(in_use.items())[:6])
            raise RestoreRefused(
                f"this install already holds data ({listed}); restore goes onto an empty install "
                "(a new CITYCERT_DATA_DIR or database, after `citycert migrate`), or give --force to replace all of it"
            )
        try:
            _restore_evidence(archive, manifest)
            with transaction.atomic():
                _replace_rows(archive, manifest)
                _put_signing_key(archive.read(SIGNING_KEY))
        except (zipfile.BadZipFile, KeyError) as error:
            raise RestoreRefused(f"{source}: the archive is damaged ({error}); nothing was restored") from None
    ContentType.objects.clear_cache()
    return manifest


def rows_in_use() -> dict[str, int]:
    """The models holding rows that a new install does not have, with how many."""
    counts = {}
    for model in dumped_models():
        if model._meta.label_lower not in MADE_BY_INSTALL:
            count = model._base_manager.count()
            if count:
                counts[model._meta.label] = count
    return counts


def _manifest(archive: zipfile.ZipFile, source: Path) -> Manifest:
    try:
        manifest: Manifest = json.loads(archive.read(MANIFEST))
    except (KeyError, ValueError):
        raise RestoreRefused(f"{source}: not a citycert backup (no readable {MANIFEST})") from None
    if manifest.get("format") != FORMAT or manifest.get("version") != FORMAT_VERSION:
        raise RestoreRefused(
            f"{source}: a {manifest.get('format')} archive of version {manifest.get('version')}; "
            f"this citycert restores {FORMAT} version {FORMAT_VERSION}"
        )
    return manifest


def _check_schema(manifest: Manifest) -> None:
    """The tables must be the archive's: same migrations applied, no more, no fewer."""
    executor = MigrationExecutor(connection)
    if executor.migration_plan(executor.loader.graph.leaf_nodes()):
        raise RestoreRefused("the database is not installed or not up to date: run `citycert migrate` first")
    here = {(app, name) for app, name in MigrationRecorder(connection).applied_migrations()}
    there = {(app, name) for app, name in manifest["migrations"]}
    if here != there:
        only_there = ", ".join(f"{app}.{name}" for app, name in sorted(there - here)[:5]) or "-"
        only_here = ", ".join(f"{app}.{name}" for app, name in sorted(here - there)[:5]) or "-"
        raise RestoreRefused(
            "the archive was made by another version of citycert "
            f"(migrations only in the archive: {only_there}; only here: {only_here}); "
            "restore it with the version that made it, then upgrade"
        )


def _restore_evidence(archive: zipfile.ZipFile, manifest: Manifest) -> None:
    """Check every file against its SHA-256 and size first; only if all hold, put each whole into the storage."""
    listed = sorted(manifest["evidence"].items())
    for digest, size in listed:
        hasher, read = hashlib.sha256(), 0
        with archive.open(EVIDENCE + digest) as member:
            while chunk := member.read(CHUNK):
                hasher.update(chunk)
                read += len(chunk)
        if hasher.hexdigest() != digest or read != size:
            raise RestoreRefused(
                f"evidence file {digest} in the archive does not match its SHA-256; nothing was restored"
            )
    for digest, _size in listed:
        with archive.open(EVIDENCE + digest) as member:
            saved = default_storage.save(stored_name(digest), File(member))
        assert saved == stored_name(digest), saved


def _replace_rows(archive: zipfile.ZipFile, manifest: Manifest) -> None:
    with connection.cursor() as cursor:
        tables = connection.introspection.django_table_names(only_existing=True, include_views=False)
        for statement in connection.ops.sql_flush(no_style(), tables, reset_sequences=True):
            cursor.execute(statement)
    with connection.constraint_checks_disabled():
        for restored in serializers.deserialize("python", _rows(archive)):
            restored.save(force_insert=True)
    connection.check_constraints()
    for model in dumped_models():
        count = model._base_manager.count()
        expected = manifest["rows"].get(model._meta.label, 0)
        if count != expected:
            raise RestoreRefused(f"{model._meta.label}: {count} rows restored, the archive lists {expected}")
    # Ids were given, so the counters behind them (PostgreSQL's sequences) must move past the largest.
    every_table: list[type[models.Model]] = list(apps.get_models(include_auto_created=True))
    with connection.cursor() as cursor:
        for statement in connection.ops.sequence_reset_sql(no_style(), every_table):
            cursor.execute(statement)


def _rows(archive: zipfile.ZipFile) -> Iterator[dict[str, Any]]:
    with archive.open(ROWS) as lines:
        for line in lines:
            yield json.loads(line)


def _put_signing_key(pem: bytes) -> None:
    """The archive's key signs from now on; a different key found here is never thrown away: it moves to the retired
    keys' folder under its key id, so the certificates it signed still verify."""
    path = Path(settings.SIGNING_KEY_FILE)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.parent.chmod(0o700)
    if path.exists() and path.read_bytes() != pem:
        retired = Path(settings.RETIRED_SIGNING_KEYS_DIR)
        retired.mkdir(parents=True, exist_ok=True)
        retired.chmod(0o700)
        kid = key_id(load_private_key(path.read_bytes(), str(path)).public_key())
        path.replace(retired / f"{kid}.pem")
    temporary = path.with_name(f".{path.name}.restoring")
    descriptor = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(descriptor, "wb") as file:
        file.write(pem)
        file.flush()
        os.fsync(file.fileno())
    temporary.replace(path)
