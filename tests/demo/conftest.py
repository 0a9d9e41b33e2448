from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from django.db import transaction
from django.test import override_settings


@pytest.fixture(scope="package")
def demo(django_db_setup: Any, django_db_blocker: Any) -> Iterator[None]:
    """The demo, loaded once for every test here and rolled back after them: loading it takes seconds, and
    each test only reads it (or loads it again, which must change nothing). Each test still runs in its own
    savepoint inside this transaction, so nothing one test does reaches the next."""
    from citycert.demo.load import load_demo

    with (
        django_db_blocker.unblock(),
        override_settings(PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"]),
        transaction.atomic(),
    ):
        load_demo()
        yield
        transaction.set_rollback(True)
