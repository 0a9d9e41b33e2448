"""Real citycert processes for the operations stories: commands, app servers and children killed on purpose.

Each child runs with the project's settings on a data folder of its own (a file-based SQLite database there, unless
a DATABASE_URL is given), so a process can be killed and the folder examined afterwards.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

from tests.support import REPO

CITYCERT = Path(sys.executable).parent / "citycert"
WAIT = 60  # seconds; every step takes a few


def child_env(data_dir: Path, database_url: str | None = None, **extra: str) -> dict[str, str]:
    # The child's files and cache are its own unless `extra` shares them (CITYCERT_S3_*, CITYCERT_REDIS_URL).
    inherited = ("DATABASE_URL", "CITYCERT_FILES_DIR", "CITYCERT_SIGNING_KEY", "CITYCERT_REDIS_URL")
    env = {
        key: value for key, value in os.environ.items() if key not in inherited and not key.startswith("CITYCERT_S3_")
    }
    env.update(CITYCERT_DATA_DIR=str(data_dir), DJANGO_SETTINGS_MODULE="citycert.settings", **extra)
    if database_url:
        env["DATABASE_URL"] = database_url
    return env


def citycert(*args: str, env: dict[str, str], check: bool = True) -> subprocess.CompletedProcess[str]:
    done = subprocess.run([str(CITYCERT), *args], env=env, capture_output=True, text=True, timeout=WAIT * 2)
    if check:
        assert done.returncode == 0, f"citycert {' '.join(args)} failed:\n{done.stdout}\n{done.stderr}"
    return done


def child(scenario: str, *args: str, env: dict[str, str]) -> Any:
    """Run a scenario of tests/operations/child.py to the end; its last line of output is JSON."""
    command = [sys.executable, "-m", "tests.operations.child", scenario, *args]
    done = subprocess.run(command, cwd=REPO, env=env, capture_output=True, text=True, timeout=WAIT * 2)
    assert done.returncode == 0, f"child {scenario} failed:\n{done.stdout}\n{done.stderr}"
    return json.loads(done.stdout.strip().splitlines()[-1])


def kill_at_marker(scenario: str, *args: str, env: dict[str, str], marker: Path) -> None:
    """Start a scenario, wait until it says (by making `marker`) that it stands where it should die, SIGKILL it."""
    command = [sys.executable, "-m", "tests.operations.child", scenario, *args]
    env = {**env, "CITYCERT_TEST_MARKER": str(marker)}
    process = subprocess.Popen(command, cwd=REPO, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    try:
        deadline = time.monotonic() + WAIT
        while not marker.exists():
            if process.poll() is not None:
                out, err = process.communicate()
                raise AssertionError(f"child {scenario} ended before the marker:\n{out.decode()}\n{err.decode()}")
            assert time.monotonic() < deadline, f"child {scenario} never reached the marker"
            time.sleep(0.02)
        process.send_signal(signal.SIGKILL)
    finally:
        process.kill()
        process.communicate(timeout=WAIT)
    assert process.returncode == -signal.SIGKILL


def copy_data_dir(template: Path, to: Path) -> Path:
    shutil.copytree(template, to)
    return to


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


@dataclass
class Server:
    """An app server process at `url`; what it wrote to stderr is kept in `errors`, to stdout in `printed`."""

    url: str
    process: subprocess.Popen[bytes]
    errors: IO[bytes]
    printed: IO[bytes]

    def log(self) -> str:
        self.errors.seek(0)
        return self.errors.read().decode(errors="replace")

    def output(self) -> str:
        """What the server printed to standard output so far (the site's JSON log lines)."""
        self.printed.seek(0)
        return self.printed.read().decode(errors="replace")


@contextmanager
def app_server(env: dict[str, str]) -> Iterator[Server]:
    """`citycert runserver --noreload` (threaded) on a free port, until the block ends."""
    port = free_port()
    command = [str(CITYCERT), "runserver", "--noreload", "--skip-checks", f"127.0.0.1:{port}"]
    with _serving(command, env, port) as server:
        yield server


@contextmanager
def gunicorn_server(env: dict[str, str], *, workers: int = 2, threads: int = 4) -> Iterator[Server]:
    """The production server, gunicorn, with its worker processes on a free port, until the block ends. It runs
    from the checkout, so a DJANGO_SETTINGS_MODULE under tests/ can be given in `env`."""
    port = free_port()
    command = [str(CITYCERT.parent / "gunicorn"), "citycert.wsgi:application", "--bind", f"127.0.0.1:{port}"]
    command += ["--chdir", str(REPO), "--workers", str(workers), "--threads", str(threads), "--timeout", str(WAIT)]
    command += ["--no-control-socket"]  # else each server makes ~/.gunicorn/gunicorn.ctl, left behind when killed
    with _serving(command, env, port) as server:
        yield server


@contextmanager
def _serving(command: list[str], env: dict[str, str], port: int) -> Iterator[Server]:
    # A session of its own, so that the server and any workers it forks are killed together at the end. Its
    # output goes to files: a pipe nobody reads would stop the server once full.
    with tempfile.TemporaryFile() as errors, tempfile.TemporaryFile() as printed:
        process = subprocess.Popen(command, env=env, stdout=printed, stderr=errors, start_new_session=True)
        server = Server(f"http://127.0.0.1:{port}", process, errors, printed)
        try:
            deadline = time.monotonic() + WAIT
            while True:
                assert process.poll() is None, f"the server stopped: {server.log()}"
                try:
                    with socket.create_connection(("127.0.0.1", port), timeout=1):
                        break
                except OSError:
                    assert time.monotonic() < deadline, "the server did not start"
                    time.sleep(0.05)
            yield server
        finally:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait(timeout=WAIT)


@contextmanager
def worker_process(env: dict[str, str], *args: str) -> Iterator[Server]:
    """`citycert worker` until the block ends, then stopped as systemd would (SIGTERM; SIGKILL if it lingers).
    Its `url` is empty: a worker serves nothing."""
    with tempfile.TemporaryFile() as errors:
        command = [str(CITYCERT), "worker", "--no-startup-delay", "--interval", "0.2", *args]
        process = subprocess.Popen(command, env=env, stdout=errors, stderr=errors, start_new_session=True)
        try:
            yield Server("", process, errors, errors)  # both of its streams in one file
        finally:
            process.terminate()
            try:
                process.wait(timeout=WAIT)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait(timeout=WAIT)


def wait_for(condition: Any, what: str, timeout: float = WAIT) -> Any:
    """Ask `condition()` every 0.2 s until it answers something true; fail naming `what` after `timeout`."""
    deadline = time.monotonic() + timeout
    while not (answer := condition()):
        assert time.monotonic() < deadline, f"waited {timeout} s for {what}"
        time.sleep(0.2)
    return answer


@dataclass
class Answer:
    status: int
    headers: dict[str, str]
    body: bytes


def get(url: str, headers: dict[str, str] | None = None) -> Answer:
    request = urllib.request.Request(url, headers=headers or {})
    try:
        with urllib.request.urlopen(request, timeout=WAIT) as response:
            return Answer(response.status, dict(response.headers), response.read())
    except urllib.error.HTTPError as error:
        return Answer(error.code, dict(error.headers), error.read())
