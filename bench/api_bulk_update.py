"""A city officer changes 1,000 quantitative values in one PATCH /api/v1/assessments/{id}/responses; print the
median and p90 time of the whole request.

Goal (issue: REST API): median under 300 ms. The framework is generated with 1,000 quantitative items (no
bundled one is that large) and imported like any framework file; each run sends new values for all of them
with the ETag of the run before in If-Match, through Django's test client with a personal API token, so the
time is the whole request (authentication, validation, the bulk save, rescoring and the JSON answer) without
the network. Runs against a throwaway SQLite database in a temporary folder, or the PostgreSQL database that
DATABASE_URL names. Run:
    .venv/bin/python -m bench.api_bulk_update [--items 1000] [--runs 30]
    scripts/throwaway-postgres.sh .venv/bin/python -m bench.api_bulk_update   # the same on PostgreSQL
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import statistics
import tempfile
import time
from pathlib import Path

GOAL_MS = 300


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--items", type=int, default=1000, help="quantitative items in the framework, all changed")
    parser.add_argument("--runs", type=int, default=30)
    parser.add_argument("--warm-up", type=int, default=3)
    parser.add_argument("--profile", action="store_true", help="also print where one request spends its time")
    arguments = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="citycert-bench-"))
    os.environ["CITYCERT_DATA_DIR"] = str(folder)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "citycert.settings")
    import django

    django.setup()
    import yaml
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client, override_settings
    from django.test.utils import CaptureQueriesContext

    from bench.synthetic import QUANTITATIVE_KINDS, framework_document
    from citycert.accounts.tokens import issue
    from citycert.assessments.workflow import create_assessment
    from citycert.cities.models import City
    from citycert.library.store import find_version, import_paths
    from tests.people import person

    call_command("migrate", verbosity=0)
    path = folder / "synthetic.yaml"
    document = framework_document(arguments.items, kinds=QUANTITATIVE_KINDS)
    path.write_text(yaml.safe_dump(document, allow_unicode=True), encoding="utf-8")
    import_paths([path])
    version = find_version("synthetic")
    items = [node.id for node in version.framework.nodes if node.type == "quantitative"]
    city = City.objects.create(code="99999", name_ko="벤치시", name_en="Bench City", kind="city")
    officer = person("bench-officer", "city_officer", city)
    assessment = create_assessment(city, version, "self_assessment", 2026, officer)
    _, secret = issue(officer, "bench", 30)
    client = Client(headers={"Authorization": f"Bearer {secret}"})
    url = f"/api/v1/assessments/{assessment.pk}/responses"
    etag = client.get(url)["ETag"]
    # A different set of values each run, so that every run really changes all of them; made before timing.
    rng = random.Random(0)
    bodies = [
        json.dumps({"responses": [{"item": item, "value": rng.randint(0, 120)} for item in items]})
        for _ in range(arguments.warm_up + arguments.runs + 3)
    ]
    body_kib = len(bodies[0]) // 1024

    def patch(body: str) -> float:
        nonlocal etag
        started = time.perf_counter()
        answer = client.patch(url, body, content_type="application/json", headers={"If-Match": etag})
        elapsed = (time.perf_counter() - started) * 1000
        assert answer.status_code == 200, (answer.status_code, answer.content[:500])
        assert answer.json()["saved"] == len(items)
        etag = answer["ETag"]
        return elapsed

    # The write limit per token (120 a minute) is for people's programs, not for a benchmark's loop.
    with override_settings(API_WRITES_RATE="1000000/min"):
        first = patch(bodies.pop())  # the first save creates the rows; the runs after it change them
        for _ in range(arguments.warm_up):
            patch(bodies.pop())
        timings = sorted(patch(bodies.pop()) for _ in range(arguments.runs))
        with CaptureQueriesContext(connection) as captured:
            patch(bodies.pop())
        # Counted now: the test client's next request empties the connection's query log.
        queries = len(captured)
        if arguments.profile:
            import cProfile
            import pstats

            profiler = cProfile.Profile()
            profiler.runcall(patch, bodies.pop())
            pstats.Stats(profiler).sort_stats("cumulative").print_stats("citycert|ninja|pydantic|django/db", 30)
    median = statistics.median(timings)
    print(f"machine: {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}")
    print(
        f"database: {connection.vendor}  items changed per request: {len(items)}  runs: {arguments.runs}"
        f"  request body: {body_kib} KiB  queries per request: {queries}"
    )
    print(f"first save (creates the rows): {first:.0f} ms")
    print(f"median: {median:.1f} ms  p90: {timings[int(len(timings) * 0.9) - 1]:.1f} ms  min: {timings[0]:.1f} ms")
    print(f"goal: median under {GOAL_MS} ms -> {'met' if median < GOAL_MS else 'NOT met'}")


if __name__ == "__main__":
    main()
