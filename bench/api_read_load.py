"""Read load on the public API: wrk with 32 connections for 30 s against /api/v1/certificates?limit=20 and a
city's peer benchmark; print requests per second, p50, p99 and the answers that were not 2xx.

Goal (issue: REST API): no errors at 32 connections, and the figures to compare later changes against. The
script makes a throwaway data folder with SQLite (`citycert migrate` and `citycert demo`), starts the app server
on a free port of 127.0.0.1 (gunicorn with 2 workers, or Django's runserver), drives it with wrk (installed from
Debian when missing and run as root) and stops the server. wrk runs on the same 2 cores as the server. Run:
    .venv/bin/python -m bench.api_read_load [--server gunicorn|runserver] [--connections 32] [--seconds 30]
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import subprocess
import sys
import tempfile
import urllib.request
from pathlib import Path

from bench.load import drive, free_port, require_wrk, running


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--server", choices=["gunicorn", "runserver"], default="gunicorn")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn's worker processes")
    parser.add_argument("--connections", type=int, default=32)
    parser.add_argument("--seconds", type=int, default=30, help="for each endpoint")
    parser.add_argument("--warm-up", type=int, default=3, help="seconds of untimed requests before each endpoint")
    parser.add_argument("--no-benchmark", action="store_true", help="load the certificate list only")
    arguments = parser.parse_args()
    wrk = require_wrk()
    folder = Path(tempfile.mkdtemp(prefix="citycert-bench-"))
    environment = {key: value for key, value in os.environ.items() if key != "DATABASE_URL"}
    environment.update(CITYCERT_DATA_DIR=str(folder), DEBUG="false", DJANGO_SETTINGS_MODULE="citycert.settings")
    bin_dir = Path(sys.executable).parent
    subprocess.run([str(bin_dir / "citycert"), "migrate", "--no-input", "-v0"], check=True, env=environment)
    subprocess.run([str(bin_dir / "citycert"), "demo"], check=True, env=environment, stdout=subprocess.DEVNULL)
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    if arguments.server == "gunicorn":
        command = [str(bin_dir / "gunicorn"), "citycert.wsgi:application", "--bind", f"127.0.0.1:{port}"]
        command += ["--workers", str(arguments.workers)]
    else:
        command = [str(bin_dir / "citycert"), "runserver", "--noreload", f"127.0.0.1:{port}"]
    targets = {"certificates?limit=20": f"{base}/api/v1/certificates?limit=20"}
    with running(command, f"{base}/api/v1/certificates?limit=1", folder / "server.log", environment):
        if not arguments.no_benchmark:
            with urllib.request.urlopen(f"{base}/api/v1/certificates?limit=1") as answer:
                city = json.load(answer)["results"][0]["city"]
            targets[f"cities/{city}/benchmark"] = f"{base}/api/v1/cities/{city}/benchmark"
        results = {}
        for label, url in targets.items():
            # Untimed first: each worker's first requests fill its caches.
            drive(wrk, url, connections=2, seconds=arguments.warm_up)
            results[label] = drive(wrk, url, connections=arguments.connections, seconds=arguments.seconds)
    server = f"gunicorn, {arguments.workers} sync workers" if arguments.server == "gunicorn" else "runserver, threaded"
    print(f"machine: {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}")
    print(
        f"server: {server}, SQLite, DEBUG off; wrk: 2 threads, {arguments.connections} connections,"
        f" {arguments.seconds} s per endpoint after {arguments.warm_up} s of warm-up, on the same cores"
    )
    for label, figures in results.items():
        print(figures.line(f"GET /api/v1/{label}"))
    errors = sum(figures.errors for figures in results.values())
    print(f"goal: no errors at {arguments.connections} connections -> {'met' if errors == 0 else 'NOT met'}")


if __name__ == "__main__":
    main()
