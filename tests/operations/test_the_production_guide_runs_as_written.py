"""An operator follows the README's production guide on this machine: the environment file from deploy/, the
commands of the blocks marked `production-guide` word for word, then two app servers and a worker started with the
command lines of the systemd units in deploy/. Only the places differ: folders under a temporary one, a throwaway
PostgreSQL database, a Redis the tests started, ports of 127.0.0.1.

What they then see: pages with their stylesheets and scripts from either server, a spreadsheet previewed on one
server and applied on the other, a round's archive built by the worker and downloaded from the other server, a
certificate downloaded from one server and verified on the other, and /healthz on both with the worker alive.
"""

from __future__ import annotations

import io
import json
import os
import re
import secrets
import shlex
import subprocess
import urllib.parse
import zipfile
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from pathlib import Path
from typing import Any

import psycopg
import pytest

from tests.operations.browsing import Browser
from tests.operations.processes import CITYCERT, WAIT, Server, _serving, child, free_port, get, wait_for
from tests.operations.production import assets_of
from tests.operations.test_a_preview_on_one_server_is_confirmed_on_another import every_answer_set_to_2, hidden
from tests.support import REPO

pytestmark = pytest.mark.slow

GUIDE_BLOCK = re.compile(r"<!-- production-guide: ([\w-]+) -->\n```sh\n(.*?)```", re.S)


def guide_blocks() -> dict[str, str]:
    return dict(GUIDE_BLOCK.findall((REPO / "README.md").read_text(encoding="utf-8")))


@pytest.fixture
def postgres_database() -> Iterator[str]:
    """A database of its own on the PostgreSQL server of the test run (the PostgreSQL pass of `make test`)."""
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith("postgres"):
        pytest.skip("the production guide runs on PostgreSQL: make test's PostgreSQL pass runs it")
    name = f"citycert_guide_{secrets.token_hex(4)}"
    parts = urllib.parse.urlsplit(url)
    admin = urllib.parse.urlunsplit(parts._replace(path="/postgres"))
    with psycopg.connect(admin, autocommit=True) as connection:
        connection.execute(f'CREATE DATABASE "{name}"')
    try:
        yield urllib.parse.urlunsplit(parts._replace(path=f"/{name}"))
    finally:
        with psycopg.connect(admin, autocommit=True) as connection:
            connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


class Install:
    """The guide's places, moved under a temporary folder: the one thing that differs from a real machine."""

    def __init__(self, root: Path, database_url: str, redis_url: str) -> None:
        self.etc, self.data, self.files = root / "etc", root / "data", root / "files"
        for folder in (self.etc, self.data, self.files):
            folder.mkdir(parents=True)
        self.places = {
            "/etc/citycert": str(self.etc),
            "/var/lib/citycert": str(self.data),
            "/srv/citycert-files": str(self.files),
            "/opt/citycert/bin/": f"{CITYCERT.parent}/",
            "postgresql://citycert:change-me@db.example.org:5432/citycert": database_url,
            "redis://cache.example.org:6379/0": redis_url,
            "ALLOWED_HOSTS=citycert.example.org": "ALLOWED_HOSTS=127.0.0.1",
        }
        (self.etc / "env").write_text(self.here((REPO / "deploy" / "citycert.env").read_text()))
        self.database_url = database_url

    def here(self, text: str) -> str:
        for written, here in self.places.items():
            text = text.replace(written, here)
        return text

    def environment(self) -> dict[str, str]:
        """What systemd's EnvironmentFile= gives a unit: the file's assignments, beside a plain PATH."""
        env = {"PATH": f"{CITYCERT.parent}:/usr/bin:/bin", "HOME": str(self.data), "LANG": "C.UTF-8"}
        for line in (self.etc / "env").read_text().splitlines():
            if line.strip() and not line.lstrip().startswith("#"):
                key, _, value = line.partition("=")
                env[key.strip()] = value.strip()
        return env

    def run_block(self, name: str, typed: str = "") -> str:
        """Run one of the guide's blocks; `typed` is what the operator types at its prompts."""
        script = self.here(guide_blocks()[name])
        done = subprocess.run(
            ["bash", "-euo", "pipefail", "-c", script],
            input=typed,
            cwd=self.data,
            env={"PATH": f"{CITYCERT.parent}:/usr/bin:/bin", "HOME": str(self.data), "LANG": "C.UTF-8"},
            capture_output=True,
            text=True,
            timeout=WAIT * 10,
        )
        assert done.returncode == 0, f"the guide's {name} block failed:\n{done.stdout}\n{done.stderr}"
        return done.stdout + done.stderr

    def unit_command(self, unit: str, instance: str = "") -> list[str]:
        text = self.here((REPO / "deploy" / unit).read_text())
        assert f"EnvironmentFile={self.etc}/env" in text
        line = next(line for line in text.splitlines() if line.startswith("ExecStart="))
        return shlex.split(line.removeprefix("ExecStart=").replace("%i", instance))

    def query(self, sql: str) -> Any:
        with psycopg.connect(self.database_url) as connection:
            row = connection.execute(sql).fetchone()
        assert row is not None, sql
        return row[0]


@contextmanager
def started(install: Install) -> Iterator[tuple[Server, Server, Server]]:
    """Two app servers and a worker, as `systemctl start citycert-web@PORT citycert-worker` would run them."""
    with ExitStack() as stack:
        servers = []
        for _ in range(2):
            port = free_port()
            command = install.unit_command("citycert-web@.service", str(port))
            servers.append(stack.enter_context(_serving(command, install.environment(), port)))
        worker = stack.enter_context(_unit_process(install.unit_command("citycert-worker.service"), install))
        yield servers[0], servers[1], worker


