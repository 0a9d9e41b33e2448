"""The public peer benchmark of a city: its decided result beside its peer group's, with charts.

GET parameters: framework (default: that of the city's latest published result), year (default: the
latest with a published result on it), peers = category (default) | population | list, with
cities=CODE,CODE,… for a list. A parameter the page cannot use is refused with 400, naming it.
"""

from __future__ import annotations

import math
import re
import textwrap
from dataclasses import dataclass

from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import get_object_or_404, render
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from citycert.certification.models import Application
from citycert.cities.models import City
from citycert.frameworks.describe import edition_name, top_areas
from citycert.frameworks.schema import Framework, Node, Text
from citycert.language import in_english
from citycert.library.models import FrameworkVersion
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
from citycert.reports.charts import (
    ACCENT,
    COMPARE,
    FONT_SIZE,
    GAP,
    GUIDE,
    INK,
    LINE_HEIGHT,
    PAD,
    _baseline,
    _Box,
    _clean,
    _esc,
    _num,
    _number,
    _svg,
    _text_element,
    _text_width,
    _tooltip,
)

TEMPLATE = "registry/benchmark.html"
_TOKEN = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,63}")
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
        if (
            not _TOKEN.fullmatch(framework_id)
            or not FrameworkVersion.objects.filter(framework_id=framework_id).exists()
        ):
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
        if not _TOKEN.fullmatch(code):
            raise BadBenchmark(_("Cities: “%(value)s” is not a city code.") % {"value": code[:20]})
    known = set(City.objects.filter(code__in=codes).values_list("code", flat=True))
    unknown = [code for code in codes if code not in known]
    if unknown:
        raise BadBenchmark(_("Cities: no city has the code “%(value)s”.") % {"value": unknown[0]})
    return PeerChoice("list", tuple(codes))


# --- The page's rows -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Row:
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


def points_text(points: float | None) -> str:
    """Points as people read them: at most two decimals, no trailing zeros (4.5, 12, 1,234.25)."""
    if points is None or not math.isfinite(points):
        return "-"
    text = f"{points:,.2f}".rstrip("0").rstrip(".")
    return "0" if text == "-0" else text


