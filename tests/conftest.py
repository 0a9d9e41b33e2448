from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from citycert.settings import file_storage
from tests.support import SCENARIOS

# The S3-compatible server, Redis and the `storage` fixture (files in a folder, then in a bucket); the OpenID provider.
pytest_plugins = ["tests.services", "tests.oidc_provider.server"]


def pytest_configure(config: pytest.Config) -> None:
    # Without the scenarios the published-outcome tests would prove nothing: a missing folder is a broken clone.
    if not any(SCENARIOS.glob("*.yaml")):
        raise pytest.UsageError(f"no scenarios in {SCENARIOS}: the repository's copy is missing")


@pytest.fixture(autouse=True)
def _empty_cache(_fast_passwords_and_private_files: None) -> None:
    """Each test starts with an empty cache: database ids start again in every test, so a key made of ids
    (the registry's listing, a peer group's figures) could otherwise find what an earlier test left."""
    from django.core.cache import cache

    cache.clear()


@pytest.fixture(autouse=True)
def _fast_passwords_and_private_files(settings: Any, tmp_path: Path) -> None:
    # Real hashing costs about a second per login; the tests are about permissions, not hashing.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    # The test's own folder, never a bucket that CITYCERT_S3_BUCKET may name (the `storage` fixture makes one).
    settings.MEDIA_ROOT = tmp_path / "files"
    settings.STORAGES = {**settings.STORAGES, "default": file_storage({})}
    # This process's memory, never a Redis that CITYCERT_REDIS_URL may name (the shared-cache stories start their own).
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    settings.DATA_DIR = tmp_path / "data"
    settings.SIGNING_KEY_FILE = tmp_path / "keys" / "certificate-signing.pem"
    settings.RETIRED_SIGNING_KEYS_DIR = tmp_path / "keys" / "retired"


@pytest.fixture
def people(db: Any) -> Any:
    from tests.people import make_people

    return make_people()
