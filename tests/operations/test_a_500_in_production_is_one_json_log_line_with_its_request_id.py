"""Someone meets a bug on the production site (gunicorn, DEBUG off): they see the plain error page and the request's
id; the operator finds the whole traceback in ONE JSON line on standard output, carrying that id. Every line the
site prints is JSON; an id sent by the proxy in X-Request-ID is kept, a missing or unsafe one replaced."""

from __future__ import annotations

import json
import re
import time
from pathlib import Path

import pytest

from tests.operations.processes import Server, get, gunicorn_server
from tests.operations.production import production_env

pytestmark = pytest.mark.slow


def lines_once(server: Server, wanted: str) -> list[dict[str, object]]:
    """The server's JSON lines, once one holds `wanted` (they are written as the request ends)."""
    deadline = time.monotonic() + 30
    while wanted not in server.output():
        assert time.monotonic() < deadline, f"no line with {wanted!r}:\n{server.output()}\n{server.log()[-2000:]}"
        time.sleep(0.1)
    return [json.loads(line) for line in server.output().splitlines()]  # every line parses, or this fails


def test_the_traceback_is_one_json_line_with_the_request_id(tmp_path: Path) -> None:
    env = production_env(tmp_path / "data", DJANGO_SETTINGS_MODULE="tests.operations.failing_settings")
    with gunicorn_server(env) as server:
        answer = get(server.url + "/test-only/broken", {"X-Request-ID": "lb-7f3a-0001"})
        assert answer.status == 500
        assert answer.headers["X-Request-ID"] == "lb-7f3a-0001"
        assert b"Traceback" not in answer.body and b"ZeroDivisionError" not in answer.body

        lines = lines_once(server, "lb-7f3a-0001")
        errors = [line for line in lines if line["request_id"] == "lb-7f3a-0001" and line["level"] == "ERROR"]
        assert len(errors) == 1, lines
        error = errors[0]
        assert error["logger"] == "django.request" and error["status"] == 500
        assert "/test-only/broken" in str(error["message"])
        trace = str(error["exception"])
        assert trace.startswith("Traceback (most recent call last):") and trace.count("\n") > 3
        assert "ZeroDivisionError: division by zero" in trace and "in broken" in trace
        assert re.match(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}\+00:00$", str(error["time"]))

        # No id from the proxy, or one that could forge a log field: a fresh one is made and returned.
        for offered in ({}, {"X-Request-ID": 'x" "level": "INFO'}):
            fresh = get(server.url + "/test-only/broken", offered).headers["X-Request-ID"]
            assert re.fullmatch(r"[0-9a-f]{32}", fresh), fresh
            assert any(line["request_id"] == fresh for line in lines_once(server, fresh))

        # A page that works carries its id too, and logs nothing at ERROR.
        page = get(server.url + "/", {"X-Request-ID": "lb-7f3a-0002"})
        assert page.status == 200 and page.headers["X-Request-ID"] == "lb-7f3a-0002"
        assert all(
            line["level"] != "ERROR"
            for line in lines_once(server, "lb-7f3a-0001")
            if line["request_id"] == "lb-7f3a-0002"
        )
