"""The charts of the public peer benchmark (registry/benchmark_views.py): box-and-dot rows, the city's points
beside its peer group's spread, and lines of points year by year. Drawn with the pieces of
`citycert.charts.drawing`, as the charts of `common_charts` are (pure, deterministic, every figure in <desc>); the
page gives the labels and descriptions in its language.
"""

from __future__ import annotations

import math
import textwrap
from dataclasses import dataclass
from typing import Protocol

from citycert.charts.drawing import (
    ACCENT,
    COMPARE,
    FONT_SIZE,
    GAP,
    GUIDE,
    INK,
    LINE_HEIGHT,
    PAD,
    Bounds,
    baseline,
    clean,
    coord,
    esc,
    points_text,
    readable_number,
    svg,
    text_element,
    text_width,
    tooltip,
)

PALETTE = (ACCENT, COMPARE, "#2e7d32", "#7b3fa0", "#a07000", "#00838f")
DOT = 5.0
LABEL_WRAP = 24  # characters per label line: these charts span the page, so labels get more room than WRAP


class Quartiles(Protocol):
    """A group's spread as a box-and-dot row draws it (the registry's `Spread` is one)."""

    @property
    def least(self) -> float: ...
    @property
    def lower(self) -> float: ...
    @property
    def median(self) -> float: ...
    @property
    def upper(self) -> float: ...
    @property
    def most(self) -> float: ...


@dataclass(frozen=True)
class BoxRow:
    """One row of a box-and-dot chart: the group's range, middle half and median, and the city's dot, on a
    track standing for 0 … maximum. `description` says it all in words, for <desc>."""

    label: str
    points: float | None
    spread: Quartiles | None
    maximum: float
    description: str
    strong: bool = False  # an area above its items, or the total below the areas


def _label_lines(label: str) -> list[str]:
    """The label on at most two lines, the second cut with an ellipsis when it does not fit."""
    lines = textwrap.wrap(clean(label), LABEL_WRAP) or [""]
    if len(lines) > 2:
        lines = [lines[0], textwrap.shorten(" ".join(lines[1:]), LABEL_WRAP, placeholder=" …")]
    return lines


def box_chart(rows: list[BoxRow], *, title: str, series_label: str, compare_label: str, width: int = 880) -> str:
    """Horizontal box-and-dot rows: per row a track for 0 … maximum, the group's range as a whisker, its
    middle half as a box with the median across it, and the city's points as a dot; the figure at the right."""
    labels = [_label_lines(row.label) for row in rows]
    figures = [f"{points_text(row.points)} / {points_text(row.maximum)}" for row in rows]
    label_width = max((text_width(line) for lines in labels for line in lines), default=0.0)
    figure_width = max((text_width(figure) for figure in figures), default=0.0)
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
            text_element(
                f'class="label" font-size="{FONT_SIZE}" fill="{INK}"{weight}',
                tooltip(row.label, lines)
                + [
                    f'<tspan x="{PAD}" y="{coord(baseline(top, number))}">{esc(line)}</tspan>'
                    for number, line in enumerate(lines)
                ],
            )
        )
        body.append(
            f'<rect class="track" x="{coord(track_left)}" y="{coord(middle - 1)}" width="{coord(track_width)}"'
            f' height="2" fill="{GUIDE}"/>'
        )
        spread = row.spread
        if spread is not None:
            least, most = x_of(spread.least, row.maximum), x_of(spread.most, row.maximum)
            lower, upper = x_of(spread.lower, row.maximum), x_of(spread.upper, row.maximum)
            median = x_of(spread.median, row.maximum)
            body.append(
                f'<line class="range" x1="{coord(least)}" y1="{coord(middle)}" x2="{coord(most)}" y2="{coord(middle)}"'
                f' stroke="{COMPARE}" stroke-width="1.5"/>'
            )
            body.append(
                f'<rect class="middle-half" x="{coord(lower)}" y="{coord(middle - 7)}" width="{coord(max(upper - lower, 1))}"'
                f' height="14" fill="{COMPARE}" fill-opacity="0.2" stroke="{COMPARE}" stroke-width="1.5"/>'
            )
            body.append(
                f'<line class="median" x1="{coord(median)}" y1="{coord(middle - 9)}" x2="{coord(median)}"'
                f' y2="{coord(middle + 9)}" stroke="{COMPARE}" stroke-width="2.5"/>'
            )
        if row.points is not None:
            body.append(
                f'<circle class="city" cx="{coord(x_of(row.points, row.maximum))}" cy="{coord(middle)}" r="{coord(DOT)}"'
                f' fill="{ACCENT}" stroke="#fff" stroke-width="1.5"/>'
            )
        body.append(
            f'<text class="figure" x="{coord(right - PAD)}" y="{coord(middle + 4)}" text-anchor="end"'
            f' font-size="{FONT_SIZE}" fill="{INK}">{esc(figures[index])}</text>'
        )

    bottom = PAD + len(rows) * row_height + GAP / 2
    legend = [
        f'<circle cx="6" cy="7" r="{coord(DOT)}" fill="{ACCENT}" stroke="#fff" stroke-width="1.5"/>',
        f'<text x="16" y="11.5" font-size="{FONT_SIZE}" fill="{INK}">{esc(clean(series_label))}</text>',
    ]
    x = 16 + text_width(clean(series_label)) + 16
    legend += [
        f'<rect x="{coord(x)}" y="1" width="22" height="12" fill="{COMPARE}" fill-opacity="0.2" stroke="{COMPARE}"'
        ' stroke-width="1.5"/>',
        f'<line x1="{coord(x + 11)}" y1="-1" x2="{coord(x + 11)}" y2="15" stroke="{COMPARE}" stroke-width="2.5"/>',
        f'<text x="{coord(x + 28)}" y="11.5" font-size="{FONT_SIZE}" fill="{INK}">{esc(clean(compare_label))}</text>',
    ]
    legend_width = x + 28 + text_width(clean(compare_label))
    body.append(f'<g class="legend" transform="translate({coord(PAD)} {coord(bottom)})">')
    body.extend(legend)
    body.append("</g>")
    box = Bounds()
    box.add(0, 0)
    box.add(max(right, PAD + legend_width + PAD), bottom + LINE_HEIGHT + PAD)
    return svg("box", title, "; ".join(clean(row.description) for row in rows), box, body)


