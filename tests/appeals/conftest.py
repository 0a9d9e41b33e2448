from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest


@pytest.fixture(autouse=True)
def _files_in_a_folder_of_the_test(settings: Any, tmp_path: Path) -> None:
    # Appeal files go to Django's default storage; here a folder of the test's own.
    settings.MEDIA_ROOT = tmp_path / "files"
