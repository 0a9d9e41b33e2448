"""Load as in production: gunicorn with 2 workers on PostgreSQL, production settings (CITYCERT_PRODUCTION=1, DEBUG
off, static files collected and served by whitenoise), the demo's data; wrk with 64 connections for 30 s on each of
the public registry page, an assessment page seen by its city's officer (signed in through the login form, the
session cookie sent by wrk) and the API's certificate list. Each page is fetched with its assets: wrk's requests go
round the page and every stylesheet and script it names, as a browser without a cache would. Prints requests per
second, page loads per second (a page and its assets), p50, p99 and the errors (answers outside 2xx, and wrk's
connect, read, write and time-out errors).

Goal (issue: production serving): no errors at 64 connections. Without DATABASE_URL the script runs itself under
scripts/throwaway-postgres.sh (a cluster of its own on a free port, removed afterwards); the app server listens on
a free port of 127.0.0.1 (plain HTTP: the redirect to HTTPS is off) and is stopped at the end. wrk (installed from
Debian when missing and run as root) runs on the same 2 cores as the server and PostgreSQL. `--pages-only` loads
the pages alone, as the first runs did. Run:
    .venv/bin/python -m bench.production_load [--connections 64] [--seconds 30] [--workers 2] [--pages-only]
"""

from __future__ import annotations

import argparse
import http.cookiejar
import json
import os
import platform
import re
import secrets
import subprocess
import sys
import tempfile
import urllib.parse
import urllib.request
from pathlib import Path

from bench.load import drive, free_port, require_wrk, running

ROOT = Path(__file__).resolve().parent.parent
OFFICER, PASSWORD, CITY = "officer-seocho", "citycert-demo", "11650"  # the demo's login


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--connections", type=int, default=64)
    parser.add_argument("--seconds", type=int, default=30, help="for each page")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn's worker processes")
    parser.add_argument("--warm-up", type=int, default=3, help="seconds of untimed requests before each page")
    parser.add_argument("--gunicorn", default="", help="more gunicorn options, e.g. '--threads 4'")
    parser.add_argument("--pages-only", action="store_true", help="the pages without their static files")
    arguments = parser.parse_args()
    wrk = require_wrk()
    if not os.environ.get("DATABASE_URL", "").startswith("postgres"):
        # Under a throwaway cluster of our own; a machine without PostgreSQL fails loudly instead of skipping.
        environment = {**os.environ, "CITYCERT_REQUIRE_POSTGRES": "1"}
        script = str(ROOT / "scripts" / "throwaway-postgres.sh")
        os.execve(script, [script, sys.executable, "-m", "bench.production_load", *sys.argv[1:]], environment)
    folder = Path(tempfile.mkdtemp(prefix="citycert-bench-"))
    environment = {
        **os.environ,
        "CITYCERT_DATA_DIR": str(folder),
        "CITYCERT_PRODUCTION": "1",
        "CITYCERT_SSL_REDIRECT": "0",
        "DEBUG": "false",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "127.0.0.1",
        "DJANGO_SETTINGS_MODULE": "citycert.settings",
    }
    bin_dir = Path(sys.executable).parent
    key = subprocess.run([sys.executable, "-m", "citycert.signing"], check=True, capture_output=True)
    environment["CITYCERT_SIGNING_KEY_PEM"] = key.stdout.decode()
    subprocess.run([str(bin_dir / "citycert"), "migrate", "--no-input", "-v0"], check=True, env=environment)
    subprocess.run([str(bin_dir / "citycert"), "collectstatic", "--no-input", "-v0"], check=True, env=environment)
    subprocess.run([str(bin_dir / "citycert"), "demo"], check=True, env=environment, stdout=subprocess.DEVNULL)
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    command = [str(bin_dir / "gunicorn"), "citycert.wsgi:application", "--bind", f"127.0.0.1:{port}"]
    command += ["--workers", str(arguments.workers), *arguments.gunicorn.split()]
    log = folder / "gunicorn.log"
    with running(command, f"{base}/registry/", log, environment):
        cookie, assessment = sign_in(base)
        targets = [
            ("GET /registry/", f"{base}/registry/", []),
            (f"GET /assessments/{assessment}/ (officer)", f"{base}/assessments/{assessment}/", [f"Cookie: {cookie}"]),
            ("GET /api/v1/certificates", f"{base}/api/v1/certificates", []),
        ]
        results = []
        for label, url, headers in targets:
            paths = [urllib.parse.urlsplit(url).path]
            if not arguments.pages_only:
                paths += assets_of(url, headers)
            if len(paths) > 1:
                label += f" + {len(paths) - 1} assets"
            # Untimed first: each worker's first requests fill its caches (templates, the framework compiled).
            drive(wrk, url, connections=2, seconds=arguments.warm_up, headers=headers, paths=paths)
            figures = drive(
                wrk, url, connections=arguments.connections, seconds=arguments.seconds, headers=headers, paths=paths
            )
            results.append((label, figures, len(paths)))
    complaints = [line for line in log.read_text().splitlines() if re.search(r"\[(ERROR|CRITICAL|WARNING)\]", line)]
    print(f"machine: {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}")
    print(
        f"server: gunicorn, {arguments.workers} workers {arguments.gunicorn}".rstrip()
        + f", PostgreSQL, production settings, whitenoise; wrk: 2 threads, {arguments.connections} connections,"
        + f" {arguments.seconds} s each after {arguments.warm_up} s of warm-up; load average {os.getloadavg()[0]:.1f}"
    )
    for label, figures, count in results:
        print(figures.line(label) + (f"  = {figures.per_second / count:.1f} page loads/s" if count > 1 else ""))
    print(f"gunicorn's log: {len(complaints)} warnings or errors", *complaints[:5], sep="\n  ")
    errors = sum(figures.errors for _, figures, _ in results)
    print(f"goal: no errors at {arguments.connections} connections -> {'met' if errors == 0 else 'NOT met'}")


