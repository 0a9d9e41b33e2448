"""Importing framework and crosswalk files into the database, and finding stored versions."""

from __future__ import annotations

import hashlib
import json
import sys
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.db import DatabaseError, transaction
from django.utils.translation import gettext

from citycert.frameworks.loader import bundled_paths, load_files
from citycert.frameworks.located_yaml import InvalidFile
from citycert.frameworks.schema import Crosswalk, Framework
from citycert.library.models import CrosswalkVersion, FrameworkVersion


class ImportRefused(Exception):
    """An import that would change a stored version; nothing was saved."""


class UnknownFramework(LookupError):
    """No stored framework has that id (or id and version)."""


@dataclass(frozen=True)
class Imported:
    """What one file did: a new version added, or the same version already stored."""

    kind: str  # framework | crosswalk
    key: str
    added: bool


def digest_of(document: dict[str, Any]) -> str:
    """SHA-256 of a document's canonical JSON: comments and layout of the file do not count."""
    canonical = json.dumps(document, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def import_paths(paths: Iterable[Path], *, bundled: bool = False) -> list[Imported]:
    """Import files all or nothing: a new version is added; the same version with the same content is
    left as it is; the same version with other content is refused, so stored versions never change."""
    known = {stored.key: stored.framework for stored in FrameworkVersion.objects.all()}
    loaded = load_files([Path(path) for path in paths], known=known)
    outcomes: list[Imported] = []
    with transaction.atomic():
        for entry in loaded:
            if isinstance(entry.document, Framework):
                outcomes.append(_store_framework(entry.document, entry.file, bundled))
            else:
                outcomes.append(_store_crosswalk(entry.document, entry.file, bundled))
    return outcomes


def _store_framework(framework: Framework, source_name: str, bundled: bool) -> Imported:
    document = framework.model_dump(mode="json", by_alias=True)
    digest = digest_of(document)
    stored = FrameworkVersion.objects.filter(framework_id=framework.id, version=framework.version).first()
    if stored is not None:
        if stored.digest != digest and _read_today(stored) != document:
            raise ImportRefused(
                f"{source_name}: {framework.key} is already stored with other content; "
                "give the changed file a new version so that assessments made on the stored one stay as they are"
            )
        return Imported("framework", framework.key, added=False)
    FrameworkVersion.objects.create(
        framework_id=framework.id,
        version=framework.version,
        name_ko=framework.name.ko,
        name_en=framework.name.en,
        document=document,
        digest=digest,
        source_name=source_name,
        bundled=bundled,
    )
    return Imported("framework", framework.key, added=True)


def _read_today(stored: FrameworkVersion) -> dict[str, Any]:
    """A stored document as today's file format reads it: a key the format gained since, with its default, is no
    change of content (the stored version reads the same either way)."""
    return Framework.model_validate(stored.document).model_dump(mode="json", by_alias=True)


def _store_crosswalk(crosswalk: Crosswalk, source_name: str, bundled: bool) -> Imported:
    document = crosswalk.model_dump(mode="json", by_alias=True)
    digest = digest_of(document)
    key = f"{crosswalk.id}@{crosswalk.version}"
    stored = CrosswalkVersion.objects.filter(crosswalk_id=crosswalk.id, version=crosswalk.version).first()
    if stored is not None:
        if stored.digest != digest:
            raise ImportRefused(f"{source_name}: {key} is already stored with other content; give it a new version")
        return Imported("crosswalk", key, added=False)
    CrosswalkVersion.objects.create(
        crosswalk_id=crosswalk.id,
        version=crosswalk.version,
        source=FrameworkVersion.objects.get(framework_id=crosswalk.source.id, version=crosswalk.source.version),
        target=FrameworkVersion.objects.get(framework_id=crosswalk.target.id, version=crosswalk.target.version),
        document=document,
        digest=digest,
        source_name=source_name,
        bundled=bundled,
    )
    return Imported("crosswalk", key, added=True)


def import_bundled() -> list[Imported]:
    """Import the library shipped with citycert (idempotent)."""
    return import_paths(bundled_paths(), bundled=True)


def import_bundled_after_migrate(**kwargs: Any) -> None:
    """After `migrate`, make sure the bundled library is stored. Problems are told, never fatal to migrate."""
    try:
        import_bundled()
    except (ImportRefused, InvalidFile, DatabaseError) as error:
        print(f"citycert: the bundled framework library was not imported: {error}", file=sys.stderr)


def version_sort_key(version: str) -> tuple[Any, ...]:
    """Versions sort by their numeric parts first, so that 2024 comes after 2021 and 10 after 9."""
    return tuple(
        (0, int(part), "") if part.isdigit() else (1, 0, part) for part in version.replace("-", ".").split(".")
    )


def find_version(reference: str) -> FrameworkVersion:
    """A stored framework by `ID` (its latest version) or `ID@VERSION`.

    Only the named framework's versions are read, without their documents: the one found parses its
    document once per process, when its framework is first asked for."""
    framework_id, _, version = reference.partition("@")
    candidates = FrameworkVersion.objects.filter(framework_id=framework_id).order_by()
    if version:
        candidates = candidates.filter(version=version)
    # The versions as (id, version) pairs first: fifty stored versions are not fifty model objects.
    found = list(candidates.values_list("pk", "version"))
    if not found:
        stored = FrameworkVersion.objects.order_by().values_list("framework_id", "version")
        known = ", ".join(sorted({f"{key}@{number}" for key, number in stored})) or "-"
        raise UnknownFramework(
            gettext("no stored framework %(reference)s; stored: %(known)s")
            % {"reference": repr(reference), "known": known}
        )
    newest, _ = max(found, key=lambda pair: version_sort_key(pair[1]))
    return FrameworkVersion.objects.defer("document").get(pk=newest)


def latest_versions() -> list[FrameworkVersion]:
    """The newest stored version of each framework, by id (read without the documents, as find_version)."""
    latest: dict[str, FrameworkVersion] = {}
    for stored in FrameworkVersion.objects.defer("document"):
        current = latest.get(stored.framework_id)
        if current is None or version_sort_key(stored.version) > version_sort_key(current.version):
            latest[stored.framework_id] = stored
    return [latest[key] for key in sorted(latest)]
