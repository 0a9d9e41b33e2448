"""A production app server for the operations stories: gunicorn with CITYCERT_PRODUCTION=1, DEBUG off, a secret and
a signing key of its own, static files collected into the data folder; plain HTTP on 127.0.0.1 (no TLS redirect)."""

from __future__ import annotations

import re
import secrets
import urllib.parse
from pathlib import Path

from tests.operations.processes import child_env, citycert
from tests.security.test_production_settings_pass_the_deploy_check import new_signing_key_pem

# What a page references: stylesheets, scripts, icons and images; and what a stylesheet references (fonts, images).
PAGE_ASSETS = re.compile(r"""<(?:link|script|img)\b[^>]*?\b(?:href|src)=["']([^"']+)["']""", re.IGNORECASE)
CSS_ASSETS = re.compile(r"""url\(\s*["']?([^"')]+?)["']?\s*\)""")


def production_env(data_dir: Path, **extra: str) -> dict[str, str]:
    """The environment of a production server on `data_dir`, migrated and with its static files collected."""
    env = child_env(
        data_dir,
        CITYCERT_PRODUCTION="1",
        DEBUG="0",
        SECRET_KEY=secrets.token_urlsafe(50),
        ALLOWED_HOSTS="127.0.0.1",
        CITYCERT_SSL_REDIRECT="0",
        CITYCERT_SIGNING_KEY_PEM=new_signing_key_pem(),
    )
    # The install steps run with the site's own settings; `extra` (a test's settings module) is for the server.
    if not (data_dir / "citycert.sqlite3").exists():
        citycert("migrate", "--no-input", "-v0", env=env)
    citycert("collectstatic", "--no-input", "-v0", env=env)
    return {**env, **extra}


def assets_of(page_url: str, html: str) -> list[str]:
    """The absolute URLs of this site's files a page references (links to other pages are not assets)."""
    found = []
    for reference in PAGE_ASSETS.findall(html):
        url = urllib.parse.urljoin(page_url, reference)
        if "/static/" in urllib.parse.urlsplit(url).path:
            found.append(url)
    return sorted(set(found))


def assets_of_stylesheet(css_url: str, css: str) -> list[str]:
    return sorted(
        {urllib.parse.urljoin(css_url, ref) for ref in CSS_ASSETS.findall(css) if not ref.startswith(("data:", "#"))}
    )
