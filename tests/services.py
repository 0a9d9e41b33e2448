"""The shared services of a production site, started by the tests on free ports of 127.0.0.1, once per session:
an S3-compatible server (moto's standalone server) and Redis (Debian's redis-server, no persistence).

The `storage` fixture runs a test twice, with the files in a folder and in a bucket of that server.
"""

from __future__ import annotations

import shutil
import socket
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from citycert.settings import file_storage
from tests.operations.processes import free_port

WAIT = 30  # seconds for a service to answer
BUCKET = "citycert-tests"
S3_KEYS = {"CITYCERT_S3_ACCESS_KEY_ID": "citycert-test", "CITYCERT_S3_SECRET_ACCESS_KEY": "citycert-test-secret"}


def _wait_for(port: int, process: subprocess.Popen[bytes], what: str) -> None:
    deadline = time.monotonic() + WAIT
    while True:
        if process.poll() is not None:
            raise RuntimeError(f"{what} stopped at once (exit {process.returncode})")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                return
        except OSError:
            if time.monotonic() > deadline:
                raise RuntimeError(f"{what} did not answer on port {port} within {WAIT} s") from None
            time.sleep(0.05)


def _stop(process: subprocess.Popen[bytes]) -> None:
    process.terminate()
    try:
        process.wait(timeout=WAIT)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait(timeout=WAIT)


@pytest.fixture(scope="session")
def s3_endpoint() -> Iterator[str]:
    """moto's S3-compatible server, with the tests' bucket made; its address."""
    import boto3

    port = free_port()
    command = [str(Path(sys.executable).parent / "moto_server"), "-H", "127.0.0.1", "-p", str(port)]
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        _wait_for(port, process, "moto_server")
        endpoint = f"http://127.0.0.1:{port}"
        client = boto3.client(
            "s3",
            endpoint_url=endpoint,
            region_name="us-east-1",
            aws_access_key_id=S3_KEYS["CITYCERT_S3_ACCESS_KEY_ID"],
            aws_secret_access_key=S3_KEYS["CITYCERT_S3_SECRET_ACCESS_KEY"],
        )
        client.create_bucket(Bucket=BUCKET)
        yield endpoint
    finally:
        _stop(process)


@pytest.fixture(scope="session")
def redis_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A Redis server of the test session's own, keeping nothing on disk; its URL."""
    server = shutil.which("redis-server")
    if server is None:
        raise RuntimeError("redis-server is missing: install Debian's redis-server (scripts/system-packages.sh)")
    port = free_port()
    folder = tmp_path_factory.mktemp("redis")
    command = [server, "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"]
    command += ["--dir", str(folder), "--daemonize", "no", "--loglevel", "warning"]
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        _wait_for(port, process, "redis-server")
        yield f"redis://127.0.0.1:{port}/0"
    finally:
        _stop(process)


@dataclass(frozen=True)
class Storage:
    """Where a test's files go: `kind` is "filesystem" or "s3"; `env` gives a child process the same storage."""

    kind: str
    env: dict[str, str]


@pytest.fixture(params=["filesystem", "s3"])
def storage(request: pytest.FixtureRequest, settings: Any, tmp_path: Path) -> Storage:
    """The site's default storage as the environment makes it: the test's own folder, or a prefix of its own in
    the session's bucket."""
    if request.param == "filesystem":
        env = {"CITYCERT_FILES_DIR": str(settings.MEDIA_ROOT)}
    else:
        endpoint = request.getfixturevalue("s3_endpoint")
        env = {
            "CITYCERT_S3_BUCKET": BUCKET,
            "CITYCERT_S3_ENDPOINT_URL": endpoint,
            "CITYCERT_S3_REGION": "us-east-1",
            "CITYCERT_S3_PREFIX": f"test-{uuid.uuid4().hex}",
            **S3_KEYS,
        }
    settings.STORAGES = {**settings.STORAGES, "default": file_storage(env)}
    return Storage(request.param, env)
