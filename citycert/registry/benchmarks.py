"""Peer benchmarks: a city's decided result beside its peer group's, item by item and area by area.

Only PublishedItem rows of decided applications are read: what a decision froze and made public. Drafts,
applications still in review and anything an assessor wrote never count.

The methods, stated once (the page repeats them):
- quartiles and medians interpolate linearly between the two nearest ranks (Hyndman and Fan's type 7,
  numpy's default, Polars' quantile(…, "linear")): of n values sorted x[0] … x[n-1], the p-quantile is
  x[i] + (h - i)(x[i+1] - x[i]) with h = (n - 1)p and i = floor(h);
- ranks are competition ranks: 1 + the number of members with more points, so ties share a rank (1, 2, 2, 4);
- the peer group includes the city itself; an area's points are the sum of the points of the items under it.

`peer_figures` is the pure part (rows in, figures out). The peer group's figures cost one read of its
PublishedItem rows; since decided rows never change, they are cached under the exact set of applications
they were computed from, and the next city of the same group only reads its own rows.
"""

from __future__ import annotations

import hashlib
from bisect import bisect_right
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.core.cache import cache
from django.db import connection
from django.db.models import FloatField, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Cast
from django.utils import timezone
from django.utils.translation import gettext as _

from citycert.certification.choices import ApplicationState
from citycert.certification.models import Application, Decision, PublishedItem
from citycert.cities.models import City, Population
from citycert.frameworks.describe import top_areas
from citycert.frameworks.schema import Framework
from citycert.scoring.model import compile_framework

if TYPE_CHECKING:
    import polars as pl

PEER_KINDS = ("category", "population", "list")
POPULATION_BAND = 0.5  # population peers: within ±50 % of the city's latest population
LEADERS = 3
CACHE_SECONDS = 24 * 60 * 60
# PublishedItem keeps points to 4 decimals; sums are rounded to as many, so that equal sums added up in a
# different order (0.1 + 0.2 and 0.3) stay equal and share a rank.
DECIMALS = 4


class BadBenchmark(ValueError):
    """A benchmark the page cannot draw as asked; the message names the parameter and says why."""


# --- The pure part: rows in, figures out ---------------------------------------------------------------


@dataclass(frozen=True)
class Spread:
    """How a peer group's points for one item or area are spread, and what rank any points would take."""

    count: int
    lower: float
    median: float
    upper: float
    least: float
    most: float
    values: tuple[float, ...]  # the distinct points, ascending
    at_most: tuple[int, ...]  # how many members have at most each of them

    def rank(self, points: float) -> int:
        """1 + how many members have more points: equal points share a rank."""
        index = bisect_right(self.values, points)
        return 1 + self.count - (self.at_most[index - 1] if index else 0)


@dataclass(frozen=True)
class Member:
    """A city in the peer group, with a decided application in the round."""

    application_id: int
    city_id: int
    code: str
    name: str  # in the page's language


@dataclass(frozen=True)
class Leader:
    code: str
    name: str
    points: float


@dataclass(frozen=True)
class PeerFigures:
    """A peer group's spreads per item, per top-level area and of the total, and each item's leaders (best
    first, one more than shown so that the city itself can be left out)."""

    members: int
    items: dict[str, Spread]
    areas: dict[str, Spread]
    total: Spread | None
    leaders: dict[str, tuple[Leader, ...]]


def quantile(ordered: Sequence[float], share: float) -> float:
    """The `share`-quantile of values sorted ascending, interpolated linearly (the method stated above)."""
    if not ordered:
        raise ValueError("no values")
    position = (len(ordered) - 1) * share
    index = int(position)
    if index + 1 >= len(ordered):
        return float(ordered[-1])
    return float(ordered[index] + (position - index) * (ordered[index + 1] - ordered[index]))


