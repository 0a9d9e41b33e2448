"""Time the certifying body's monitoring view with 10,000 certified cities; print median and p90 in ms.

Goal (issue 8: year-round indicators): GET /certification/monitoring/ under 300 ms for the certifier, in its
default order, with a filter, and as CSV (every row). The data is bench.many_cities' generator for the year
before this one (certificates issued on 30 September, so valid today on both frameworks), with enough cities
that 10,000 of them hold a certificate valid today, under 17 upper-level governments so that the region
filter has something to choose. Each certificate gets a Projection: project_cities works out a sample of
them for real (its time per certificate is printed; --project-all runs it for every one), and the rest are
bulk-created with plausible figures (the decided total moved by a few points, some below the bar, drivers
and overdue items), with below-the-bar and value-drop alerts and a watch list, as a year of imports leaves.
Run: .venv/bin/python -m bench.monitoring_view [--certified 10000] [--runs 30] [--sample 300] [--project-all]
"""

from __future__ import annotations

import argparse
import os
import platform
import random
import statistics
import tempfile
import time
from decimal import Decimal
from pathlib import Path
from typing import Any

REGIONS = 17  # Korea's upper-level governments
CERTIFIED_SHARE = 0.8  # of generated cities, about this many hold a certificate on one framework or both


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--certified", type=int, default=10_000, help="cities holding a certificate valid today")
    parser.add_argument("--runs", type=int, default=30)
    parser.add_argument("--sample", type=int, default=300, help="certificates projected by project_cities")
    parser.add_argument("--project-all", action="store_true", help="project every certificate for real")
    parser.add_argument("--data", type=Path, help="a folder to generate into, or to reuse when it has a database")
    arguments = parser.parse_args()
    folder = arguments.data or Path(tempfile.mkdtemp(prefix="citycert-bench-"))
    reuse = (folder / "citycert.sqlite3").exists()
    os.environ["CITYCERT_DATA_DIR"] = str(folder)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "citycert.settings")
    import django

    django.setup()
    from django.contrib.auth import get_user_model
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from django.utils import timezone

    from citycert.indicators.models import Projection

    today = timezone.localdate()
    if reuse:
        print(f"reusing {folder}")
    else:
        call_command("migrate", verbosity=0)
        started = time.perf_counter()
        made = generate_certified(arguments.certified, today.year - 1)
        print(f"generated {made} in {time.perf_counter() - started:.0f} s")
        started = time.perf_counter()
        project_certificates(arguments.sample, arguments.project_all, today)
        print(f"projections and alerts made in {time.perf_counter() - started:.0f} s")

    certifier = get_user_model().objects.get(username="bench-certifier")
    client = Client()
    client.force_login(certifier)
    rows = Projection.objects.count()

    def get(query: str) -> tuple[float, int, int]:
        with CaptureQueriesContext(connection) as captured:
            started = time.perf_counter()
            answer = client.get(f"/certification/monitoring/{query}")
            body = b"".join(answer.streaming_content) if answer.streaming else answer.content  # type: ignore[attr-defined]
            elapsed = (time.perf_counter() - started) * 1000
        assert answer.status_code == 200, answer.status_code
        return elapsed, len(captured), len(body)

    print(f"machine: {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}")
    print(f"database: {connection.vendor}; projections (rows of the view): {rows:,}")
    met = True
    for label, query in (
        ("default order", ""),
        ("filter below=1", "?below=1"),
        ("filter framework+region", "?framework=kr-smartcity&region=R01"),
        ("csv, every row", "?format=csv"),
    ):
        get(query)  # templates compiled, frameworks read
        timed = [get(query) for _ in range(arguments.runs)]
        timings = sorted(elapsed for elapsed, _queries, _size in timed)
        median = statistics.median(timings)
        p90 = timings[max(0, int(len(timings) * 0.9) - 1)]
        met = met and median < 300
        print(
            f"{label:<24} median {median:7.1f} ms  p90 {p90:7.1f} ms  min {timings[0]:7.1f} ms"
            f"  ({timed[-1][1]} queries, {timed[-1][2] // 1024} KiB)"
        )
    print(f"goal: every median under 300 ms -> {'met' if met else 'NOT met'}")