PAGE_ASSETS = re.compile(r"""<(?:link|script|img)\b[^>]*?\b(?:href|src)=["']([^"']+)["']""", re.IGNORECASE)
CSS_ASSETS = re.compile(r"""url\(\s*["']?([^"')]+?)["']?\s*\)""")


def assets_of(url: str, headers: list[str]) -> list[str]:
    """The paths of the static files a page names, and those its stylesheets name (fonts, images)."""
    request = urllib.request.Request(url, headers=dict(header.split(": ", 1) for header in headers))
    with urllib.request.urlopen(request) as answer:
        html = answer.read().decode()
    found = [urllib.parse.urljoin(url, ref) for ref in PAGE_ASSETS.findall(html)]
    found = [asset for asset in found if "/static/" in urllib.parse.urlsplit(asset).path]
    for stylesheet in [asset for asset in found if asset.endswith(".css")]:
        with urllib.request.urlopen(stylesheet) as answer:
            css = answer.read().decode()
        found += [
            urllib.parse.urljoin(stylesheet, ref) for ref in CSS_ASSETS.findall(css) if not ref.startswith("data:")
        ]
    return sorted({urllib.parse.urlsplit(asset).path for asset in found})


class SecureCookiesToThisMachine(http.cookiejar.DefaultCookiePolicy):
    """Production's cookies are Secure; the benchmark talks plain HTTP to 127.0.0.1, where sending them is safe."""

    def return_ok_secure(self, cookie: http.cookiejar.Cookie, request: urllib.request.Request) -> bool:
        return True


def sign_in(base: str) -> tuple[str, int]:
    """Sign the demo officer in through the login form; the session's Cookie header and their city's draft."""
    jar = http.cookiejar.CookieJar(SecureCookiesToThisMachine())
    browser = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    with browser.open(f"{base}/accounts/login/") as answer:
        form = answer.read().decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form)
    assert token, "no CSRF token in the login form"
    fields = {"username": OFFICER, "password": PASSWORD, "csrfmiddlewaretoken": token.group(1)}
    request = urllib.request.Request(
        f"{base}/accounts/login/", data=urllib.parse.urlencode(fields).encode(), headers={"Referer": base}
    )
    with browser.open(request) as answer:
        assert "/accounts/login/" not in answer.url, f"{OFFICER} was not signed in"
    with browser.open(f"{base}/api/v1/assessments?city={CITY}&state=draft&limit=1") as answer:
        assessment: int = json.load(answer)["results"][0]["id"]
    cookie = "; ".join(f"{item.name}={item.value}" for item in jar)
    with browser.open(f"{base}/assessments/{assessment}/") as answer:
        assert answer.url.endswith(f"/assessments/{assessment}/"), "the officer cannot open their assessment"
    return cookie, assessment


if __name__ == "__main__":
    main()
