"""Render the assessment page of a generated 1,000-item framework, answered in full; print the median time.

Goal (issue: self-assessment): under 150 ms. Runs against a throwaway SQLite database in a temporary folder.
Run: .venv/bin/python -m bench.render_assessment_page
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import tempfile
import time
from pathlib import Path


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--items", type=int, default=1000)
    parser.add_argument("--runs", type=int, default=30)
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
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from bench.synthetic import framework_document, full_responses
    from citycert.assessments.answers import stored_text
    from citycert.assessments.workflow import create_assessment, save_responses
    from citycert.cities.models import City
    from citycert.library.store import find_version, import_paths
    from tests.people import person

    call_command("migrate", verbosity=0)
    path = folder / "synthetic.yaml"
    path.write_text(yaml.safe_dump(framework_document(arguments.items), allow_unicode=True), encoding="utf-8")
    import_paths([path])
    version = find_version("synthetic")
    city = City.objects.create(code="99999", name_ko="벤치시", name_en="Bench City", kind="city")
    officer = person("bench-officer", "city_officer", city)
    assessment = create_assessment(city, version, "self_assessment", 2026, officer)
    answers = full_responses(version.framework)
    save_responses(
        assessment, {item: {"value": stored_text(answer.value)} for item, answer in answers.items()}, officer
    )
    client = Client()
    client.force_login(officer)
    client.get(f"/assessments/{assessment.pk}/")  # warm-up: templates compiled, framework parsed once
    timings = []
    for _ in range(arguments.runs):
        started = time.perf_counter()
        answer = client.get(f"/assessments/{assessment.pk}/")
        timings.append((time.perf_counter() - started) * 1000)
        assert answer.status_code == 200
    with CaptureQueriesContext(connection) as captured:
        client.get(f"/assessments/{assessment.pk}/")
    if arguments.profile:
        import cProfile
        import pstats

        profiler = cProfile.Profile()
        profiler.runcall(client.get, f"/assessments/{assessment.pk}/")
        pstats.Stats(profiler).sort_stats("cumulative").print_stats("citycert|template", 25)
    timings.sort()
    median = statistics.median(timings)
    print(f"machine: {platform.machine()} {platform.python_implementation()} {platform.python_version()}")
    print(
        f"items: {arguments.items}  runs: {arguments.runs}  page size: {len(answer.content) // 1024} KiB  queries: {len(captured)}"
    )
    print(f"median: {median:.1f} ms  p90: {timings[int(len(timings) * 0.9) - 1]:.1f} ms  min: {timings[0]:.1f} ms")
    print(f"goal: under 150 ms -> {'met' if median < 150 else 'NOT met'}")


if __name__ == "__main__":
    main()
