"""Where citycert keeps its files: Django's default storage (settings.file_storage), shared by every app server.

Names are citycert's own, never a user's: `evidence/ab/<sha256>`, `pending/<token>`, `archives/round-…zip`.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path
from typing import Any

from django.core.files.base import File
from django.core.files.storage import FileSystemStorage


class WholeFileSystemStorage(FileSystemStorage):
    """A folder (MEDIA_ROOT) where a file appears under its name only once it is whole: written under a temporary
    name beside it and moved into place, so a process killed mid-write never leaves half a file under a real name
    (Django's own writes in place). Saving a name again replaces it, as a bucket does."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("allow_overwrite", True)
        super().__init__(**kwargs)

    def _save(self, name: str, content: File[Any]) -> str:
        target = Path(self.path(name))
        target.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary_name = tempfile.mkstemp(dir=target.parent, prefix=".upload-")
        temporary = Path(temporary_name)
        try:
            with os.fdopen(handle, "wb") as out:
                for chunk in content.chunks():
                    out.write(chunk if isinstance(chunk, bytes) else chunk.encode())
                out.flush()
                os.fsync(out.fileno())
            temporary.replace(target)
        finally:
            temporary.unlink(missing_ok=True)
        return Path(os.path.relpath(target, self.location)).as_posix()