def peer_figures(
    rows: Iterable[tuple[int, str, float | None]], area_of: Mapping[str, str], members: Sequence[Member]
) -> PeerFigures:
    """The peer group's figures from its rows (city id, item id, points). Rows of cities that are not members
    and rows without points (an item not scored) count nowhere; items outside every area count in the
    total only."""
    import polars as pl  # loads when a benchmark is drawn, not with every page

    frame = pl.DataFrame(
        list(rows), schema={"city": pl.Int64, "item": pl.Utf8, "points": pl.Float64}, orient="row"
    ).drop_nulls("points")
    frame = frame.filter(pl.col("city").is_in([member.city_id for member in members]))
    names = pl.DataFrame(
        [(member.city_id, member.code, member.name) for member in members],
        schema={"city": pl.Int64, "code": pl.Utf8, "name": pl.Utf8},
        orient="row",
    )
    areas = (
        frame.with_columns(pl.col("item").replace_strict(dict(area_of), default=None).alias("area"))
        .drop_nulls("area")
        .group_by("city", "area")
        .agg(pl.col("points").sum().round(DECIMALS))
    )
    totals = (
        frame.group_by("city").agg(pl.col("points").sum().round(DECIMALS)).with_columns(pl.lit("total").alias("key"))
    )
    # Best first, then by name. Only rows at or above each item's (LEADERS + 1)-th best points can lead, so
    # only those are named and ordered, not the whole group.
    cutoff = frame.group_by("item").agg(pl.col("points").top_k(LEADERS + 1).min().alias("cutoff"))
    best = (
        frame.join(cutoff, on="item")
        .filter(pl.col("points") >= pl.col("cutoff"))
        .join(names, on="city")
        .sort(["item", "points", "name"], descending=[False, True, False])
        .group_by("item", maintain_order=True)
        .head(LEADERS + 1)
    )
    leaders: dict[str, list[Leader]] = {}
    for item, code, name, points in best.select("item", "code", "name", "points").iter_rows():
        leaders.setdefault(item, []).append(Leader(code, name, points))
    return PeerFigures(
        members=frame.get_column("city").n_unique(),
        items=_spreads(frame, "item"),
        areas=_spreads(areas, "area"),
        total=_spreads(totals, "key").get("total"),
        leaders={item: tuple(found) for item, found in leaders.items()},
    )


def _spreads(frame: pl.DataFrame, key: str) -> dict[str, Spread]:
    import polars as pl

    points = pl.col("points")
    stats = frame.group_by(key).agg(
        pl.len().alias("count"),
        points.quantile(0.25, "linear").alias("lower"),
        points.quantile(0.5, "linear").alias("median"),
        points.quantile(0.75, "linear").alias("upper"),
        points.min().alias("least"),
        points.max().alias("most"),
    )
    steps = (
        frame.group_by(key, "points")
        .len()
        .sort(key, "points")
        .with_columns(pl.col("len").cum_sum().over(key).alias("at_most"))
    )
    values: dict[str, list[float]] = {}
    at_most: dict[str, list[int]] = {}
    for name, value, count in steps.select(key, "points", "at_most").iter_rows():
        values.setdefault(name, []).append(value)
        at_most.setdefault(name, []).append(count)
    return {
        name: Spread(count, lower, median, upper, least, most, tuple(values[name]), tuple(at_most[name]))
        for name, count, lower, median, upper, least, most in stats.select(
            key, "count", "lower", "median", "upper", "least", "most"
        ).iter_rows()
    }


@dataclass(frozen=True)
class Standing:
    """The city's points for one item or area beside its peer group's spread."""

    points: float | None
    spread: Spread | None

    @property
    def rank(self) -> int | None:
        if self.points is None or self.spread is None:
            return None
        return self.spread.rank(self.points)


def area_points(points: Mapping[str, float | None], area_of: Mapping[str, str]) -> dict[str, float]:
    """Each area's points: the sum of its items' points (items without points add nothing)."""
    sums: dict[str, float] = {}
    for item, value in points.items():
        area = area_of.get(item)
        if area is not None and value is not None:
            sums[area] = sums.get(area, 0.0) + value
    return {area: round(total, DECIMALS) for area, total in sums.items()}


# --- The framework's shape -----------------------------------------------------------------------------


def area_map(framework: Framework) -> dict[str, str]:
    """Item id → the id of the top-level area it sits under (its furthest ancestor)."""
    tops = {node.id for node in top_areas(framework)}
    found = {}
    for item in compile_framework(framework).items:
        if item.ancestors and item.ancestors[-1][0] in tops:
            found[item.id] = item.ancestors[-1][0]
    return found


def maximum_points(framework: Framework) -> dict[str, float]:
    """The most each item, each area (the sum of its items) and the total ("") can earn."""
    area_of = area_map(framework)
    most: dict[str, float] = {"": 0.0}
    for item in compile_framework(framework).items:
        best = float(item.max_points)
        most[item.id] = best
        most[""] += best
        if item.id in area_of:
            most[area_of[item.id]] = most.get(area_of[item.id], 0.0) + best
    return most


# --- Reading the published rows ------------------------------------------------------------------------


def decided_applications(city: City) -> list[Application]:
    """The city's decided applications, newest round first (the latest decision first within a year)."""
    return list(
        Application.objects.filter(
            Decision.public(timezone.now(), "decision__"), city=city, state=ApplicationState.DECIDED
        )
        .select_related("round__framework_version", "decision")
        .defer("round__framework_version__document", "decision__result")
        .order_by("-round__year", "-decision__decided_at", "-pk")
    )


