from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from tests.operations.processes import child, child_env, citycert


@pytest.fixture(scope="session")
def installed_story(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, Any]]:
    """A data folder with a migrated SQLite database holding the tests' people and a round in review (with a
    certifiable consensus), made once; copy it before changing it."""
    folder = tmp_path_factory.mktemp("installed") / "data"
    env = child_env(folder)
    citycert("migrate", "--no-input", "-v0", env=env)
    ids = child("setup-story", env=env)
    return folder, ids
