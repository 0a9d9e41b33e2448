"""A development or small install on SQLite (the default) writes ahead to a log and does not wait for the disk at
each commit (synchronous=NORMAL, SQLite's documented setting for WAL): a saved answer no longer waits for a flush.
Checked on a real database file made by the settings' own SQLite entry, as the site opens it."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.db.utils import load_backend

from citycert.settings import sqlite


def test_a_sqlite_database_file_is_opened_in_wal_with_normal_synchronous(
    tmp_path: Path, django_db_blocker: Any
) -> None:
    # A connection of its own, to a file of its own: no test database is needed, only leave to connect.
    config = {
        **sqlite(tmp_path / "citycert.sqlite3"),
        "ATOMIC_REQUESTS": False,
        "AUTOCOMMIT": True,
        "CONN_MAX_AGE": 0,
        "CONN_HEALTH_CHECKS": False,
        "TIME_ZONE": None,
        "USER": "",
        "PASSWORD": "",
        "HOST": "",
        "PORT": "",
        "TEST": {},
    }
    wrapper = load_backend(config["ENGINE"]).DatabaseWrapper(config, "citycert-sqlite-test")
    try:
        with django_db_blocker.unblock(), wrapper.cursor() as cursor:
            journal = cursor.execute("PRAGMA journal_mode").fetchone()[0]
            synchronous = cursor.execute("PRAGMA synchronous").fetchone()[0]
    finally:
        wrapper.close()
    assert journal == "wal"
    assert synchronous == 1  # NORMAL (FULL, SQLite's default, is 2)
