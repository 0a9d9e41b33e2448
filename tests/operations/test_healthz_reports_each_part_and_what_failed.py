"""The load balancer (or the person on call) asks a production server /healthz: JSON naming each part it tried for
real (the database answers, the file storage writes, reads back and deletes, the cache keeps a value) and the
workers' newest heartbeat (unknown before any worker ran, alive while one beats); 200 when all work, 503 naming what failed. It
answers over plain HTTP even where every other address is redirected to HTTPS."""

from __future__ import annotations

import http.client
import json
from pathlib import Path

import pytest

from tests.operations.processes import free_port, get, gunicorn_server, wait_for, worker_process
from tests.operations.production import production_env

pytestmark = pytest.mark.slow


def test_a_healthy_server_reports_every_part(tmp_path: Path) -> None:
    data = tmp_path / "data"
    with gunicorn_server(production_env(data)) as server:
        answer = get(server.url + "/healthz")
        assert answer.status == 200, answer.body
        assert answer.headers["Content-Type"] == "application/json"
        assert "no-cache" in answer.headers["Cache-Control"]
        report = json.loads(answer.body)
        assert report["status"] == "ok"
        checks = report["checks"]
        assert set(checks) == {"database", "storage", "cache", "worker"}
        for part in ("database", "storage", "cache"):
            assert checks[part]["ok"] is True and checks[part]["ms"] >= 0
        assert checks["worker"] == {"ok": None, "state": "unknown", "last_heartbeat": None}

        with worker_process(production_env(data), "--no-schedule"):  # no open-data snapshots in the folder
            alive = wait_for(
                lambda: (
                    (worker := json.loads(get(server.url + "/healthz").body)["checks"]["worker"])["state"] == "alive"
                    and worker
                ),
                "the worker's heartbeat in /healthz",
            )
        assert alive["ok"] is None and alive["last_heartbeat"]
    # The storage check cleaned up after itself.
    assert [path for path in (data / "files").rglob("*") if path.is_file()] == []


def test_a_server_without_its_database_or_storage_says_which_with_503(tmp_path: Path) -> None:
    data = tmp_path / "data"
    env = production_env(data)
    (data / "files").write_text("a file where the storage folder should be")  # the storage cannot write
    nowhere = f"postgresql://citycert:secret@127.0.0.1:{free_port()}/citycert"  # nothing listens there
    env = {**env, "DATABASE_URL": nowhere, "CITYCERT_SSL_REDIRECT": "1"}
    with gunicorn_server(env) as server:
        answer = get(server.url + "/healthz")
        assert answer.status == 503
        report = json.loads(answer.body)
        assert report["status"] == "failing"
        checks = report["checks"]
        assert checks["database"]["ok"] is False and "OperationalError" in checks["database"]["error"]
        assert checks["storage"]["ok"] is False and checks["storage"]["error"]
        assert checks["cache"]["ok"] is True
        assert checks["worker"]["state"] == "unknown"
        # Every other address goes to HTTPS; the health check does not.
        connection = http.client.HTTPConnection(server.url.removeprefix("http://"), timeout=30)
        connection.request("GET", "/registry/")
        redirected = connection.getresponse()
        assert redirected.status == 301 and redirected.getheader("Location", "").startswith("https://")
        connection.close()
