"""An operator installs citycert on an empty database and makes its first account with `citycert createadmin`,
piping the password in. A weak password and a bad email are refused, naming the field, and make nothing; a second
run, once an administrator exists, is refused rather than adding another superuser."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from pathlib import Path

CITYCERT = Path(sys.executable).parent / "citycert"


def _citycert(database: Path, *args: str, password: str = "") -> subprocess.CompletedProcess[str]:
    environment = {**os.environ, "DATABASE_URL": f"sqlite:///{database}"}
    return subprocess.run(
        [str(CITYCERT), *args], input=password + "\n", capture_output=True, text=True, env=environment, timeout=300
    )


def _accounts(database: Path) -> list[tuple[str, int]]:
    with sqlite3.connect(database) as connection:
        return connection.execute("SELECT username, is_superuser FROM auth_user").fetchall()


def test_the_first_account_of_a_fresh_install(tmp_path: Path) -> None:
    database = tmp_path / "citycert.sqlite3"
    assert _citycert(database, "migrate", "--no-input").returncode == 0

    weak = _citycert(
        database, "createadmin", "--username", "body-admin", "--email", "admin@body.example", password="1234"
    )
    assert weak.returncode == 2 and "password:" in weak.stderr and "비밀번호" in weak.stderr, weak.stderr
    bad_email = _citycert(
        database, "createadmin", "--username", "body-admin", "--email", "admin-at-body", password="long-enough-words-9"
    )
    assert bad_email.returncode == 2 and "email: admin-at-body" in bad_email.stderr, bad_email.stderr
    assert _accounts(database) == []

    made = _citycert(
        database,
        "createadmin",
        "--username",
        "body-admin",
        "--email",
        "admin@body.example",
        password="long-enough-words-9",
    )
    assert made.returncode == 0 and "body-admin" in made.stdout and "/admin/" in made.stdout, made.stderr
    assert _accounts(database) == [("body-admin", 1)]

    again = _citycert(
        database,
        "createadmin",
        "--username",
        "second",
        "--email",
        "second@body.example",
        password="long-enough-words-9",
    )
    assert again.returncode == 2 and "body-admin" in again.stderr, again.stderr
    assert _accounts(database) == [("body-admin", 1)]

    with sqlite3.connect(database) as connection:
        actions = [row[0] for row in connection.execute("SELECT action FROM audit_auditevent ORDER BY id")]
        held = list(connection.execute("SELECT kind, ended_at FROM accounts_membership"))
    # The first administrator administers the install's first certifying body.
    assert actions == ["account.first_administrator", "membership.granted"]
    assert held == [("administrator", None)]