@contextmanager
def _unit_process(command: list[str], install: Install) -> Iterator[Server]:
    import tempfile

    with tempfile.TemporaryFile() as output:
        process = subprocess.Popen(
            command, env=install.environment(), cwd=install.data, stdout=output, stderr=output, start_new_session=True
        )
        try:
            yield Server("", process, output, output)
        finally:
            process.terminate()  # systemd's KillSignal=SIGTERM
            try:
                process.wait(timeout=WAIT)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait(timeout=WAIT)


def signed_in(install: Install, username: str) -> Browser:
    env = {**install.environment(), "DJANGO_SETTINGS_MODULE": "citycert.settings"}
    return Browser(sessionid=child("session", username, env=env)["sessionid"], django_language="ko")


def test_the_production_guide_runs_as_written(tmp_path: Path, postgres_database: str, redis_url: str) -> None:
    install = Install(tmp_path, postgres_database, redis_url)
    install.run_block("once")  # its last command, check --deploy, fails the block on any error
    assert (install.etc / "signing.pem").stat().st_size > 0 and (install.etc / "secret-key").stat().st_size > 0
    made = install.run_block("first-account", typed="a-long-first-password-7\n")
    assert "admin" in made and "/admin/" in made, made
    install.run_block("try")

    with started(install) as (a, b, worker):
        for server in (a, b):
            home = get(server.url + "/")
            assert home.status == 200, home.body[:500]
            assets = assets_of(server.url + "/", home.body.decode())
            assert any(asset.endswith(".css") for asset in assets) and any(asset.endswith(".js") for asset in assets)
            for asset in assets:
                fetched = get(asset)
                kind = "text/css" if ".css" in asset else "javascript"
                assert fetched.status == 200 and kind in fetched.headers["Content-Type"], asset

        # The first account opens the admin site, with production's static files.
        first = signed_in(install, "admin").get(f"{b.url}/admin/")
        assert first.status == 200 and "citycert 관리" in first.body.decode(), first.body[:2000]

        # Seocho-gu's officer previews a filled-in sheet on A; B applies it.
        officer = signed_in(install, "officer-seocho")
        draft = install.query(
            "SELECT a.id FROM assessments_assessment a JOIN cities_city c ON c.id = a.city_id "
            "JOIN library_frameworkversion v ON v.id = a.framework_version_id "
            "WHERE c.code = '11650' AND a.state = 'draft' AND v.framework_id = 'bsi-iso37106' ORDER BY a.id LIMIT 1"
        )
        assert officer.get(f"{a.url}/assessments/{draft}/").status == 200
        sheet = officer.get(f"{a.url}/assessments/{draft}/export.xlsx")
        preview = officer.post(
            f"{a.url}/assessments/{draft}/import/", {}, {"sheet": ("seocho.xlsx", every_answer_set_to_2(sheet.body))}
        )
        assert preview.status == 200, preview.body[:2000]
        applied = officer.post(f"{b.url}/assessments/{draft}/import/apply/", hidden(preview.body.decode()))
        assert applied.status == 302, applied.body[:2000]
        assert re.search(
            r"스프레드시트에서 \d+건의 변경을 저장했습니다", officer.get(f"{b.url}/assessments/{draft}/").body.decode()
        )

        # The certifier asks A for a round's archive; the worker builds it; B hands it over.
        certifier = signed_in(install, "certifier")
        round_id = install.query(
            "SELECT a.round_id FROM certification_application a WHERE a.state = 'decided' "
            "GROUP BY a.round_id ORDER BY count(*), a.round_id LIMIT 1"
        )
        assert certifier.get(f"{a.url}/certification/rounds/{round_id}/").status == 200
        asked = certifier.post(f"{a.url}/certification/rounds/{round_id}/archives/", {})
        assert asked.status == 302, asked.body[:1000]
        progress = asked.headers["Location"]
        wait_for(
            lambda: 'class="state done"' in certifier.get(f"{b.url}{progress}").body.decode(),
            "the worker's archive",
            timeout=WAIT * 5,
        )
        archive_id = progress.rstrip("/").rsplit("/", 1)[-1]
        download = certifier.get(f"{b.url}/certification/archives/{archive_id}/archive.zip")
        assert download.status == 200
        names = zipfile.ZipFile(io.BytesIO(download.body)).namelist()
        assert names and all(name.endswith(".pdf") for name in names)

        # A certificate downloaded from A is genuine on B.
        number = install.query(
            "SELECT c.number FROM certification_certificate c WHERE c.status = 'valid' "
            "AND c.expires_on >= CURRENT_DATE ORDER BY c.issued_on DESC LIMIT 1"
        )
        pdf = get(f"{a.url}/certificates/{number}/certificate.pdf")
        assert pdf.status == 200 and pdf.body.startswith(b"%PDF")
        visitor = Browser(django_language="ko")
        assert visitor.get(f"{b.url}/certificates/verify/").status == 200
        verdict = visitor.post(f"{b.url}/certificates/verify/", {}, {"file": ("certificate.pdf", pdf.body)})
        assert verdict.status == 200 and "진본이며 유효함" in verdict.body.decode() and number in verdict.body.decode()

        for server in (a, b):
            checks = wait_for(
                lambda server=server: (
                    (report := json.loads(get(server.url + "/healthz").body))["checks"]["worker"]["state"] == "alive"
                    and report["checks"]
                ),
                "healthz with the worker alive",
            )
            assert all(checks[part]["ok"] is True for part in ("database", "storage", "cache")), checks
        assert worker.process.poll() is None, worker.log()
