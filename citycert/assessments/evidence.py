"""Storing evidence: files checked by content, kept once by SHA-256, linked to items of an assessment."""

from __future__ import annotations

import hashlib
from datetime import date
from pathlib import Path
from typing import IO

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.utils.translation import gettext as _

from citycert.assessments.filetypes import FileKind, RejectedFile, check_upload, safe_filename
from citycert.assessments.models import Assessment, Evidence, EvidenceFile, EvidenceLink
from citycert.assessments.workflow import Actor, acting_user
from citycert.audit.log import record
from citycert.language import translated
from citycert.scoring.model import compile_framework


class EvidenceRefused(ValueError):
    """Evidence that cannot be added, with the reason in the page's language."""


def stored_name(sha256: str) -> str:
    """A file's name in the shared storage: its hash, never anything a user typed."""
    return f"evidence/{sha256[:2]}/{sha256}"


def read_limited(stream: IO[bytes], limit: int) -> bytes:
    """At most limit + 1 bytes, so an oversized upload is known without reading all of it."""
    chunks, size = [], 0
    while size <= limit:
        chunk = stream.read(min(1024 * 1024, limit + 1 - size))
        if not chunk:
            break
        chunks.append(chunk)
        size += len(chunk)
    return b"".join(chunks)


def store_content(name: str, data: bytes) -> tuple[EvidenceFile, FileKind]:
    """Check a file by its content and store it once; the same bytes uploaded again reuse the stored file."""
    try:
        kind = check_upload(name, data, max_bytes=settings.EVIDENCE_MAX_BYTES)
    except RejectedFile as rejected:
        raise EvidenceRefused(translated(rejected.wording, rejected.values)) from None
    digest = hashlib.sha256(data).hexdigest()
    name = stored_name(digest)
    # Stored before the row that names it commits, and whole or not at all (a bucket's put; on disk
    # citycert.files writes a temporary and moves it), so a row never names a missing or half file.
    if not default_storage.exists(name):
        saved = default_storage.save(name, ContentFile(data))
        assert saved == name, saved
    stored, _created = EvidenceFile.objects.get_or_create(
        sha256=digest, defaults={"size": len(data), "kind": kind.kind, "mime": kind.mime}
    )
    return stored, kind


def download_name(name: str, kind: FileKind) -> str:
    """The name a file is downloaded under: the user's name, but always with the extension of its real type."""
    safe = safe_filename(name)
    if safe.lower().endswith(kind.extension):
        return safe
    return safe_filename(Path(safe).stem + kind.extension)


def add_evidence(
    assessment: Assessment,
    *,
    title: str,
    item_ids: list[str],
    actor: Actor,
    file_name: str = "",
    data: bytes | None = None,
    url: str = "",
    effective_from: date | None = None,
    expires_on: date | None = None,
) -> Evidence:
    """Add a file or a link as evidence for items of a draft; nothing is saved if anything is wrong."""
    title = title.strip()
    if not title:
        raise EvidenceRefused(_("Give the evidence a title."))
    items = compile_framework(assessment.framework_version.framework).item_by_id
    unknown = [item for item in item_ids if item not in items]
    if not item_ids or unknown:
        raise EvidenceRefused(_("Choose the items this evidence supports."))
    if (data is None) == (not url):
        raise EvidenceRefused(_("Give either a file or a link."))
    if url and not url.startswith(("https://", "http://")):
        raise EvidenceRefused(_("A link must start with https:// or http://."))
    if effective_from and expires_on and expires_on < effective_from:
        raise EvidenceRefused(_("The expiry date is before the date the evidence is effective from."))
    if assessment.locked:
        raise EvidenceRefused(_("This assessment is submitted; evidence can no longer be added."))
    with transaction.atomic():
        stored, kind = store_content(file_name, data) if data is not None else (None, None)
        evidence = Evidence.objects.create(
            assessment=assessment,
            title=title[:200],
            file=stored,
            file_name=download_name(file_name, kind) if kind else "",
            url=url,
            effective_from=effective_from,
            expires_on=expires_on,
            uploaded_by=acting_user(actor),
        )
        EvidenceLink.objects.bulk_create(
            EvidenceLink(evidence=evidence, item_id=item) for item in dict.fromkeys(item_ids)
        )
        record(
            actor,
            "evidence.added",
            "assessment",
            assessment.pk,
            after={
                "evidence": evidence.pk,
                "title": evidence.title,
                "sha256": stored.sha256 if stored else None,
                "url": url,
                "items": item_ids,
            },
        )
    return evidence
