"""Uploads waiting between their preview and the person's confirmation (assessment spreadsheets, indicator files).

They are kept in the shared file storage, so the server that confirms need not be the one that showed the preview.
A token names each: the time it was kept and a random part, so a preview older than PENDING_HOURS is refused even
before the sweep (run on each new upload) removes it, and nobody can guess another person's upload.
"""

from __future__ import annotations

import re
import secrets
import time

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage

FOLDER = "pending"
PENDING_HOURS = 24
_TOKEN = re.compile(r"(\d{10})-([A-Za-z0-9_-]{22})")


def _name(token: str) -> str | None:
    found = _TOKEN.fullmatch(token)
    if found is None or int(found.group(1)) < time.time() - PENDING_HOURS * 3600:
        return None
    return f"{FOLDER}/{token}"


def keep(data: bytes) -> str:
    """Keep the uploaded bytes until they are confirmed; returns the token the preview page carries."""
    _sweep()
    token = f"{int(time.time())}-{secrets.token_urlsafe(16)}"
    saved = default_storage.save(f"{FOLDER}/{token}", ContentFile(data))
    assert saved == f"{FOLDER}/{token}", saved
    return token


def kept(token: str) -> bytes | None:
    """The bytes kept under this token; None when the token is malformed, expired or already used."""
    name = _name(token)
    if name is None:
        return None
    try:
        with default_storage.open(name, "rb") as file:
            data: bytes = file.read()
    except FileNotFoundError:
        return None
    return data


def forget(token: str) -> None:
    """The upload was applied (or is no longer wanted)."""
    name = _name(token)
    if name is not None:
        default_storage.delete(name)


def _sweep() -> None:
    """Previews never confirmed are forgotten after PENDING_HOURS."""
    try:
        _folders, names = default_storage.listdir(FOLDER)
    except FileNotFoundError:
        return
    for name in names:
        if not name.startswith(".") and _name(name) is None:
            default_storage.delete(f"{FOLDER}/{name}")
