"""The operator sets SENTRY_DSN: a bug met on the production site is sent to that Sentry (here a stand-in listening
on 127.0.0.1, so no network is needed) with its exception, the address and the environment."""

from __future__ import annotations

import gzip
import http.server
import threading
import time
import zlib
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from tests.operations.processes import get, gunicorn_server
from tests.operations.production import production_env

pytestmark = pytest.mark.slow


@contextmanager
def sentry_stand_in() -> Iterator[tuple[str, list[tuple[str, bytes]]]]:
    """An HTTP server that takes what a Sentry SDK posts; yields its DSN and the (path, body) pairs it received."""
    received: list[tuple[str, bytes]] = []

    class Envelopes(http.server.BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            body = self.rfile.read(int(self.headers["Content-Length"]))
            encoding = self.headers.get("Content-Encoding", "")
            if encoding == "gzip":
                body = gzip.decompress(body)
            elif encoding == "deflate":
                body = zlib.decompress(body)
            elif encoding == "br":
                import brotli  # type: ignore[import-untyped]

                body = brotli.decompress(body)
            received.append((self.path, body))
            self.send_response(200)
            self.send_header("Content-Length", "0")
            self.end_headers()

        def log_message(self, *args: object) -> None:
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Envelopes)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://publickey@127.0.0.1:{server.server_address[1]}/42", received
    finally:
        server.shutdown()
        server.server_close()


def test_a_500_reaches_sentry_with_its_exception(tmp_path: Path) -> None:
    with sentry_stand_in() as (dsn, received):
        env = production_env(
            tmp_path / "data", DJANGO_SETTINGS_MODULE="tests.operations.failing_settings", SENTRY_DSN=dsn
        )
        with gunicorn_server(env) as server:
            assert get(server.url + "/test-only/broken", {"X-Request-ID": "lb-sentry-1"}).status == 500
            deadline = time.monotonic() + 30
            while not any(b"ZeroDivisionError" in body for _, body in received):
                assert time.monotonic() < deadline, f"nothing reached Sentry: {received}\n{server.log()[-2000:]}"
                time.sleep(0.1)
    path, body = next((path, body) for path, body in received if b"ZeroDivisionError" in body)
    assert path == "/api/42/envelope/"
    assert b"/test-only/broken" in body and b'"environment":"production"' in body.replace(b" ", b"")
