"""The operator starts citycert in production with ALLOWED_HOSTS='*' (or a pattern holding '*'), or with a short or
plain SECRET_KEY: it refuses to start, naming the setting and what to do, rather than warning and running."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.security.test_production_settings_pass_the_deploy_check import production
from tests.support import run_shell


@pytest.mark.parametrize("hosts", ["*", "citycert.example,*", "*.example"])
def test_a_wildcard_host_list_is_refused(tmp_path: Path, hosts: str) -> None:
    ran = run_shell("check", env=production(tmp_path, ALLOWED_HOSTS=hosts))
    assert ran.code != 0
    assert "ImproperlyConfigured" in ran.err
    assert "a wildcard ('*') is refused in production" in ran.err and "ALLOWED_HOSTS=" in ran.err


@pytest.mark.parametrize(
    "key",
    ["short-secret", "a" * 60, "django-insecure-" + "x1y2z3w4v5" * 5],
    ids=["short", "one character repeated", "django's insecure prefix"],
)
def test_a_weak_secret_key_is_refused(tmp_path: Path, key: str) -> None:
    ran = run_shell("check", env=production(tmp_path, SECRET_KEY=key))
    assert ran.code != 0
    assert "ImproperlyConfigured" in ran.err and "SECRET_KEY is too weak for production" in ran.err


def test_the_same_values_outside_production_still_run(tmp_path: Path) -> None:
    env = {**production(tmp_path, ALLOWED_HOSTS="*", SECRET_KEY="short-secret"), "CITYCERT_PRODUCTION": "0"}
    ran = run_shell("check", env=env)
    assert ran.code == 0, ran.err
