"""The charts pages and PDFs share: a radar of shares, horizontal bars, and a small trend line, each a complete
<svg> element drawn with the pieces of `citycert.charts.drawing` (whose notes on purity, determinism and <desc>
hold here too). Labels arrive already in the page's language; this module adds no words of its own, so a Korean
page gets a fully Korean chart.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

from citycert.charts.drawing import (
    ACCENT,
    COMPARE,
    FONT_SIZE,
    GAP,
    GUIDE,
    INK,
    LINE_HEIGHT,
    PAD,
    Axis,
    Bounds,
    baseline,
    clean,
    coord,
    esc,
    fraction_text,
    named_value,
    percent_text,
    readable_number,
    share_of,
    svg,
    text_element,
    text_width,
    tooltip,
    unit_text,
    wrap,
)

__all__ = ["Axis", "bar_chart", "radar_chart", "trend_chart"]

# Beside a radar a label takes its width from the polygon, so there labels longer than this are already
# split in two balanced lines (a 12-character label becomes two of 5 and 6).
RADAR_WRAP = 9
GUIDE_LEVELS = (0.2, 0.4, 0.6, 0.8, 1.0)
SPACED = ' dx="6"'  # the gap between the series value and the compared value beside a radar spoke
MIN_TRACK = 120  # a bar track narrower than this cannot show differences, so the chart widens instead


def radar_chart(
    axes: list[Axis],
    *,
    title: str,
    size: int = 320,
    series_label: str = "",
    compare: list[Axis] | None = None,
    compare_label: str = "",
) -> str:
    """A radar (spider) chart of shares 0..1, one spoke per axis, as a complete <svg> element.

    Values outside 0..1 are clamped. `compare`, if given, is a second series (same order and length as
    `axes`) drawn as a dashed outline, with a legend naming the two series. `size` is the width the chart
    aims for; it grows when the labels need more room rather than letting them be cut off.

    With fewer than three axes a radar has no area to compare, so horizontal bars of percentages are
    drawn instead.
    """
    if compare is not None and len(compare) != len(axes):
        raise ValueError(f"compare has {len(compare)} values for {len(axes)} axes")
    shares = [share_of(axis) for axis in axes]
    others = [share_of(axis) for axis in compare] if compare is not None else None
    if len(axes) < 3:
        bars = [Axis(axis.label, share * 100, 100) for axis, share in zip(axes, shares, strict=True)]
        if others is None:
            return bar_chart(bars, title=title, width=size, unit="%")
        # Keep the comparison rather than silently dropping it: bar_chart plus a marker per bar.
        return _bars_svg(
            bars,
            title=title,
            width=size,
            unit="%",
            compare=[share * 100 for share in others],
            series_label=series_label,
            compare_label=compare_label,
        )

    count = len(axes)
    # Start at 12 o'clock and go clockwise, as readers of maturity radars expect.
    angles = [-math.pi / 2 + 2 * math.pi * index / count for index in range(count)]
    blocks = [
        _RadarLabel(
            label=axis.label,
            lines=wrap(axis.label, over=RADAR_WRAP),
            share=share,
            other=others[index] if others is not None else None,
        )
        for index, (axis, share) in enumerate(zip(axes, shares, strict=True))
    ]
    radius = _radar_radius(size, angles, blocks)

    # The centre is the origin; the viewBox is fitted around whatever was drawn.
    box = Bounds()
    body: list[str] = []

    body.append(f'<g class="guides" fill="none" stroke="{GUIDE}" stroke-width="1">')
    for level in GUIDE_LEVELS:
        body.append(f'<polygon class="guide" points="{_points(angles, [level] * count, radius)}"/>')
    for angle in angles:
        x, y = _polar(angle, radius)
        body.append(f'<line class="spoke" x1="0" y1="0" x2="{coord(x)}" y2="{coord(y)}"/>')
        box.add(x, y)
    body.append("</g>")

    body.append(
        f'<polygon class="series" points="{_points(angles, shares, radius)}" fill="{ACCENT}" fill-opacity="0.25"'
        f' stroke="{ACCENT}" stroke-width="2" stroke-linejoin="round"/>'
    )
    if others is not None:
        # Drawn over the series so its dashes are not tinted by the series fill.
        body.append(
            f'<polygon class="compare" points="{_points(angles, others, radius)}" fill="none"'
            f' stroke="{COMPARE}" stroke-width="2" stroke-dasharray="5 4" stroke-linejoin="round"/>'
        )
    body.append(f'<g class="vertices" fill="{ACCENT}">')
    for angle, share in zip(angles, shares, strict=True):
        x, y = _polar(angle, radius * share)
        body.append(f'<circle cx="{coord(x)}" cy="{coord(y)}" r="3"/>')
    body.append("</g>")

    for angle, block in zip(angles, blocks, strict=True):
        body.extend(block.render(angle, radius + GAP, box))

    if others is not None:
        legend, legend_width = _legend(series_label, compare_label)
        if legend:
            left = (box.left + box.right - legend_width) / 2
            top = box.bottom + GAP
            box.add(left, top)
            box.add(left + legend_width, top + LINE_HEIGHT)
            body.append(f'<g class="legend" transform="translate({coord(left)} {coord(top)})">')
            body.extend(legend)
            body.append("</g>")

    box.pad(PAD)
    box.widen_to(size)
    desc = "; ".join(
        f"{clean(axis.label)}: "
        + ", ".join(
            [named_value(series_label, percent_text(share))]
            + ([named_value(compare_label, percent_text(others[index]))] if others is not None else [])
        )
        for index, (axis, share) in enumerate(zip(axes, shares, strict=True))
    )
    return svg("radar", title, desc, box, body)


def bar_chart(bars: list[Axis], *, title: str, width: int = 480, unit: str = "") -> str:
    """Horizontal bars, one per Axis, as a complete <svg> element.

    Each row has the label on the left, a track standing for `maximum`, a bar for `value` (clamped to the
    track) and the figure "value / maximum unit" at the right end. `width` is the width the chart aims for;
    it grows when the labels and figures leave too little room for the bars.
    """
    return _bars_svg(bars, title=title, width=width, unit=unit)


def trend_chart(
    points: Sequence[tuple[str, float]],
    *,
    title: str,
    unit: str = "",
    reference: float | None = None,
    reference_label: str = "",
    width: int = 260,
    height: int = 70,
) -> str:
    """A small line of values over periods (oldest first, as (period label, value)), as a complete <svg>.

    The lowest and highest values are written at the left, the first and last periods under the line and
    the newest value beside its point. `reference`, if given (a target, say), is a dashed level line,
    named by `reference_label` in the description. Periods are evenly spaced whatever their length.
    """
    values = [value if math.isfinite(value) else 0.0 for _period, value in points]
    levels = values + ([reference] if reference is not None and math.isfinite(reference) else [])
    low, high = min(levels, default=0.0), max(levels, default=0.0)
    if high == low:  # a flat series sits in the middle rather than on an edge
        low, high = low - 1, high + 1
    scale_width = max((text_width(readable_number(level)) for level in (low, high)), default=0.0)
    left = PAD + scale_width + GAP / 2
    last = readable_number(values[-1]) + unit_text(unit) if values else ""
    right = max(left + MIN_TRACK, width - PAD - text_width(last, bold=True) - GAP / 2)
    top, bottom = PAD + LINE_HEIGHT / 2, PAD + LINE_HEIGHT / 2 + height

    def x_of(index: int) -> float:
        return (left + right) / 2 if len(values) < 2 else left + (right - left) * index / (len(values) - 1)

    def y_of(value: float) -> float:
        return bottom - (bottom - top) * (value - low) / (high - low)

    body = [
        f'<g class="scale" font-size="{FONT_SIZE}" fill="{INK}" text-anchor="end">'
        f'<text x="{coord(left - GAP / 2)}" y="{coord(top + 4)}">{esc(readable_number(high))}</text>'
        f'<text x="{coord(left - GAP / 2)}" y="{coord(bottom + 4)}">{esc(readable_number(low))}</text></g>',
        f'<line class="guide" x1="{coord(left)}" y1="{coord(bottom)}" x2="{coord(right)}" y2="{coord(bottom)}"'
        f' stroke="{GUIDE}" stroke-width="1"/>',
    ]
    if reference is not None and math.isfinite(reference):
        body.append(
            f'<line class="reference" x1="{coord(left)}" y1="{coord(y_of(reference))}" x2="{coord(right)}"'
            f' y2="{coord(y_of(reference))}" stroke="{COMPARE}" stroke-width="1.5" stroke-dasharray="4 3"/>'
        )
    coordinates = [(x_of(index), y_of(value)) for index, value in enumerate(values)]
    if len(coordinates) > 1:
        line = " ".join(f"{coord(x)},{coord(y)}" for x, y in coordinates)
        body.append(
            f'<polyline class="series" points="{line}" fill="none" stroke="{ACCENT}" stroke-width="2"'
            ' stroke-linejoin="round"/>'
        )
    body.append(f'<g class="points" fill="{ACCENT}">')
    body.extend(f'<circle cx="{coord(x)}" cy="{coord(y)}" r="2.5"/>' for x, y in coordinates)
    body.append("</g>")
    if coordinates:
        x, y = coordinates[-1]
        body.append(
            f'<text class="latest" x="{coord(x + GAP / 2)}" y="{coord(y + 4)}" font-size="{FONT_SIZE}"'
            f' font-weight="bold" fill="{ACCENT}">{esc(last)}</text>'
        )
        first_period, last_period = clean(points[0][0]), clean(points[-1][0])
        under = baseline(bottom + 4, 0)
        body.append(
            f'<text class="period" x="{coord(coordinates[0][0])}" y="{coord(under)}" font-size="{FONT_SIZE}"'
            f' fill="{INK}" text-anchor="{"middle" if len(values) < 2 else "start"}">{esc(first_period)}</text>'
        )
        if len(values) > 1:
            body.append(
                f'<text class="period" x="{coord(x)}" y="{coord(under)}" font-size="{FONT_SIZE}" fill="{INK}"'
                f' text-anchor="end">{esc(last_period)}</text>'
            )
    box = Bounds()
    box.add(0, 0)
    box.add(max(width, right + GAP / 2 + text_width(last, bold=True) + PAD), bottom + 4 + LINE_HEIGHT + PAD)
    entries = [
        f"{clean(period)}: {readable_number(value)}{unit_text(unit)}"
        for (period, _raw), value in zip(points, values, strict=True)
    ]
    if reference is not None and math.isfinite(reference):
        entries.append(named_value(reference_label, readable_number(reference) + unit_text(unit)))
    return svg("trend", title, "; ".join(entries), box, body)


@dataclass(frozen=True)
class _RadarLabel:
    """The text beside one spoke: the wrapped label, then the value(s) as percentages."""

    label: str
    lines: list[str]
    share: float
    other: float | None

    def value_parts(self) -> list[tuple[str, str]]:
        """(text, colour) pieces of the value line; colours match the polygons they describe."""
        parts = [(percent_text(self.share), ACCENT)]
        if self.other is not None:
            parts.append((percent_text(self.other), COMPARE))
        return parts

    @property
    def width(self) -> float:
        parts = self.value_parts()
        value = sum(text_width(text, bold=True) for text, _ in parts) + 6 * (len(parts) - 1)
        return max([value, *(text_width(line) for line in self.lines)])

    @property
    def height(self) -> float:
        return (len(self.lines) + 1) * LINE_HEIGHT

    def anchor(self, angle: float) -> str:
        """Left of the chart, text ends at the spoke; right, it starts there; near the top or bottom, centred."""
        cos = math.cos(angle)
        if cos > 0.3:
            return "start"
        if cos < -0.3:
            return "end"
        return "middle"

    def render(self, angle: float, distance: float, box: Bounds) -> list[str]:
        x, y = _polar(angle, distance)
        anchor = self.anchor(angle)
        left = {"start": x, "end": x - self.width, "middle": x - self.width / 2}[anchor]
        # Vertically, slide the block from above the point (top spoke) to below it (bottom spoke) so it never
        # sits on the polygon, whatever the number of axes.
        top = y - self.height / 2 + math.sin(angle) * self.height / 2
        box.add(left, top)
        box.add(left + self.width, top + self.height)
        label = text_element(
            f'class="label" text-anchor="{anchor}" font-size="{FONT_SIZE}" fill="{INK}"',
            tooltip(self.label, self.lines)
            + [
                f'<tspan x="{coord(x)}" y="{coord(baseline(top, index))}">{esc(line)}</tspan>'
                for index, line in enumerate(self.lines)
            ],
        )
        value = text_element(
            f'class="value" x="{coord(x)}" y="{coord(baseline(top, len(self.lines)))}" text-anchor="{anchor}"'
            f' font-size="{FONT_SIZE}" font-weight="bold"',
            [
                # dx, not a space, separates the two values: it is the same in every renderer.
                f'<tspan fill="{colour}"{SPACED if index else ""}>{esc(text)}</tspan>'
                for index, (text, colour) in enumerate(self.value_parts())
            ],
        )
        return [label, value]


def _radar_radius(size: int, angles: list[float], blocks: list[_RadarLabel]) -> float:
    """The largest radius at which every label still fits within `size` horizontally.

    Height is not constrained (a page scrolls vertically, not sideways). Below a floor the polygon would be
    too small to read, so the chart grows wider instead.
    """
    half = size / 2 - PAD
    limits = [half - 2 * GAP]
    for angle, block in zip(angles, blocks, strict=True):
        cos = abs(math.cos(angle))
        if cos < 1e-9:
            continue
        # The label's far edge: the anchor point plus the part of the label that extends outward.
        outward = block.width / 2 if block.anchor(angle) == "middle" else block.width
        limits.append((half - outward) / cos - GAP)
    return max(min(limits), size * 0.25)


def _bars_svg(
    bars: Sequence[Axis],
    *,
    title: str,
    width: int,
    unit: str,
    compare: Sequence[float] | None = None,
    series_label: str = "",
    compare_label: str = "",
) -> str:
    """Horizontal bars; `compare`, in the same units as the values, adds a dashed marker on each track."""
    labels = [wrap(bar.label) for bar in bars]
    figures = [fraction_text(bar.value, bar.maximum, unit) for bar in bars]
    label_width = max((text_width(line) for lines in labels for line in lines), default=0.0)
    figure_width = max((text_width(figure) for figure in figures), default=0.0)
    # One row height for all rows so the bars stay evenly spaced even when a single label wraps.
    row_height = max((len(lines) for lines in labels), default=1) * LINE_HEIGHT + 13
    bar_height = 14.0

    track_left = PAD + label_width + GAP
    track_width = width - PAD - figure_width - GAP - track_left
    if track_width < MIN_TRACK:
        track_width = MIN_TRACK
    right = track_left + track_width + GAP + figure_width + PAD

    body: list[str] = []
    for index, bar in enumerate(bars):
        middle = PAD + index * row_height + row_height / 2
        bar_top = middle - bar_height / 2
        lines = labels[index]
        top = middle - len(lines) * LINE_HEIGHT / 2
        body.append(
            text_element(
                f'class="label" font-size="{FONT_SIZE}" fill="{INK}"',
                tooltip(bar.label, lines)
                + [
                    f'<tspan x="{PAD}" y="{coord(baseline(top, number))}">{esc(line)}</tspan>'
                    for number, line in enumerate(lines)
                ],
            )
        )
        body.append(
            f'<rect class="track" x="{coord(track_left)}" y="{coord(bar_top)}" width="{coord(track_width)}"'
            f' height="{coord(bar_height)}" rx="2" fill="{GUIDE}"/>'
        )
        body.append(
            f'<rect class="bar" x="{coord(track_left)}" y="{coord(bar_top)}" width="{coord(track_width * share_of(bar))}"'
            f' height="{coord(bar_height)}" rx="2" fill="{ACCENT}"/>'
        )
        if compare is not None:
            share = share_of(Axis(bar.label, compare[index], bar.maximum))
            x = track_left + track_width * share
            body.append(
                f'<line class="compare" x1="{coord(x)}" y1="{coord(bar_top - 4)}" x2="{coord(x)}"'
                f' y2="{coord(bar_top + bar_height + 4)}" stroke="{COMPARE}" stroke-width="2" stroke-dasharray="3 2"/>'
            )
        body.append(
            f'<text class="figure" x="{coord(right - PAD)}" y="{coord(middle + 4)}" text-anchor="end"'
            f' font-size="{FONT_SIZE}" fill="{INK}">{esc(figures[index])}</text>'
        )

    bottom: float = PAD + len(bars) * row_height
    if compare is not None:
        legend, legend_width = _legend(series_label, compare_label)
        if legend:
            left = max(PAD, (right - legend_width) / 2)
            body.append(f'<g class="legend" transform="translate({coord(left)} {coord(bottom + GAP / 2)})">')
            body.extend(legend)
            body.append("</g>")
            bottom += GAP / 2 + LINE_HEIGHT
            right = max(right, left + legend_width + PAD)

    box = Bounds()
    box.add(0, 0)
    box.add(right, bottom + PAD)
    entries = []
    for index, bar in enumerate(bars):
        parts = [named_value(series_label if compare is not None else "", figures[index])]
        if compare is not None:
            parts.append(named_value(compare_label, readable_number(compare[index]) + unit_text(unit)))
        entries.append(f"{clean(bar.label)}: {', '.join(parts)}")
    return svg("bar", title, "; ".join(entries), box, body)


def _legend(series_label: str, compare_label: str) -> tuple[list[str], float]:
    """Legend entries (solid swatch for the series, dashed line for the comparison) and their total width.

    Entries without a label are left out: the module has no words of its own to put there.
    """
    out: list[str] = []
    x = 0.0
    for label, swatch in (
        (
            series_label,
            f'<rect x="{{x}}" y="2" width="16" height="10" fill="{ACCENT}" fill-opacity="0.25"'
            f' stroke="{ACCENT}" stroke-width="2"/>',
        ),
        (
            compare_label,
            f'<line x1="{{x}}" y1="7" x2="{{x2}}" y2="7" stroke="{COMPARE}" stroke-width="2" stroke-dasharray="5 4"/>',
        ),
    ):
        if not label:
            continue
        if out:
            x += 16  # space between entries
        out.append(swatch.format(x=coord(x), x2=coord(x + 16)))
        out.append(
            f'<text x="{coord(x + 22)}" y="11.5" font-size="{FONT_SIZE}" fill="{INK}">{esc(clean(label))}</text>'
        )
        x += 22 + text_width(clean(label))
    return out, x


def _polar(angle: float, distance: float) -> tuple[float, float]:
    return distance * math.cos(angle), distance * math.sin(angle)


def _points(angles: list[float], shares: list[float], radius: float) -> str:
    return " ".join(
        f"{coord(x)},{coord(y)}"
        for x, y in (_polar(angle, radius * share) for angle, share in zip(angles, shares, strict=True))
    )