def generate_certified(certified: int, year: int) -> dict[str, int]:
    """bench.many_cities' cities and one year of decided results, placed under upper-level governments."""
    from django.contrib.auth import get_user_model

    from bench.many_cities import generate
    from citycert.accounts.models import Profile, Role
    from citycert.cities.models import City

    counts = generate(round(certified / CERTIFIED_SHARE), 1, first_year=year)
    regions = City.objects.bulk_create(
        City(code=f"R{index:02d}", name_ko=f"벤치도{index}", name_en=f"Bench province {index}", kind="province")
        for index in range(1, REGIONS + 1)
    )
    ids = list(City.objects.filter(parent=None, code__startswith="9").order_by("id").values_list("id", flat=True))
    for index, region in enumerate(regions):
        City.objects.filter(id__in=ids[index::REGIONS]).update(parent=region)
    certifier = get_user_model().objects.create_user("bench-certifier")
    Profile.objects.create(user=certifier, role=Role.CERTIFIER)
    counts["certified_cities"] = City.objects.filter(certificates__isnull=False).distinct().count()
    return counts


def project_certificates(sample: int, every: bool, today: Any) -> None:
    """Real projections of a sample (or of every certificate); plausible ones for the rest; alerts; a watch list."""
    from django.contrib.auth import get_user_model

    from citycert.indicators.models import Alert, Projection, WatchedCity
    from citycert.indicators.projection import certified_today, project

    rng = random.Random(13)
    certificates = certified_today(today)
    rng.shuffle(certificates)
    chosen = certificates if every else certificates[:sample]
    started = time.perf_counter()
    projected = [project(certificate, today) for certificate in chosen]
    each = (time.perf_counter() - started) * 1000 / max(1, len(chosen))
    print(
        f"project(): {len(chosen):,} certificates at {each:.1f} ms each"
        f" (all {len(certificates):,} would take {each * len(certificates) / 1000:.0f} s)"
    )
    template = {p.certificate.framework_version.framework_id: p for p in projected}
    made = []
    for certificate in certificates[len(chosen) :]:
        like = template[certificate.framework_version.framework_id]
        decided = Decimal(str((certificate.application.decision.result or {}).get("total", 0)))
        moved = Decimal(str(round(rng.gauss(-4, 18), 2))) if like.bar is not None else Decimal(0)
        total = max(Decimal(0), min(like.maximum, decided + moved))
        items = rng.sample([d["item"] for d in like.drivers] or ["D3.I3.3", "D3.I1.6", "D1.I2.5"], k=1)
        passes = total >= like.bar if like.bar is not None else rng.random() > 0.03
        made.append(
            Projection(
                certificate=certificate,
                total=total,
                maximum=like.maximum,
                bar=like.bar,
                passes=passes,
                decided_total=decided,
                drivers=[{"item": items[0], "decided": 30.0, "projected": 30.0 + float(moved)}] if moved else [],
                below=[] if passes else like.below or [{"ko": "총점 미달", "en": "Total below the bar"}],
                overdue=items if rng.random() < 0.08 else [],
            )
        )
    Projection.objects.bulk_create(made, batch_size=2_000)
    alerts = []
    for projection in Projection.objects.select_related("certificate"):
        city, number = projection.certificate.city_id, projection.certificate.number
        if not projection.passes:
            alerts += [
                Alert(kind="below_bar", audience=audience, city_id=city, condition=f"below_bar:{number}")
                for audience in ("city", "body")
            ]
        if rng.random() < 0.15:
            alerts.append(Alert(kind="drop", audience="city", city_id=city, condition=f"drop:{number}:D3.I3.3"))
    for alert in alerts:
        alert.message_ko = alert.message_en = alert.condition
    Alert.objects.bulk_create(alerts, batch_size=2_000, ignore_conflicts=True)
    certifier = get_user_model().objects.get(username="bench-certifier")
    watched = rng.sample([c.city_id for c in certificates], k=min(25, len(certificates)))
    WatchedCity.objects.bulk_create(
        [WatchedCity(user=certifier, city_id=city) for city in set(watched)], ignore_conflicts=True
    )
    below = Projection.objects.filter(passes=False).count()
    print(f"projections: {Projection.objects.count():,} ({below:,} below the bar); alerts: {Alert.objects.count():,}")


if __name__ == "__main__":
    main()
