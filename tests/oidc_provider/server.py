"""The `oidc_provider` fixture: the test OpenID provider, started once per test session on a free port of
127.0.0.1 under gunicorn, with a fresh SQLite database and RSA key in the session's temporary folder."""

from __future__ import annotations

import os
import secrets
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa

from tests.oidc_provider.people import CLIENT_ID, CLIENT_SECRET
from tests.operations.processes import free_port
from tests.services import _stop, _wait_for

ROOT = Path(__file__).resolve().parents[2]


@dataclass(frozen=True)
class Provider:
    """The running provider: its address and the settings that point citycert at it."""

    url: str

    def citycert_settings(self, name: str = "Test ID") -> dict[str, Any]:
        """What CITYCERT_OIDC_* would give (citycert.settings.oidc_settings), for pytest-django's `settings`."""
        from citycert.settings import oidc_settings

        return oidc_settings(
            {
                "CITYCERT_OIDC_PROVIDER_NAME": name,
                "CITYCERT_OIDC_CLIENT_ID": CLIENT_ID,
                "CITYCERT_OIDC_CLIENT_SECRET": CLIENT_SECRET,
                "CITYCERT_OIDC_ISSUER": f"{self.url}/o",
                "CITYCERT_OIDC_AUTHORIZATION_ENDPOINT": f"{self.url}/o/authorize/",
                "CITYCERT_OIDC_TOKEN_ENDPOINT": f"{self.url}/o/token/",
                "CITYCERT_OIDC_USERINFO_ENDPOINT": f"{self.url}/o/userinfo/",
                "CITYCERT_OIDC_JWKS_ENDPOINT": f"{self.url}/o/.well-known/jwks.json",
            },
            production=False,
        )


@pytest.fixture(scope="session")
def oidc_provider(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Provider]:
    folder = tmp_path_factory.mktemp("oidc-provider")
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    key_file = folder / "rsa.pem"
    pem = key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption())
    key_file.write_bytes(pem)
    env = {
        **{name: value for name, value in os.environ.items() if not name.startswith(("DJANGO_", "DATABASE_URL"))},
        "DJANGO_SETTINGS_MODULE": "tests.oidc_provider.settings",
        "PROVIDER_SECRET_KEY": secrets.token_urlsafe(50),
        "PROVIDER_DATABASE": str(folder / "provider.sqlite3"),
        "PROVIDER_RSA_KEY_FILE": str(key_file),
        "PYTHONPATH": str(ROOT),
    }
    subprocess.run([sys.executable, "-m", "tests.oidc_provider.prepare"], env=env, cwd=ROOT, check=True)
    port = free_port()
    gunicorn = str(Path(sys.executable).parent / "gunicorn")
    command = [gunicorn, "tests.oidc_provider.wsgi", "--bind", f"127.0.0.1:{port}", "--workers", "1", "--threads", "4"]
    log = (folder / "gunicorn.log").open("wb")
    process = subprocess.Popen(command, env=env, cwd=ROOT, stdout=log, stderr=subprocess.STDOUT)
    try:
        _wait_for(port, process, "the test OpenID provider")
        yield Provider(f"http://127.0.0.1:{port}")
    finally:
        _stop(process)
        log.close()
