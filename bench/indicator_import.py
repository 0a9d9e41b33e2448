"""Import a million indicator values (10,000 cities × 100 items, one year) from one CSV file through
`citycert indicators import`; print the median time and the peak memory of the importing process.

Goal (issue: year-round indicators): under 30 s and under 1 GiB on SQLite. Each run is a fresh process
against a throwaway SQLite database whose series is emptied before it, so every run adds the million values;
one more run imports the same file again (every row unchanged). The file is ISO 37120's first 100
quantitative items for 10,000 generated cities, each value inside the item's allowed range.
Run: .venv/bin/python -m bench.indicator_import [--cities 10000] [--items 100] [--runs 3]
"""

from __future__ import annotations

import argparse
import csv
import os
import platform
import random
import statistics
import subprocess
import sys
import tempfile
import time
from decimal import Decimal
from pathlib import Path


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--cities", type=int, default=10_000)
    parser.add_argument("--items", type=int, default=100)
    parser.add_argument("--runs", type=int, default=3)
    arguments = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="citycert-bench-"))
    os.environ["CITYCERT_DATA_DIR"] = str(folder)
    os.environ["CITYCERT_INDICATOR_IMPORT_MAX_BYTES"] = str(1 << 30)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "citycert.settings")
    import django

    django.setup()
    from django.contrib.auth import get_user_model
    from django.core.management import call_command
    from django.db import connection

    from citycert.accounts.models import Profile, Role
    from citycert.cities.models import City
    from citycert.indicators.models import ImportRun, IndicatorValue
    from citycert.library.store import find_version

    call_command("migrate", verbosity=0)
    City.objects.bulk_create(
        City(code=f"9{index:05d}", name_ko=f"벤치시{index}", name_en=f"Bench {index}", kind="city")
        for index in range(arguments.cities)
    )
    certifier = get_user_model().objects.create_user("bench-certifier")
    Profile.objects.create(user=certifier, role=Role.CERTIFIER)
    nodes = [node for node in find_version("iso37120").framework.nodes if node.type == "quantitative"]
    nodes = nodes[: arguments.items]
    values = folder / "values.csv"
    rng = random.Random(7)
    with values.open("w", encoding="utf-8", newline="") as out:
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(["city", "item", "period", "value", "unit", "source"])
        for index in range(arguments.cities):
            for node in nodes:
                low = float(node.min if node.min is not None else 0)
                high = float(node.max if node.max is not None else low + 1000)
                value = Decimal(str(round(rng.uniform(low, high), 2)))
                unit = node.unit.en if node.unit is not None else ""
                writer.writerow([f"9{index:05d}", f"iso37120:{node.id}", "2025", value, unit, "bench"])
    rows = arguments.cities * len(nodes)
    print(f"file: {rows:,} rows, {values.stat().st_size / 2**20:.0f} MiB")

    citycert = Path(sys.executable).with_name("citycert")
    command = [str(citycert), "indicators", "import", str(values), "--as", "bench-certifier"]
    times, peaks = [], []
    for _ in range(arguments.runs):
        with connection.cursor() as cursor:  # a million rows: not through the ORM, which would load them all
            cursor.execute(f"DELETE FROM {IndicatorValue._meta.db_table}")
            cursor.execute(f"DELETE FROM {ImportRun._meta.db_table}")
        seconds, peak, _output = timed(command)
        times.append(seconds)
        peaks.append(peak)
        assert IndicatorValue.objects.count() == rows
    unchanged, again_peak, output = timed(command)
    print(f"machine: {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}, SQLite")
    print(f"import of {rows:,} new values: median {statistics.median(times):.1f} s over {len(times)} runs (goal 30 s)")
    print(f"  peak memory of the importing process {max(peaks) / 2**20:.2f} GiB (goal 1 GiB)")
    last = output.strip().splitlines()[-1]
    print(f"the same file again: {unchanged:.1f} s, {again_peak / 2**20:.2f} GiB; {last}")


def timed(command: list[str]) -> tuple[float, int, str]:
    """Seconds, peak memory (KiB) and output of one run of a command: the memory of that process alone."""
    started = time.perf_counter()
    process = subprocess.Popen(command, env=os.environ, stdout=subprocess.PIPE, text=True)
    assert process.stdout is not None
    output = process.stdout.read()
    _pid, status, usage = os.wait4(process.pid, 0)
    process.returncode = os.waitstatus_to_exitcode(status)
    if process.returncode:
        raise SystemExit(f"{command} failed with {process.returncode}")
    return time.perf_counter() - started, usage.ru_maxrss, output


if __name__ == "__main__":
    main()