@dataclass(frozen=True)
class Area:
    row: Row
    items: list[Row]
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
        row = Row(
            node,
            _tr(node.name, english),
            Standing(this_year.areas.get(node.id), figures.areas.get(node.id)),
            most.get(node.id, 0.0),
        )
        items = _item_rows(framework, node.id, area_of, most, this_year, figures, city.code, english)
        boxes = [Box.of(row, strong=True)] + [Box.of(item) for item in items]
        chart = _box_chart(boxes, title=row.label, series_label=city.name, compare_label=legend)
        areas.append(Area(row, items, mark_safe(chart)))  # noqa: S308 - drawn here, every text escaped
    total = Row(None, _("Total"), Standing(this_year.total, figures.total), most[""])
    summary = [area.row for area in areas] + [total]
    overview = _box_chart(
        [Box.of(row, strong=row is total) for row in summary],
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
) -> list[Row]:
    """The items under `area` (by `area_of`, worked out once per page), in the framework's order; the city's
    own row is never among its leaders."""
    rows = []
    for node in (node for node in framework.nodes if node.assessable and area_of.get(node.id) == area):
        value, points = this_year.items.get(node.id, ("", None))
        leaders = tuple(leader for leader in figures.leaders.get(node.id, ()) if leader.code != own_code)
        rows.append(
            Row(
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
class Option:
    value: str
    label: Text | str  # a framework's name in both languages, for |tr
    selected: bool


def _options(decided: list[Application], chosen: Chosen) -> dict[str, list[Option]]:
    framework_id = chosen.application.round.framework_version.framework_id
    frameworks: dict[str, Text] = {}
    for application in decided:
        framework = application.round.framework_version.framework
        frameworks.setdefault(framework.id, framework.short_name or framework.name)
    years = sorted({application.round.year for application in chosen.on_framework}, reverse=True)
    labels = {"category": _("same category"), "population": _("similar population"), "list": _("cities I choose")}
    return {
        "frameworks": [Option(key, name, key == framework_id) for key, name in sorted(frameworks.items())],
        "years": [Option(str(year), str(year), year == chosen.application.round.year) for year in years],
        "peers": [Option(kind, labels[kind], kind == chosen.peers.kind) for kind in PEER_KINDS],
    }


def _tr(text: Text | None, english: bool) -> str:
    if text is None:
        return ""
    return text.en if english else text.ko


# --- Charts, drawn as citycert/reports/charts.py draws its own (pure, deterministic, words in <desc>) -----

PALETTE = (ACCENT, COMPARE, "#2e7d32", "#7b3fa0", "#a07000", "#00838f")
DOT = 5.0
LABEL_WRAP = 24  # characters per label line: these charts span the page, so labels get more room than WRAP


def _label_lines(label: str) -> list[str]:
    """The label on at most two lines, the second cut with an ellipsis when it does not fit."""
    lines = textwrap.wrap(_clean(label), LABEL_WRAP) or [""]
    if len(lines) > 2:
        lines = [lines[0], textwrap.shorten(" ".join(lines[1:]), LABEL_WRAP, placeholder=" …")]
    return lines


@dataclass(frozen=True)
class Box:
    """One row of a box-and-dot chart: the group's range, middle half and median, and the city's dot, on a
    track standing for 0 … maximum. `description` says it all in words, for <desc>."""

    label: str
    points: float | None
    spread: Spread | None
    maximum: float
    description: str
    strong: bool = False  # an area above its items, or the total below the areas

    @classmethod
    def of(cls, row: Row, *, strong: bool = False) -> Box:
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
        return cls(row.label, points, spread, row.maximum, ", ".join(parts), strong)


def _box_chart(rows: list[Box], *, title: str, series_label: str, compare_label: str, width: int = 880) -> str:
    """Horizontal box-and-dot rows: per row a track for 0 … maximum, the group's range as a whisker, its
    middle half as a box with the median across it, and the city's points as a dot; the figure at the right."""
    labels = [_label_lines(row.label) for row in rows]
    figures = [f"{points_text(row.points)} / {points_text(row.maximum)}" for row in rows]
    label_width = max((_text_width(line) for lines in labels for line in lines), default=0.0)
    figure_width = max((_text_width(figure) for figure in figures), default=0.0)
    row_height = max((len(lines) for lines in labels), default=1) * LINE_HEIGHT + 13
    track_left = PAD + label_width + GAP
    track_width = max(width - PAD - figure_width - GAP - track_left, 160.0)
    right = track_left + track_width + GAP + figure_width + PAD

    def x_of(points: float, maximum: float) -> float:
        share = points / maximum if maximum > 0 and math.isfinite(points) else 0.0
        return track_left + track_width * min(max(share, 0.0), 1.0)

    body: list[str] = []
    for index, row in enumerate(rows):
        middle = PAD + index * row_height + row_height / 2
        lines = labels[index]
        top = middle - len(lines) * LINE_HEIGHT / 2
        weight = ' font-weight="bold"' if row.strong else ""
        body.append(
            _text_element(
                f'class="label" font-size="{FONT_SIZE}" fill="{INK}"{weight}',
                _tooltip(row.label, lines)
                + [
                    f'<tspan x="{PAD}" y="{_num(_baseline(top, number))}">{_esc(line)}</tspan>'
                    for number, line in enumerate(lines)
                ],
            )
        )
        body.append(
            f'<rect class="track" x="{_num(track_left)}" y="{_num(middle - 1)}" width="{_num(track_width)}"'
            f' height="2" fill="{GUIDE}"/>'
        )
        spread = row.spread
        if spread is not None:
            least, most = x_of(spread.least, row.maximum), x_of(spread.most, row.maximum)
            lower, upper = x_of(spread.lower, row.maximum), x_of(spread.upper, row.maximum)
            median = x_of(spread.median, row.maximum)
            body.append(
                f'<line class="range" x1="{_num(least)}" y1="{_num(middle)}" x2="{_num(most)}" y2="{_num(middle)}"'
                f' stroke="{COMPARE}" stroke-width="1.5"/>'
            )
            body.append(
                f'<rect class="middle-half" x="{_num(lower)}" y="{_num(middle - 7)}" width="{_num(max(upper - lower, 1))}"'
                f' height="14" fill="{COMPARE}" fill-opacity="0.2" stroke="{COMPARE}" stroke-width="1.5"/>'
            )
            body.append(
                f'<line class="median" x1="{_num(median)}" y1="{_num(middle - 9)}" x2="{_num(median)}"'
                f' y2="{_num(middle + 9)}" stroke="{COMPARE}" stroke-width="2.5"/>'
            )
        if row.points is not None:
            body.append(
                f'<circle class="city" cx="{_num(x_of(row.points, row.maximum))}" cy="{_num(middle)}" r="{_num(DOT)}"'
                f' fill="{ACCENT}" stroke="#fff" stroke-width="1.5"/>'
            )
        body.append(
            f'<text class="figure" x="{_num(right - PAD)}" y="{_num(middle + 4)}" text-anchor="end"'
            f' font-size="{FONT_SIZE}" fill="{INK}">{_esc(figures[index])}</text>'
        )

    bottom = PAD + len(rows) * row_height + GAP / 2
    legend = [
        f'<circle cx="6" cy="7" r="{_num(DOT)}" fill="{ACCENT}" stroke="#fff" stroke-width="1.5"/>',
        f'<text x="16" y="11.5" font-size="{FONT_SIZE}" fill="{INK}">{_esc(_clean(series_label))}</text>',
    ]
    x = 16 + _text_width(_clean(series_label)) + 16
    legend += [
        f'<rect x="{_num(x)}" y="1" width="22" height="12" fill="{COMPARE}" fill-opacity="0.2" stroke="{COMPARE}"'
        ' stroke-width="1.5"/>',
        f'<line x1="{_num(x + 11)}" y1="-1" x2="{_num(x + 11)}" y2="15" stroke="{COMPARE}" stroke-width="2.5"/>',
        f'<text x="{_num(x + 28)}" y="11.5" font-size="{FONT_SIZE}" fill="{INK}">{_esc(_clean(compare_label))}</text>',
    ]
    legend_width = x + 28 + _text_width(_clean(compare_label))
    body.append(f'<g class="legend" transform="translate({_num(PAD)} {_num(bottom)})">')
    body.extend(legend)
    body.append("</g>")
    box = _Box()
    box.add(0, 0)
    box.add(max(right, PAD + legend_width + PAD), bottom + LINE_HEIGHT + PAD)
    return _svg("box", title, "; ".join(_clean(row.description) for row in rows), box, body)


def _trend_chart(years: list[CityYear], framework: Framework, english: bool, *, title: str) -> str:
    """Lines of the city's total and each area's points, year by year, on one scale from 0."""
    areas = top_areas(framework)
    series = [(_("Total"), [entry.total for entry in years])]
    series += [(_tr(node.name, english), [entry.areas.get(node.id, 0.0) for entry in years]) for node in areas]
    return _line_chart([entry.year for entry in years], series, title=title)


def _line_chart(
    years: list[int], series: list[tuple[str, list[float]]], *, title: str, width: int = 880, height: int = 240
) -> str:
    """One line per series over the years, on a scale from 0 to a round number, with a legend below."""
    top = max((value for _label, values in series for value in values), default=0.0)
    scale = _nice(top)
    ticks = [scale * step / 4 for step in range(5)]
    axis_width = max(_text_width(_number(tick)) for tick in ticks)
    left, plot_top = PAD + axis_width + GAP, PAD + LINE_HEIGHT / 2
    plot_width, plot_height = width - left - PAD - GAP, float(height)
    bottom = plot_top + plot_height

    def x_of(index: int) -> float:
        if len(years) == 1:
            return left + plot_width / 2
        return left + GAP + (plot_width - 2 * GAP) * index / (len(years) - 1)

    def y_of(value: float) -> float:
        return bottom - plot_height * (value / scale if scale else 0.0)

    body = [f'<g class="grid" stroke="{GUIDE}" stroke-width="1">']
    body += [
        f'<line x1="{_num(left)}" y1="{_num(y_of(tick))}" x2="{_num(left + plot_width)}" y2="{_num(y_of(tick))}"/>'
        for tick in ticks
    ]
    body.append("</g>")
    body += [
        f'<text class="tick" x="{_num(left - GAP / 2)}" y="{_num(y_of(tick) + 4)}" text-anchor="end"'
        f' font-size="{FONT_SIZE}" fill="{INK}">{_esc(_number(tick))}</text>'
        for tick in ticks
    ]
    body += [
        f'<text class="year" x="{_num(x_of(index))}" y="{_num(bottom + LINE_HEIGHT + 2)}" text-anchor="middle"'
        f' font-size="{FONT_SIZE}" fill="{INK}">{year}</text>'
        for index, year in enumerate(years)
    ]
    for number, (_label, values) in enumerate(series):
        colour = PALETTE[number % len(PALETTE)]
        points = " ".join(f"{_num(x_of(index))},{_num(y_of(value))}" for index, value in enumerate(values))
        if len(values) > 1:
            body.append(
                f'<polyline class="series" points="{points}" fill="none" stroke="{colour}" stroke-width="2"'
                ' stroke-linejoin="round"/>'
            )
        body.append(f'<g class="dots" fill="{colour}">')
        body += [
            f'<circle cx="{_num(x_of(index))}" cy="{_num(y_of(value))}" r="3"/>' for index, value in enumerate(values)
        ]
        body.append("</g>")

    legend_top, x, legend = bottom + LINE_HEIGHT + GAP, 0.0, []
    row = 0
    for number, (label, _values) in enumerate(series):
        text = _clean(label)
        entry = 22 + _text_width(text)
        if x and left + x + entry > width:
            x, row = 0.0, row + 1
        colour = PALETTE[number % len(PALETTE)]
        y = legend_top + row * LINE_HEIGHT * 1.4
        legend.append(
            f'<line x1="{_num(left + x)}" y1="{_num(y + 7)}" x2="{_num(left + x + 16)}" y2="{_num(y + 7)}"'
            f' stroke="{colour}" stroke-width="2"/>'
        )
        legend.append(
            f'<text x="{_num(left + x + 22)}" y="{_num(y + 11.5)}" font-size="{FONT_SIZE}" fill="{INK}">{_esc(text)}</text>'
        )
        x += entry + 16
    body += legend
    box = _Box()
    box.add(0, 0)
    box.add(width, legend_top + (row + 1) * LINE_HEIGHT * 1.4 + PAD)
    desc = "; ".join(
        f"{_clean(label)}: "
        + ", ".join(f"{year} {points_text(value)}" for year, value in zip(years, values, strict=True))
        for label, values in series
    )
    return _svg("line", title, desc, box, body)


def _nice(value: float) -> float:
    """The smallest of 1, 2, 2.5 or 5 times a power of ten at or above `value`, so the scale's ticks are round."""
    if value <= 0 or not math.isfinite(value):
        return 1.0
    power = 10.0 ** math.floor(math.log10(value))
    return next(step * power for step in (1.0, 2.0, 2.5, 5.0, 10.0) if step * power >= value)
