"""The operator's DATABASE_URL keeps what its query says: `?sslmode=require` is required of the server (not dropped
silently), `?host=/run/postgresql` connects through that socket folder, other options reach the connection. Read
with dj-database-url; checked against the settings it makes and, on the PostgreSQL run, against the real server."""

from __future__ import annotations

import os
import urllib.parse
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import pytest
from django.db import OperationalError, connection
from django.db.utils import load_backend

from citycert.settings import database_from_url


def test_sslmode_and_other_options_become_connection_options() -> None:
    config = database_from_url(
        "postgresql://city:p%40ss@db.example:6432/citycert?sslmode=require&sslrootcert=/etc/ca.pem&application_name=web"
    )
    assert config["ENGINE"] == "django.db.backends.postgresql"
    assert (config["USER"], config["PASSWORD"], config["HOST"], str(config["PORT"]), config["NAME"]) == (
        "city",
        "p@ss",
        "db.example",
        "6432",
        "citycert",
    )
    assert config["OPTIONS"] == {"sslmode": "require", "sslrootcert": "/etc/ca.pem", "application_name": "web"}
    assert config["CONN_MAX_AGE"] == 60 and config["CONN_HEALTH_CHECKS"] is True


def test_a_socket_folder_in_the_query_is_the_host() -> None:
    config = database_from_url("postgresql://citycert@/citycert?host=/run/postgresql")
    assert config["HOST"] == "/run/postgresql" and "host" not in config["OPTIONS"]
    assert database_from_url("postgres://citycert@%2Frun%2Fpostgresql/citycert")["HOST"] == "/run/postgresql"


def test_sqlite_keeps_its_own_settings_and_other_schemes_are_named() -> None:
    config = database_from_url("sqlite:///srv/citycert/db.sqlite3")
    assert config["NAME"] == "/srv/citycert/db.sqlite3" and config["OPTIONS"]["transaction_mode"] == "IMMEDIATE"
    with pytest.raises(ValueError, match="unsupported scheme 'mysql'"):
        database_from_url("mysql://u@h/n")


@contextmanager
def connected(url: str) -> Iterator[Any]:
    """A connection of its own, made from `url` as the site would make it."""
    config = {**connection.settings_dict, **database_from_url(url), "CONN_MAX_AGE": 0}
    wrapper = load_backend(config["ENGINE"]).DatabaseWrapper(config, "citycert-url-test")
    try:
        with wrapper.cursor() as cursor:
            yield cursor
    finally:
        wrapper.close()


@pytest.mark.django_db
def test_the_real_server_sees_the_options() -> None:
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL: run under scripts/throwaway-postgres.sh (make test does)")
    url = os.environ["DATABASE_URL"]
    parts = urllib.parse.urlsplit(url)
    with connected(f"{url}?application_name=citycert-url-test&sslmode=disable") as cursor:
        cursor.execute("SELECT current_setting('application_name')")
        assert cursor.fetchone() == ("citycert-url-test",)
    # The throwaway server has no TLS: a URL requiring it is refused, where the old reading connected in clear.
    with pytest.raises(OperationalError, match=r"(?i)ssl"), connected(f"{url}?sslmode=require") as cursor:
        cursor.execute("SELECT 1")
    with connection.cursor() as cursor:
        cursor.execute("SHOW unix_socket_directories")
        (folders,) = cursor.fetchone()
    socket_url = (
        f"postgresql://{parts.username}@/{parts.path.lstrip('/')}?host={folders.split(',')[0]}&port={parts.port}"
    )
    with connected(socket_url) as cursor:
        cursor.execute("SELECT inet_server_addr() IS NULL")  # NULL: over the socket, not TCP
        assert cursor.fetchone() == (True,)
