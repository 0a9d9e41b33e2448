"""Export the full open data (published results, CSV) for many cities and years; print the median time and
the peak memory of the exporting process.

Goal (issue: public side): a full CSV export of 10,000 cities with 10 years of results on two frameworks
under 10 s and under 1 GiB. Each run is a fresh `citycert opendata` process against a throwaway SQLite
database, so its peak memory (maxrss) is its own. Run:
    .venv/bin/python -m bench.open_data_export [--cities 10000] [--years 10] [--runs 3]
"""

from __future__ import annotations

import argparse
import os
import platform
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--cities", type=int, default=10_000)
    parser.add_argument("--years", type=int, default=10)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--format", default="csv", choices=["csv", "json", "parquet"])
    arguments = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="citycert-bench-"))
    os.environ["CITYCERT_DATA_DIR"] = str(folder)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "citycert.settings")
    import django

    django.setup()
    from django.core.management import call_command

    from bench.many_cities import generate

    call_command("migrate", verbosity=0)
    started = time.perf_counter()
    counts = generate(arguments.cities, arguments.years)
    print(f"generated {counts} in {time.perf_counter() - started:.0f} s")
    citycert = Path(sys.executable).with_name("citycert")
    output = folder / f"results.{arguments.format}"
    times = []
    for _ in range(arguments.runs):
        started = time.perf_counter()
        subprocess.run(
            [str(citycert), "opendata", "results", arguments.format, "-o", str(output)], check=True, env=os.environ
        )
        times.append(time.perf_counter() - started)
    peak_kib = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    rows = counts["published_items"]
    print(f"machine: {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}")
    print(f"full {arguments.format} export of {rows:,} rows ({output.stat().st_size / 2**20:.0f} MiB)")
    print(f"  median {statistics.median(times):.2f} s over {len(times)} runs (goal 10 s), including process start")
    print(f"  peak memory of the exporting process {peak_kib / 2**20:.2f} GiB (goal 1 GiB)")


if __name__ == "__main__":
    main()