@dataclass(frozen=True)
class PeerChoice:
    """Who the city is compared with: its category, its population band, or a list of city codes."""

    kind: str = "category"
    codes: tuple[str, ...] = ()


def _decided_in_round(application: Application) -> QuerySet[Application]:
    return Application.objects.filter(
        Decision.public(timezone.now(), "decision__"), round_id=application.round_id, state=ApplicationState.DECIDED
    )


def peer_applications(application: Application, choice: PeerChoice) -> QuerySet[Application]:
    """The decided applications of the same round that make up the peer group, the city's own included."""
    peers = _decided_in_round(application)
    if choice.kind == "category":
        return peers.filter(category=application.category)
    if choice.kind == "population":
        own = Population.objects.filter(city_id=application.city_id).order_by("-year").first()
        if own is None:
            raise BadBenchmark(_("Peers: no population is recorded for this city, so it has no population band."))
        latest = Population.objects.filter(city=OuterRef("city_id")).order_by("-year").values("population")[:1]
        low, high = own.population * (1 - POPULATION_BAND), own.population * (1 + POPULATION_BAND)
        return peers.annotate(latest=Subquery(latest)).filter(latest__gte=low, latest__lte=high)
    if choice.kind == "list":
        return peers.filter(Q(city_id=application.city_id) | Q(city__code__in=choice.codes))
    raise BadBenchmark(_("Peers: choose category, population or list."))


def members_of(peers: QuerySet[Application], english: bool) -> list[Member]:
    name = "city__name_en" if english else "city__name_ko"
    return [Member(*row) for row in peers.order_by("pk").values_list("pk", "city_id", "city__code", name)]


def figures_for(
    peers: QuerySet[Application], members: Sequence[Member], application: Application, framework: Framework
) -> PeerFigures:
    """The figures of the peer group `members` (read from `peers`), computed once per exact set of
    applications and language (the names break ties among leaders) and cached: decided rows never change.
    A member decided after `members` was read is left out by peer_figures, so the key stays exact."""
    names = "\0".join(f"{member.application_id}:{member.name}" for member in members)
    digest = hashlib.sha256(f"{application.round_id}\0{names}".encode()).hexdigest()
    key = f"registry:peer-figures:{digest}"
    figures: PeerFigures | None = cache.get(key)
    if figures is None:
        figures = peer_figures(_peer_rows(peers, application), area_map(framework), members)
        cache.set(key, figures, CACHE_SECONDS)
    return figures


def _peer_rows(peers: QuerySet[Application], application: Application) -> list[tuple[Any, ...]]:
    """(city id, item id, points) of the peer group: one query, read by the cursor because Decimal objects
    for half a million rows would cost more than the rest of the page."""
    rows = PublishedItem.objects.filter(
        framework_version_id=application.round.framework_version_id,
        year=application.round.year,
        application__in=peers.values("pk"),
    )
    sql, params = rows.values_list("city_id", "item_id", Cast("points", FloatField())).query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        found: list[tuple[Any, ...]] = cursor.fetchall()
    return found


@dataclass(frozen=True)
class CityYear:
    """The city's published result of one year on one framework: each item's value and points, each
    area's points and the total."""

    year: int
    application: Application
    items: dict[str, tuple[str, float | None]]
    areas: dict[str, float]
    total: float


def city_years(applications: Sequence[Application]) -> list[CityYear]:
    """The city's results year by year from its decided applications on one framework, oldest first; where
    a year has two (two versions), the one decided last. One query."""
    by_year: dict[int, Application] = {}
    for application in applications:  # newest decision first, so the first of a year wins
        by_year.setdefault(application.round.year, application)
    rows: dict[int, dict[str, tuple[str, float | None]]] = {application.pk: {} for application in by_year.values()}
    published = PublishedItem.objects.filter(application__in=list(by_year.values()))
    for application_id, item, value, scored in published.values_list("application_id", "item_id", "value", "points"):
        rows[application_id][item] = (value, float(scored) if scored is not None else None)
    years = []
    for year, application in sorted(by_year.items()):
        items = rows[application.pk]
        area_of = area_map(application.round.framework_version.framework)
        points = {item: scored for item, (_value, scored) in items.items()}
        total = round(sum(scored for scored in points.values() if scored is not None), DECIMALS)
        years.append(CityYear(year, application, items, area_points(points, area_of), total))
    return years
