"""The public peer benchmark of a city: its decided result beside its peer group's, with charts.

GET parameters: framework (default: that of the city's latest published result), year (default: the
latest with a published result on it), peers = category (default) | population | list, with
cities=CODE,CODE,… for a list. A parameter the page cannot use is refused with 400, naming it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import get_object_or_404, render
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from citycert.certification.models import Application
from citycert.charts.benchmark_charts import BoxRow, box_chart, line_chart
from citycert.charts.drawing import points_text
from citycert.cities.models import City
from citycert.frameworks.describe import edition_name, top_areas
from citycert.frameworks.schema import Framework, Node, Text
from citycert.language import in_english
from citycert.library.models import FrameworkVersion
from citycert.query_string import is_identifier
from citycert.registry.benchmarks import (
    LEADERS,
    PEER_KINDS,
    POPULATION_BAND,
    BadBenchmark,
    CityYear,
    Leader,
    PeerChoice,
    PeerFigures,
    Spread,
    Standing,
    area_map,
    city_years,
    decided_applications,
    figures_for,
    maximum_points,
    members_of,
    peer_applications,
)

TEMPLATE = "registry/benchmark.html"
_YEAR = re.compile(r"[12][0-9]{3}")
MOST_CITIES = 100  # in a chosen list; more is a category or a population band


@dataclass(frozen=True)
class Chosen:
    """What the page compares: the city's decided application of a framework and year, and its peers."""

    application: Application
    on_framework: list[Application]  # the city's decided applications on that framework, newest first
    peers: PeerChoice


def benchmark(request: HttpRequest, code: str) -> HttpResponse:
    """A city's decided result beside its peer group's: areas, items, trend and who to learn from."""
    city = get_object_or_404(City.objects.select_related("parent"), code=code)
    decided = decided_applications(city)
    if not decided:
        return render(request, TEMPLATE, {"city": city})
    try:
        chosen = read_choice(request.GET, city, decided)
        peers = peer_applications(chosen.application, chosen.peers)
    except BadBenchmark as error:
        return render(request, TEMPLATE, {"city": city, "error": str(error)}, status=400)
    return render(request, TEMPLATE, page(city, chosen, decided, peers))


def read_choice(params: QueryDict, city: City, decided: list[Application]) -> Chosen:
    """The framework, year and peers asked for, or their defaults; raises BadBenchmark naming the parameter."""
    framework_id = params.get("framework", "").strip()
    if framework_id:
        if not is_identifier(framework_id) or not FrameworkVersion.objects.filter(framework_id=framework_id).exists():
            raise BadBenchmark(
                _("Framework: “%(value)s” is not a framework in the library.") % {"value": framework_id[:40]}
            )
    else:
        framework_id = decided[0].round.framework_version.framework_id
    on_framework = [app for app in decided if app.round.framework_version.framework_id == framework_id]
    if not on_framework:
        raise BadBenchmark(
            _("Framework: %(city)s has no published result on %(framework)s.")
            % {"city": city.name, "framework": framework_id}
        )
    years = sorted({app.round.year for app in on_framework}, reverse=True)
    year_text = params.get("year", "").strip()
    if year_text and not _YEAR.fullmatch(year_text):
        raise BadBenchmark(_("Year: give a year such as 2024, not “%(value)s”.") % {"value": year_text[:20]})
    year = int(year_text) if year_text else years[0]
    if year not in years:
        raise BadBenchmark(
            _("Year: %(city)s has no published result on %(framework)s in %(year)d; it has one in %(years)s.")
            % {"city": city.name, "framework": framework_id, "year": year, "years": ", ".join(map(str, years))}
        )
    application = next(app for app in on_framework if app.round.year == year)
    return Chosen(application, on_framework, read_peers(params, city))


def read_peers(params: QueryDict, city: City) -> PeerChoice:
    kind = params.get("peers", "").strip() or "category"
    if kind not in PEER_KINDS:
        raise BadBenchmark(_("Peers: choose category, population or list, not “%(value)s”.") % {"value": kind[:20]})
    if kind != "list":
        return PeerChoice(kind)
    codes = list(dict.fromkeys(part.strip() for part in params.get("cities", "").split(",") if part.strip()))
    codes = [code for code in codes if code != city.code]
    if not codes:
        raise BadBenchmark(_("Cities: give the codes of the cities to compare with, separated by commas."))
    if len(codes) > MOST_CITIES:
        raise BadBenchmark(_("Cities: at most %(count)d cities in a list.") % {"count": MOST_CITIES})
    for code in codes:
        if not is_identifier(code):
            raise BadBenchmark(_("Cities: “%(value)s” is not a city code.") % {"value": code[:20]})
    known = set(City.objects.filter(code__in=codes).values_list("code", flat=True))
    unknown = [code for code in codes if code not in known]
    if unknown:
        raise BadBenchmark(_("Cities: no city has the code “%(value)s”.") % {"value": unknown[0]})
    return PeerChoice("list", tuple(codes))


