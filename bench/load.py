"""Load runs for the benchmarks: an app server of our own on a free port of 127.0.0.1, driven by wrk, and wrk's
figures read back. Traffic goes to 127.0.0.1 only, for a bounded time, and every server started is stopped.
"""

from __future__ import annotations

import json
import os
import shutil
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

# wrk counts only 4xx and 5xx as errors; a redirect (to the login page, say) would pass unseen. This script
# counts every answer outside 2xx in each thread and prints one line of figures the benchmark reads back.
REPORT_SCRIPT = """
local threads = {}
local paths = {PATHS}
local turn = 0
if #paths > 0 then
  request = function()
    turn = turn % #paths + 1
    return wrk.format(nil, paths[turn])
  end
end
function setup(thread) table.insert(threads, thread) end
function init(args) not_2xx = 0; first_not_2xx = 0 end
function response(status, headers, body)
  if status < 200 or status > 299 then
    not_2xx = not_2xx + 1
    if first_not_2xx == 0 then first_not_2xx = status end
  end
end
function done(summary, latency, requests)
  local not_ok, first = 0, 0
  for _, thread in ipairs(threads) do
    not_ok = not_ok + thread:get("not_2xx")
    if first == 0 then first = thread:get("first_not_2xx") end
  end
  local e = summary.errors
  io.write(string.format(
    "citycert-figures requests=%d duration_us=%d p50_us=%d p90_us=%d p99_us=%d max_us=%d not_2xx=%d first_not_2xx=%d connect=%d read=%d write=%d timeout=%d\\n",
    summary.requests, summary.duration, latency:percentile(50), latency:percentile(90), latency:percentile(99),
    latency.max, not_ok, first, e.connect, e.read, e.write, e.timeout))
end
"""


@dataclass(frozen=True)
class Figures:
    """What one wrk run measured."""

    requests: int
    seconds: float
    p50_ms: float
    p90_ms: float
    p99_ms: float
    max_ms: float
    not_2xx: int
    first_not_2xx: int
    socket_errors: dict[str, int]

    @property
    def per_second(self) -> float:
        return self.requests / self.seconds

    @property
    def errors(self) -> int:
        return self.not_2xx + sum(self.socket_errors.values())

    def line(self, label: str) -> str:
        detail = ""
        if self.not_2xx:
            detail += f" (first non-2xx status {self.first_not_2xx})"
        if any(self.socket_errors.values()):
            detail += " socket " + ", ".join(f"{kind} {count}" for kind, count in self.socket_errors.items())
        return (
            f"{label:<34} {self.per_second:8.1f} req/s  p50 {self.p50_ms:7.1f} ms  p99 {self.p99_ms:7.1f} ms"
            f"  errors {self.errors}{detail}"
        )


def require_wrk() -> str:
    """wrk's path; installed from Debian when missing and we are root, otherwise a loud exit."""
    found = shutil.which("wrk")
    if found:
        return found
    if os.geteuid() == 0 and shutil.which("apt-get"):
        print("citycert: wrk is missing; installing Debian's wrk", file=sys.stderr)
        environment = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
        subprocess.run(["apt-get", "install", "-y", "-qq", "wrk"], check=False, env=environment)
        found = shutil.which("wrk")
        if found:
            return found
    print("*" * 80, file=sys.stderr)
    print("citycert: ERROR: wrk is not installed; install it with: sudo apt-get install wrk", file=sys.stderr)
    print("*" * 80, file=sys.stderr)
    raise SystemExit(2)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


@contextmanager
def running(command: list[str], url: str, log: Path, environment: dict[str, str]) -> Iterator[subprocess.Popen[bytes]]:
    """Start a server, wait until `url` answers, and stop it (its whole process group) however the block ends."""
    with log.open("wb") as output:
        server = subprocess.Popen(
            command, stdout=output, stderr=subprocess.STDOUT, env=environment, start_new_session=True
        )
    try:
        deadline = time.monotonic() + 60
        while True:
            if server.poll() is not None:
                raise RuntimeError(f"the server exited with {server.returncode}:\n{log.read_text()[-3000:]}")
            try:
                with urllib.request.urlopen(url, timeout=5):
                    break
            except urllib.error.HTTPError:
                break  # it answers, if not with 200: the run will count what it answers
            except (urllib.error.URLError, ConnectionError, TimeoutError):  # a first answer slower than 5 s too
                if time.monotonic() > deadline:
                    raise RuntimeError(f"the server did not answer in 60 s:\n{log.read_text()[-3000:]}") from None
                time.sleep(0.2)
        yield server
    finally:
        stop(server)


def stop(server: subprocess.Popen[bytes]) -> None:
    if server.poll() is None:
        os.killpg(server.pid, 15)
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, 9)
            server.wait()


def drive(
    wrk: str,
    url: str,
    *,
    connections: int,
    seconds: int,
    threads: int = 2,
    headers: list[str] | None = None,
    paths: list[str] | None = None,
) -> Figures:
    """One wrk run against `url`; its figures, from the report script's line. With `paths`, each connection's requests
    go round them in turn (a page and its assets) instead of asking `url` alone."""
    lua_paths = ", ".join(json.dumps(path) for path in paths or [])
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as script:
        script.write(REPORT_SCRIPT.replace("{PATHS}", "{" + lua_paths + "}"))
    # wrk wants at least one connection per thread.
    command = [
        wrk,
        f"-t{min(threads, connections)}",
        f"-c{connections}",
        f"-d{seconds}s",
        "--latency",
        "-s",
        script.name,
    ]
    for header in headers or []:
        command += ["-H", header]
    try:
        run = subprocess.run([*command, url], capture_output=True, text=True, check=False)
    finally:
        Path(script.name).unlink()
    if run.returncode != 0:
        raise RuntimeError(f"wrk failed ({run.returncode}): {run.stderr or run.stdout}")
    return parse(run.stdout)


def parse(output: str) -> Figures:
    for line in output.splitlines():
        if line.startswith("citycert-figures "):
            values = {key: int(value) for key, value in (pair.split("=") for pair in line.split()[1:])}
            return Figures(
                requests=values["requests"],
                seconds=values["duration_us"] / 1e6,
                p50_ms=values["p50_us"] / 1000,
                p90_ms=values["p90_us"] / 1000,
                p99_ms=values["p99_us"] / 1000,
                max_ms=values["max_us"] / 1000,
                not_2xx=values["not_2xx"],
                first_not_2xx=values["first_not_2xx"],
                socket_errors={kind: values[kind] for kind in ("connect", "read", "write", "timeout")},
            )
    raise ValueError(f"wrk printed no figures:\n{output}")
