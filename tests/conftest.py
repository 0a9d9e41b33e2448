from __future__ import annotations

import pytest

from tests.support import SCENARIOS


def pytest_configure(config: pytest.Config) -> None:
    # The scenarios live beside the repository (../shared); without them the suite would prove nothing.
    if not SCENARIOS.is_dir():
        raise pytest.UsageError(f"scenarios not found at {SCENARIOS}; set CITYCERT_SHARED to the shared/ folder")