# --- The page's rows -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class BenchmarkRow:
    """One line of a table: an item, an area or the total, the city's figures beside the group's."""

    node: Node | None  # None for the total
    label: str
    standing: Standing
    maximum: float
    value: str = ""  # an item's value as decided, with its unit (for a levelled item, the level)
    leaders: tuple[Leader, ...] = ()

    @property
    def spread(self) -> Spread | None:
        return self.standing.spread

    @property
    def shown(self) -> dict[str, str]:
        """The figures as the table shows them; "-" where there is none."""
        spread, rank = self.spread, self.standing.rank
        return {
            "points": points_text(self.standing.points),
            "lower": points_text(spread.lower if spread else None),
            "median": points_text(spread.median if spread else None),
            "upper": points_text(spread.upper if spread else None),
            "rank": f"{rank} / {spread.count}" if rank is not None and spread is not None else "-",
            "maximum": points_text(self.maximum),
        }

    @property
    def leaders_shown(self) -> list[tuple[Leader, str]]:
        return [(leader, points_text(leader.points)) for leader in self.leaders]


@dataclass(frozen=True)
class Area:
    row: BenchmarkRow
    items: list[BenchmarkRow]
    chart: SafeString


def page(city: City, chosen: Chosen, decided: list[Application], peers: QuerySet[Application]) -> dict[str, object]:
    """Everything the template shows, in the page's language."""
    english = in_english()
    application = chosen.application
    framework = application.round.framework_version.framework
    members = members_of(peers, english)
    figures = figures_for(peers, members, application, framework)
    years = city_years(chosen.on_framework)
    this_year = next(entry for entry in years if entry.year == application.round.year)
    area_of, most = area_map(framework), maximum_points(framework)
    legend = _("Peer group: middle half, median and range")
    areas, area_nodes = [], top_areas(framework)
    for node in area_nodes:
        row = BenchmarkRow(
            node,
            _tr(node.name, english),
            Standing(this_year.areas.get(node.id), figures.areas.get(node.id)),
            most.get(node.id, 0.0),
        )
        items = _item_rows(framework, node.id, area_of, most, this_year, figures, city.code, english)
        boxes = [_box_row(row, strong=True)] + [_box_row(item) for item in items]
        chart = box_chart(boxes, title=row.label, series_label=city.name, compare_label=legend)
        areas.append(Area(row, items, mark_safe(chart)))  # noqa: S308 - drawn here, every text escaped
    total = BenchmarkRow(None, _("Total"), Standing(this_year.total, figures.total), most[""])
    summary = [area.row for area in areas] + [total]
    overview = box_chart(
        [_box_row(row, strong=row is total) for row in summary],
        title=_("Areas beside the peer group"),
        series_label=city.name,
        compare_label=legend,
    )
    listed = {member.code for member in members}
    return {
        "city": city,
        "application": application,
        "framework": framework,
        "year": application.round.year,
        "peers": chosen.peers,
        "group": _group_description(chosen, city, len(members)),
        "missing": [code for code in chosen.peers.codes if code not in listed],
        "figures": figures,
        "areas": areas,
        "summary": summary,
        "overview": mark_safe(overview),  # noqa: S308 - drawn here, every text escaped
        "years": [
            (
                entry.year,
                edition_name(entry.application.round.framework_version.framework),
                points_text(entry.total),
                [points_text(entry.areas.get(node.id)) for node in area_nodes],
            )
            for entry in years
        ],
        "editions": len({entry.application.round.framework_version_id for entry in years}),
        "trend": mark_safe(_trend_chart(years, framework, english, title=_("Points year by year"))),  # noqa: S308
        "options": _options(decided, chosen),
        "leaders_shown": LEADERS,
    }


