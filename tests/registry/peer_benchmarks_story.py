"""The peer benchmark's stories (no tests here; the test_peer_benchmarks_* files beside it use them).

Five cities with decided ISO 37106 results of 2026, written straight to the database as the decision leaves
them (the workflow is tested elsewhere; the benchmark only reads PublishedItem rows), with points small
enough to work out by hand:

    city          BM.vision  BM.leadership  BR.citizen-benefits  | BM   BR   total
    Testville 1     1          2              3                  |  3    3     6
    Testville 2     2          2              1                  |  4    1     5
    Testville 3     3          4              5                  |  7    5    12
    Testville 4     4.5        1              2                  |  5.5  2     7.5
    Testville 5     5          3              4                  |  8    4    12
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime
from decimal import Decimal

from django.core.cache import cache
from django.test import Client

from citycert.accounts.memberships import default_body
from citycert.assessments.choices import AssessmentKind, State
from citycert.assessments.models import Assessment
from citycert.certification.choices import ApplicationState, Outcome
from citycert.certification.models import Application, Decision, PublishedItem, Round
from citycert.cities.models import City, Population

YEAR = 2026
ITEMS = ("BM.vision", "BM.leadership", "BR.citizen-benefits")
HAND: dict[int, tuple[float, float, float]] = {
    1: (1, 2, 3),
    2: (2, 2, 1),
    3: (3, 4, 5),
    4: (4.5, 1, 2),
    5: (5, 3, 4),
}


def town(index: int, *, population: int | None = None) -> City:
    city = City.objects.create(
        code=f"9{index:04d}", name_ko=f"시험시{index}", name_en=f"Testville {index}", kind="city"
    )
    if population is not None:
        Population.objects.create(city=city, year=2025, population=population)
    return city


def published(
    city: City,
    points: dict[str, float],
    *,
    year: int = YEAR,
    category: str = "",
    state: str = ApplicationState.DECIDED,
    framework: str = "bsi-iso37106",
) -> Application:
    """An application with its PublishedItem rows; decided (with a decision) unless `state` says otherwise."""
    from citycert.library.store import find_version

    version = find_version(framework)
    round_, _ = Round.objects.get_or_create(
        framework_version=version,
        year=year,
        defaults={
            "name_ko": f"{year}년 인증",
            "name_en": f"Certification {year}",
            "opens_on": date(year, 6, 1),
            "closes_on": date(year, 6, 30),
            "body": default_body(),
        },
    )
    source, frozen = (
        Assessment.objects.create(
            city=city, framework_version=version, kind=AssessmentKind.CERTIFICATION, year=year, state=State.SUBMITTED
        )
        for _ in range(2)
    )
    application = Application.objects.create(
        round=round_, city=city, category=category, source=source, frozen=frozen, state=state
    )
    if state == ApplicationState.DECIDED:
        Decision.objects.create(
            application=application,
            outcome=Outcome.CERTIFIED,
            reasons="test",
            result={},
            decided_at=datetime(year, 9, 30, tzinfo=UTC),
            public_from=datetime(year, 9, 30, tzinfo=UTC),  # the round announced
        )
    PublishedItem.objects.bulk_create(
        PublishedItem(
            application=application,
            city=city,
            framework_version=version,
            year=year,
            item_id=item,
            value=f"{value:g}",
            points=Decimal(str(value)),
        )
        for item, value in points.items()
    )
    return application


def hand_group(*, category: str = "") -> dict[int, City]:
    """The five cities of the table above, each with its decided 2026 result; the cache starts empty so that
    figures cached by an earlier test (whose ids the database reuses) cannot answer for these."""
    cache.clear()
    cities = {}
    for index, values in HAND.items():
        cities[index] = town(index)
        published(cities[index], dict(zip(ITEMS, values, strict=True)), category=category)
    return cities


def cells(html: str, attribute: str, value: str) -> list[str]:
    """The text of each cell of the table row marked data-`attribute`="`value`"."""
    found = re.search(rf'<tr {attribute}="{re.escape(value)}">(.*?)</tr>', html, re.S)
    assert found, f"no row {attribute}={value}"
    return [re.sub(r"<[^>]+>", "", cell).strip() for cell in re.findall(r"<td[^>]*>(.*?)</td>", found.group(1), re.S)]


def figures(html: str, attribute: str, value: str) -> dict[str, str]:
    """A row's city points, quartiles and rank, by name (both tables have them in the same places after the
    first cell; the items table has the value first)."""
    row = cells(html, attribute, value)
    if attribute == "data-item":
        row = row[:1] + row[2:]
    return dict(zip(["label", "points", "lower", "median", "upper", "rank"], row, strict=False))


def page_of(client: Client, code: str, **params: str) -> str:
    answer = client.get(f"/registry/cities/{code}/benchmark/", params)
    assert answer.status_code == 200, answer.content.decode()[:2000]
    return answer.content.decode()