def line_chart(
    years: list[int], series: list[tuple[str, list[float]]], *, title: str, width: int = 880, height: int = 240
) -> str:
    """One line per series over the years, on a scale from 0 to a round number, with a legend below."""
    top = max((value for _label, values in series for value in values), default=0.0)
    scale = _nice(top)
    ticks = [scale * step / 4 for step in range(5)]
    axis_width = max(text_width(readable_number(tick)) for tick in ticks)
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
        f'<line x1="{coord(left)}" y1="{coord(y_of(tick))}" x2="{coord(left + plot_width)}" y2="{coord(y_of(tick))}"/>'
        for tick in ticks
    ]
    body.append("</g>")
    body += [
        f'<text class="tick" x="{coord(left - GAP / 2)}" y="{coord(y_of(tick) + 4)}" text-anchor="end"'
        f' font-size="{FONT_SIZE}" fill="{INK}">{esc(readable_number(tick))}</text>'
        for tick in ticks
    ]
    body += [
        f'<text class="year" x="{coord(x_of(index))}" y="{coord(bottom + LINE_HEIGHT + 2)}" text-anchor="middle"'
        f' font-size="{FONT_SIZE}" fill="{INK}">{year}</text>'
        for index, year in enumerate(years)
    ]
    for number, (_label, values) in enumerate(series):
        colour = PALETTE[number % len(PALETTE)]
        points = " ".join(f"{coord(x_of(index))},{coord(y_of(value))}" for index, value in enumerate(values))
        if len(values) > 1:
            body.append(
                f'<polyline class="series" points="{points}" fill="none" stroke="{colour}" stroke-width="2"'
                ' stroke-linejoin="round"/>'
            )
        body.append(f'<g class="dots" fill="{colour}">')
        body += [
            f'<circle cx="{coord(x_of(index))}" cy="{coord(y_of(value))}" r="3"/>' for index, value in enumerate(values)
        ]
        body.append("</g>")

    legend_top, x, legend = bottom + LINE_HEIGHT + GAP, 0.0, []
    row = 0
    for number, (label, _values) in enumerate(series):
        text = clean(label)
        entry = 22 + text_width(text)
        if x and left + x + entry > width:
            x, row = 0.0, row + 1
        colour = PALETTE[number % len(PALETTE)]
        y = legend_top + row * LINE_HEIGHT * 1.4
        legend.append(
            f'<line x1="{coord(left + x)}" y1="{coord(y + 7)}" x2="{coord(left + x + 16)}" y2="{coord(y + 7)}"'
            f' stroke="{colour}" stroke-width="2"/>'
        )
        legend.append(
            f'<text x="{coord(left + x + 22)}" y="{coord(y + 11.5)}" font-size="{FONT_SIZE}" fill="{INK}">{esc(text)}</text>'
        )
        x += entry + 16
    body += legend
    box = Bounds()
    box.add(0, 0)
    box.add(width, legend_top + (row + 1) * LINE_HEIGHT * 1.4 + PAD)
    desc = "; ".join(
        f"{clean(label)}: "
        + ", ".join(f"{year} {points_text(value)}" for year, value in zip(years, values, strict=True))
        for label, values in series
    )
    return svg("line", title, desc, box, body)


def _nice(value: float) -> float:
    """The smallest of 1, 2, 2.5 or 5 times a power of ten at or above `value`, so the scale's ticks are round."""
    if value <= 0 or not math.isfinite(value):
        return 1.0
    power = 10.0 ** math.floor(math.log10(value))
    return next(step * power for step in (1.0, 2.0, 2.5, 5.0, 10.0) if step * power >= value)