def _item_rows(
    framework: Framework,
    area: str,
    area_of: dict[str, str],
    most: dict[str, float],
    this_year: CityYear,
    figures: PeerFigures,
    own_code: str,
    english: bool,
) -> list[BenchmarkRow]:
    """The items under `area` (by `area_of`, worked out once per page), in the framework's order; the city's
    own row is never among its leaders."""
    rows = []
    for node in (node for node in framework.nodes if node.assessable and area_of.get(node.id) == area):
        value, points = this_year.items.get(node.id, ("", None))
        leaders = tuple(leader for leader in figures.leaders.get(node.id, ()) if leader.code != own_code)
        rows.append(
            BenchmarkRow(
                node,
                _tr(node.name, english),
                Standing(points, figures.items.get(node.id)),
                most.get(node.id, 0.0),
                value=_value_text(node, value, english),
                leaders=leaders[:LEADERS],
            )
        )
    return rows


def _value_text(node: Node, value: str, english: bool) -> str:
    if not value:
        return "-"
    if node.type == "boolean":
        return _("yes") if value == "true" else _("no")
    return f"{value} {_tr(node.unit, english)}" if node.unit else value


def _group_description(chosen: Chosen, city: City, count: int) -> str:
    application = chosen.application
    if chosen.peers.kind == "category" and not application.category:
        return _("Every city with a decided result in this round: %(count)d, %(city)s included.") % {
            "count": count,
            "city": city.name,
        }
    if chosen.peers.kind == "category":
        category = application.category_name
        return _(
            "Cities of the same category (%(category)s) with a decided result in this round: %(count)d, %(city)s included."
        ) % {"category": category, "count": count, "city": city.name}
    if chosen.peers.kind == "population":
        return _(
            "Cities whose latest population is within ±%(band)d %% of %(city)s's, with a decided result in this round: %(count)d, %(city)s included."
        ) % {"band": round(POPULATION_BAND * 100), "city": city.name, "count": count}
    return _("The cities listed, with a decided result in this round: %(count)d, %(city)s included.") % {
        "count": count,
        "city": city.name,
    }


@dataclass(frozen=True)
class BenchmarkFormChoice:
    """One choice of the benchmark's form (framework, year, peers), and whether it is the one shown."""

    value: str
    label: Text | str  # a framework's name in both languages, for |tr
    selected: bool


def _options(decided: list[Application], chosen: Chosen) -> dict[str, list[BenchmarkFormChoice]]:
    framework_id = chosen.application.round.framework_version.framework_id
    frameworks: dict[str, Text] = {}
    for application in decided:
        framework = application.round.framework_version.framework
        frameworks.setdefault(framework.id, framework.short_name or framework.name)
    years = sorted({application.round.year for application in chosen.on_framework}, reverse=True)
    labels = {"category": _("same category"), "population": _("similar population"), "list": _("cities I choose")}
    return {
        "frameworks": [BenchmarkFormChoice(key, name, key == framework_id) for key, name in sorted(frameworks.items())],
        "years": [BenchmarkFormChoice(str(year), str(year), year == chosen.application.round.year) for year in years],
        "peers": [BenchmarkFormChoice(kind, labels[kind], kind == chosen.peers.kind) for kind in PEER_KINDS],
    }


def _tr(text: Text | None, english: bool) -> str:
    if text is None:
        return ""
    return text.en if english else text.ko


# --- Charts (drawn by citycert/charts/benchmark_charts.py) --------------------------------------------------------


def _box_row(row: BenchmarkRow, *, strong: bool = False) -> BoxRow:
    """The row of the box-and-dot chart for a line of the table, with its description in words."""
    spread, points = row.spread, row.standing.points
    parts = [f"{row.label}: {points_text(points)} / {points_text(row.maximum)}"]
    if spread is not None:
        parts.append(
            _("median %(median)s, middle half %(lower)s–%(upper)s, range %(least)s–%(most)s")
            % {
                "median": points_text(spread.median),
                "lower": points_text(spread.lower),
                "upper": points_text(spread.upper),
                "least": points_text(spread.least),
                "most": points_text(spread.most),
            }
        )
    return BoxRow(row.label, points, spread, row.maximum, ", ".join(parts), strong)


def _trend_chart(years: list[CityYear], framework: Framework, english: bool, *, title: str) -> str:
    """Lines of the city's total and each area's points, year by year, on one scale from 0."""
    areas = top_areas(framework)
    series = [(_("Total"), [entry.total for entry in years])]
    series += [(_tr(node.name, english), [entry.areas.get(node.id, 0.0) for entry in years]) for node in areas]
    return line_chart([entry.year for entry in years], series, title=title)
