"""Generate many cities with years of decided results on two frameworks, straight into the database.

Rows are bulk-inserted as the decision workflow would have left them (round, frozen assessment, application,
decision, certificate, published items), without running the workflow a million times: this is data for
measuring reads, not a test of the writes. Values are drawn per city around a city-level share, with a
fixed seed, so results differ between cities and drift over the years.
"""

from __future__ import annotations

import random
from datetime import date, timedelta
from decimal import Decimal
from typing import Any


def generate(cities: int, years: int, *, first_year: int = 2016, seed: int = 7) -> dict[str, int]:
    """Fill the (empty, migrated) database; returns how many rows of each kind were made."""
    from django.db import transaction
    from django.utils import timezone

    from citycert.accounts.memberships import default_body
    from citycert.assessments.models import Assessment
    from citycert.certification.models import Application, Certificate, Decision, PublishedItem, PublishedRows, Round
    from citycert.certification.published_rows import result_csv
    from citycert.cities.models import City, Population
    from citycert.library.store import find_version, import_bundled
    from citycert.scoring.model import compile_framework

    import_bundled()
    rng = random.Random(seed)
    versions = [find_version("kr-smartcity"), find_version("bsi-iso37106")]
    kinds = ["city", "county", "autonomous_district"]
    with transaction.atomic():
        made = City.objects.bulk_create(
            City(code=f"9{index:05d}", name_ko=f"벤치시{index}", name_en=f"Bench {index}", kind=kinds[index % 3])
            for index in range(cities)
        )
        Population.objects.bulk_create(
            Population(city=city, year=first_year, population=rng.randint(20_000, 1_200_000)) for city in made
        )
    counts = {"cities": len(made), "applications": 0, "published_items": 0, "certificates": 0}
    now = timezone.now()
    body = default_body()
    for version in versions:
        model = compile_framework(version.framework)
        items = sorted(model.items, key=lambda item: item.id)  # the order a decision publishes them in
        # Each item's value and points at 101 shares of its range, worked out once: drawing a city's value
        # is then a lookup, and ten million rows take a minute rather than an hour.
        table = {item.id: [_value(item, step / 100, model) for step in range(101)] for item in items}
        prefix = "KR-SC" if version.framework_id == "kr-smartcity" else "BSI-ISO37106"
        for year in range(first_year, first_year + years):
            with transaction.atomic():
                round_ = Round.objects.create(
                    framework_version=version,
                    body=body,
                    year=year,
                    name_ko=f"{year} 벤치",
                    name_en=f"Bench {year}",
                    opens_on=date(year, 6, 1),
                    closes_on=date(year, 6, 30),
                )
                frozen = Assessment.objects.bulk_create(
                    Assessment(city=city, framework_version=version, kind="certification", year=year, state="submitted")
                    for city in made
                )
                applications = Application.objects.bulk_create(
                    Application(
                        round=round_, city=city, category="", source=assessment, frozen=assessment, state="decided"
                    )
                    for city, assessment in zip(made, frozen, strict=True)
                )
                published: list[PublishedItem] = []
                rows: list[PublishedRows] = []
                decisions: list[Decision] = []
                certificates: list[Certificate] = []
                for city, application in zip(made, applications, strict=True):
                    share = min(1.0, max(0.0, rng.gauss(0.72, 0.12) + (year - first_year) * 0.005))
                    total = Decimal(0)
                    for item in items:
                        step = round(100 * min(1.0, max(0.0, share + rng.uniform(-0.15, 0.15))))
                        value, points = table[item.id][step]
                        total += points
                        published.append(
                            PublishedItem(
                                application=application,
                                city_id=application.city_id,
                                framework_version=version,
                                year=year,
                                item_id=item.id,
                                value=value,
                                points=points,
                            )
                        )
                    certified = share >= 0.7
                    outcome = "certified" if certified else "not_certified"
                    rows.append(
                        PublishedRows(
                            application=application,
                            city=city,
                            framework_version=version,
                            year=year,
                            csv=result_csv(
                                city=(city.code, city.name_ko, city.name_en),
                                framework=version.framework_id,
                                version=version.version,
                                year=year,
                                outcome=outcome,
                                items=(
                                    (row.item_id, row.value, row.unit, row.points) for row in published[-len(items) :]
                                ),
                            ),
                        )
                    )
                    decisions.append(
                        Decision(
                            application=application,
                            outcome=outcome,
                            reasons="bench",
                            result={"total": float(total)},
                            decided_at=now,
                        )
                    )
                    if certified:
                        issued = date(year, 9, 30)
                        certificates.append(
                            Certificate(
                                number=f"{prefix}-{year}-{len(certificates) + 1:05d}",
                                application=application,
                                city_id=application.city_id,
                                framework_version=version,
                                issued_on=issued,
                                expires_on=issued + timedelta(days=730),
                                status="valid",
                                grade="3",
                            )
                        )
                Decision.objects.bulk_create(decisions, batch_size=5000)
                Certificate.objects.bulk_create(certificates, batch_size=5000)
                PublishedItem.objects.bulk_create(published, batch_size=5000)
                PublishedRows.objects.bulk_create(rows, batch_size=1000)
            counts["applications"] += len(applications)
            counts["published_items"] += len(published)
            counts["certificates"] += len(certificates)
    return counts


def _value(item: Any, share: float, model: Any) -> tuple[str, Decimal]:
    """An item's value at a share of its range, and the points it earns."""
    from citycert.assessments.answers import stored_text
    from citycert.demo.results import value_at
    from citycert.scoring import Answer

    levels = [level.value for level in item.scale.levels] if item.scale else []
    value = value_at(item.node, levels, share)
    return stored_text(value), model.state(item, Answer(value)).earned
