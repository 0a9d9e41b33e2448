"""Run with CITYCERT_PRODUCTION=1, citycert passes Django's deploy check with no warning, and refuses to start
at all without a secret key or host names of its own, or with DEBUG on."""

from __future__ import annotations

import secrets
from pathlib import Path

import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from tests.support import Ran, run_shell


def new_signing_key_pem() -> str:
    key = Ed25519PrivateKey.generate()
    pem = key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption())
    return pem.decode("ascii")


def production(tmp_path: Path, **env: str) -> dict[str, str]:
    return {
        "CITYCERT_PRODUCTION": "1",
        "DEBUG": "0",
        "ALLOWED_HOSTS": "citycert.example",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "CITYCERT_SIGNING_KEY_PEM": new_signing_key_pem(),
        "CITYCERT_PUBLIC_URL": "https://citycert.example",
        "CITYCERT_DATA_DIR": str(tmp_path),
        **env,
    }


def setting(tmp_path: Path, expression: str, **env: str) -> Ran:
    return run_shell(
        "shell",
        "--no-imports",
        "-c",
        f"from django.conf import settings; print(repr({expression}))",
        env=production(tmp_path, **env),
    )


def test_the_deploy_check_finds_nothing_to_warn_about(tmp_path: Path) -> None:
    ran = run_shell("check", "--deploy", "--fail-level", "WARNING", env=production(tmp_path))
    assert ran.code == 0, ran.err
    assert "no issues" in ran.out


def test_cookies_travel_only_over_https_and_browsers_remember_it(tmp_path: Path) -> None:
    expression = (
        "(settings.DEBUG, settings.SESSION_COOKIE_SECURE, settings.CSRF_COOKIE_SECURE, settings.SECURE_SSL_REDIRECT,"
        " settings.SECURE_HSTS_SECONDS >= 31536000, settings.SECURE_HSTS_INCLUDE_SUBDOMAINS, settings.SECURE_HSTS_PRELOAD,"
        " settings.X_FRAME_OPTIONS, settings.SECURE_CONTENT_TYPE_NOSNIFF, settings.SECURE_REFERRER_POLICY,"
        " settings.ALLOWED_HOSTS)"
    )
    ran = setting(tmp_path, expression)
    assert ran.code == 0, ran.err
    assert ran.out.strip() == repr(
        (False, True, True, True, True, True, True, "DENY", True, "same-origin", ["citycert.example"])
    )


def test_a_proxy_that_ends_tls_is_named_by_its_header(tmp_path: Path) -> None:
    ran = setting(tmp_path, "settings.SECURE_PROXY_SSL_HEADER", CITYCERT_PROXY_SSL_HEADER="X-Forwarded-Proto")
    assert ran.out.strip() == repr(("HTTP_X_FORWARDED_PROTO", "https"))


def test_the_secret_key_may_come_from_a_file(tmp_path: Path) -> None:
    key = secrets.token_urlsafe(50)
    (tmp_path / "secret").write_text(key + "\n")
    ran = setting(tmp_path, "settings.SECRET_KEY", SECRET_KEY="", SECRET_KEY_FILE=str(tmp_path / "secret"))
    assert ran.out.strip() == repr(key)


@pytest.mark.parametrize(
    ("env", "named"),
    [
        ({"SECRET_KEY": ""}, "SECRET_KEY"),
        ({"ALLOWED_HOSTS": ""}, "ALLOWED_HOSTS"),
        ({"DEBUG": "1"}, "DEBUG"),
    ],
    ids=["no secret key", "no host names", "debug on"],
)
def test_it_refuses_to_start_when_something_is_missing(tmp_path: Path, env: dict[str, str], named: str) -> None:
    ran = run_shell("check", env=production(tmp_path, **env))
    assert ran.code != 0
    assert "ImproperlyConfigured" in ran.err and named in ran.err
