"""Charts drawn on the server as SVG text: a radar of shares, horizontal bars, and a small trend line.

Pure Python, no Django: pages embed the markup as is and PDF exports can rasterise it. No JavaScript and
nothing that loads a resource, so the charts work under a strict Content-Security-Policy and offline. The
output is deterministic (same input, byte-identical text; numbers rounded to one decimal) so it can be
cached, compared in tests and diffed. Every label and value is repeated as text in <desc>, because a chart
that only a sighted reader can read is not an accessible report.

Labels arrive already in the page's language; this module adds no words of its own, so a Korean page
gets a fully Korean chart.
"""

from __future__ import annotations

import hashlib
import math
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

__all__ = ["Axis", "bar_chart", "radar_chart", "trend_chart"]

ACCENT = "#0b5cad"
COMPARE = "#c2571a"
GUIDE = "#d9dee5"
# Text in dark grey, not black: it reads as clearly and does not outweigh the accent colour.
INK = "#1f2933"
# NanumGothic is installed on the servers that render PDFs; browsers fall back to Noto Sans KR or any sans.
FONT = "NanumGothic, 'Noto Sans KR', sans-serif"

FONT_SIZE = 12
LINE_HEIGHT = 15
PAD = 8  # empty margin around the drawing, so strokes at the edge are not clipped
GAP = 10  # between a chart part and the text beside it
WRAP = 14  # characters per label line; two lines at most
# Beside a radar a label takes its width from the polygon, so there labels longer than this are already
# split in two balanced lines (a 12-character label becomes two of 5 and 6).
RADAR_WRAP = 9
GUIDE_LEVELS = (0.2, 0.4, 0.6, 0.8, 1.0)
SPACED = ' dx="6"'  # the gap between the series value and the compared value beside a radar spoke
MIN_TRACK = 120  # a bar track narrower than this cannot show differences, so the chart widens instead

# Characters XML 1.0 forbids even when escaped; one stray control character in a city's data would
# otherwise make the whole page fail to parse as XML (and the chart vanish).
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


@dataclass(frozen=True)
class Axis:
    """One spoke of a radar, or one bar.

    `label` is already in the page's language. For a radar, value / maximum is the share drawn (with the
    default maximum of 1.0, the value itself is the share); for a bar, `value` is drawn against `maximum`.
    """

    label: str
    value: float
    maximum: float = 1.0


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
    shares = [_share(axis) for axis in axes]
    others = [_share(axis) for axis in compare] if compare is not None else None
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
            lines=_wrap(axis.label, over=RADAR_WRAP),
            share=share,
            other=others[index] if others is not None else None,
        )
        for index, (axis, share) in enumerate(zip(axes, shares, strict=True))
    ]
    radius = _radar_radius(size, angles, blocks)

    # The centre is the origin; the viewBox is fitted around whatever was drawn.
    box = _Box()
    body: list[str] = []

    body.append(f'<g class="guides" fill="none" stroke="{GUIDE}" stroke-width="1">')
    for level in GUIDE_LEVELS:
        body.append(f'<polygon class="guide" points="{_points(angles, [level] * count, radius)}"/>')
    for angle in angles:
        x, y = _polar(angle, radius)
        body.append(f'<line class="spoke" x1="0" y1="0" x2="{_num(x)}" y2="{_num(y)}"/>')
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
        body.append(f'<circle cx="{_num(x)}" cy="{_num(y)}" r="3"/>')
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
            body.append(f'<g class="legend" transform="translate({_num(left)} {_num(top)})">')
            body.extend(legend)
            body.append("</g>")

    box.pad(PAD)
    box.widen_to(size)
    desc = "; ".join(
        f"{_clean(axis.label)}: "
        + ", ".join(
            [_named(series_label, _percent(share))]
            + ([_named(compare_label, _percent(others[index]))] if others is not None else [])
        )
        for index, (axis, share) in enumerate(zip(axes, shares, strict=True))
    )
    return _svg("radar", title, desc, box, body)


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
    scale_width = max((_text_width(_number(level)) for level in (low, high)), default=0.0)
    left = PAD + scale_width + GAP / 2
    last = _number(values[-1]) + _unit(unit) if values else ""
    right = max(left + MIN_TRACK, width - PAD - _text_width(last, bold=True) - GAP / 2)
    top, bottom = PAD + LINE_HEIGHT / 2, PAD + LINE_HEIGHT / 2 + height

    def x_of(index: int) -> float:
        return (left + right) / 2 if len(values) < 2 else left + (right - left) * index / (len(values) - 1)

    def y_of(value: float) -> float:
        return bottom - (bottom - top) * (value - low) / (high - low)

    body = [
        f'<g class="scale" font-size="{FONT_SIZE}" fill="{INK}" text-anchor="end">'
        f'<text x="{_num(left - GAP / 2)}" y="{_num(top + 4)}">{_esc(_number(high))}</text>'
        f'<text x="{_num(left - GAP / 2)}" y="{_num(bottom + 4)}">{_esc(_number(low))}</text></g>',
        f'<line class="guide" x1="{_num(left)}" y1="{_num(bottom)}" x2="{_num(right)}" y2="{_num(bottom)}"'
        f' stroke="{GUIDE}" stroke-width="1"/>',
    ]
    if reference is not None and math.isfinite(reference):
        body.append(
            f'<line class="reference" x1="{_num(left)}" y1="{_num(y_of(reference))}" x2="{_num(right)}"'
            f' y2="{_num(y_of(reference))}" stroke="{COMPARE}" stroke-width="1.5" stroke-dasharray="4 3"/>'
        )
    coordinates = [(x_of(index), y_of(value)) for index, value in enumerate(values)]
    if len(coordinates) > 1:
        line = " ".join(f"{_num(x)},{_num(y)}" for x, y in coordinates)
        body.append(
            f'<polyline class="series" points="{line}" fill="none" stroke="{ACCENT}" stroke-width="2"'
            ' stroke-linejoin="round"/>'
        )
    body.append(f'<g class="points" fill="{ACCENT}">')
    body.extend(f'<circle cx="{_num(x)}" cy="{_num(y)}" r="2.5"/>' for x, y in coordinates)
    body.append("</g>")
    if coordinates:
        x, y = coordinates[-1]
        body.append(
            f'<text class="latest" x="{_num(x + GAP / 2)}" y="{_num(y + 4)}" font-size="{FONT_SIZE}"'
            f' font-weight="bold" fill="{ACCENT}">{_esc(last)}</text>'
        )
        first_period, last_period = _clean(points[0][0]), _clean(points[-1][0])
        under = _baseline(bottom + 4, 0)
        body.append(
            f'<text class="period" x="{_num(coordinates[0][0])}" y="{_num(under)}" font-size="{FONT_SIZE}"'
            f' fill="{INK}" text-anchor="{"middle" if len(values) < 2 else "start"}">{_esc(first_period)}</text>'
        )
        if len(values) > 1:
            body.append(
                f'<text class="period" x="{_num(x)}" y="{_num(under)}" font-size="{FONT_SIZE}" fill="{INK}"'
                f' text-anchor="end">{_esc(last_period)}</text>'
            )
    box = _Box()
    box.add(0, 0)
    box.add(max(width, right + GAP / 2 + _text_width(last, bold=True) + PAD), bottom + 4 + LINE_HEIGHT + PAD)
    entries = [
        f"{_clean(period)}: {_number(value)}{_unit(unit)}" for (period, _raw), value in zip(points, values, strict=True)
    ]
    if reference is not None and math.isfinite(reference):
        entries.append(_named(reference_label, _number(reference) + _unit(unit)))
    return _svg("trend", title, "; ".join(entries), box, body)


@dataclass(frozen=True)
class _RadarLabel:
    """The text beside one spoke: the wrapped label, then the value(s) as percentages."""

    label: str
    lines: list[str]
    share: float
    other: float | None

    def value_parts(self) -> list[tuple[str, str]]:
        """(text, colour) pieces of the value line; colours match the polygons they describe."""
        parts = [(_percent(self.share), ACCENT)]
        if self.other is not None:
            parts.append((_percent(self.other), COMPARE))
        return parts

    @property
    def width(self) -> float:
        parts = self.value_parts()
        value = sum(_text_width(text, bold=True) for text, _ in parts) + 6 * (len(parts) - 1)
        return max([value, *(_text_width(line) for line in self.lines)])

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

    def render(self, angle: float, distance: float, box: _Box) -> list[str]:
        x, y = _polar(angle, distance)
        anchor = self.anchor(angle)
        left = {"start": x, "end": x - self.width, "middle": x - self.width / 2}[anchor]
        # Vertically, slide the block from above the point (top spoke) to below it (bottom spoke) so it never
        # sits on the polygon, whatever the number of axes.
        top = y - self.height / 2 + math.sin(angle) * self.height / 2
        box.add(left, top)
        box.add(left + self.width, top + self.height)
        label = _text_element(
            f'class="label" text-anchor="{anchor}" font-size="{FONT_SIZE}" fill="{INK}"',
            _tooltip(self.label, self.lines)
            + [
                f'<tspan x="{_num(x)}" y="{_num(_baseline(top, index))}">{_esc(line)}</tspan>'
                for index, line in enumerate(self.lines)
            ],
        )
        value = _text_element(
            f'class="value" x="{_num(x)}" y="{_num(_baseline(top, len(self.lines)))}" text-anchor="{anchor}"'
            f' font-size="{FONT_SIZE}" font-weight="bold"',
            [
                # dx, not a space, separates the two values: it is the same in every renderer.
                f'<tspan fill="{colour}"{SPACED if index else ""}>{_esc(text)}</tspan>'
                for index, (text, colour) in enumerate(self.value_parts())
            ],
        )
        return [label, value]


class _Box:
    """The bounding box of what has been drawn, to fit the viewBox to it instead of guessing."""

    def __init__(self) -> None:
        self.left = self.top = math.inf
        self.right = self.bottom = -math.inf

    def add(self, x: float, y: float) -> None:
        self.left, self.right = min(self.left, x), max(self.right, x)
        self.top, self.bottom = min(self.top, y), max(self.bottom, y)

    def pad(self, margin: float) -> None:
        if math.isinf(self.left):  # nothing drawn: an empty but valid box
            self.left = self.top = self.right = self.bottom = 0.0
        self.left, self.top = self.left - margin, self.top - margin
        self.right, self.bottom = self.right + margin, self.bottom + margin

    def widen_to(self, width: float) -> None:
        """Grow evenly on both sides to at least `width`, so charts set side by side line up."""
        missing = width - (self.right - self.left)
        if missing > 0:
            self.left -= missing / 2
            self.right += missing / 2


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
    labels = [_wrap(bar.label) for bar in bars]
    figures = [_figure(bar.value, bar.maximum, unit) for bar in bars]
    label_width = max((_text_width(line) for lines in labels for line in lines), default=0.0)
    figure_width = max((_text_width(figure) for figure in figures), default=0.0)
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
            _text_element(
                f'class="label" font-size="{FONT_SIZE}" fill="{INK}"',
                _tooltip(bar.label, lines)
                + [
                    f'<tspan x="{PAD}" y="{_num(_baseline(top, number))}">{_esc(line)}</tspan>'
                    for number, line in enumerate(lines)
                ],
            )
        )
        body.append(
            f'<rect class="track" x="{_num(track_left)}" y="{_num(bar_top)}" width="{_num(track_width)}"'
            f' height="{_num(bar_height)}" rx="2" fill="{GUIDE}"/>'
        )
        body.append(
            f'<rect class="bar" x="{_num(track_left)}" y="{_num(bar_top)}" width="{_num(track_width * _share(bar))}"'
            f' height="{_num(bar_height)}" rx="2" fill="{ACCENT}"/>'
        )
        if compare is not None:
            share = _share(Axis(bar.label, compare[index], bar.maximum))
            x = track_left + track_width * share
            body.append(
                f'<line class="compare" x1="{_num(x)}" y1="{_num(bar_top - 4)}" x2="{_num(x)}"'
                f' y2="{_num(bar_top + bar_height + 4)}" stroke="{COMPARE}" stroke-width="2" stroke-dasharray="3 2"/>'
            )
        body.append(
            f'<text class="figure" x="{_num(right - PAD)}" y="{_num(middle + 4)}" text-anchor="end"'
            f' font-size="{FONT_SIZE}" fill="{INK}">{_esc(figures[index])}</text>'
        )

    bottom: float = PAD + len(bars) * row_height
    if compare is not None:
        legend, legend_width = _legend(series_label, compare_label)
        if legend:
            left = max(PAD, (right - legend_width) / 2)
            body.append(f'<g class="legend" transform="translate({_num(left)} {_num(bottom + GAP / 2)})">')
            body.extend(legend)
            body.append("</g>")
            bottom += GAP / 2 + LINE_HEIGHT
            right = max(right, left + legend_width + PAD)

    box = _Box()
    box.add(0, 0)
    box.add(right, bottom + PAD)
    entries = []
    for index, bar in enumerate(bars):
        parts = [_named(series_label if compare is not None else "", figures[index])]
        if compare is not None:
            parts.append(_named(compare_label, _number(compare[index]) + _unit(unit)))
        entries.append(f"{_clean(bar.label)}: {', '.join(parts)}")
    return _svg("bar", title, "; ".join(entries), box, body)


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
        out.append(swatch.format(x=_num(x), x2=_num(x + 16)))
        out.append(
            f'<text x="{_num(x + 22)}" y="11.5" font-size="{FONT_SIZE}" fill="{INK}">{_esc(_clean(label))}</text>'
        )
        x += 22 + _text_width(_clean(label))
    return out, x


def _svg(kind: str, title: str, desc: str, box: _Box, body: list[str]) -> str:
    """Wrap the drawing in the <svg> root with its accessible name and description."""
    # Ids must be unique on a page holding several charts, yet deterministic: derive them from the content.
    digest = hashlib.sha256(f"{kind}\0{title}\0{desc}".encode("utf-8", "surrogatepass")).hexdigest()[:10]
    ident = f"chart-{digest}"
    width, height = box.right - box.left, box.bottom - box.top
    head = (
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart chart-{kind}"'
        f' viewBox="{_num(box.left)} {_num(box.top)} {_num(width)} {_num(height)}"'
        f' width="{_num(width)}" height="{_num(height)}" role="img"'
        f' aria-labelledby="{ident}-title {ident}-desc" font-family="{FONT}">'
    )
    return "\n".join(
        [
            head,
            f'<title id="{ident}-title">{_esc(title)}</title>',
            f'<desc id="{ident}-desc">{_esc(desc)}</desc>',
            *body,
            "</svg>",
        ]
    )


def _share(axis: Axis) -> float:
    """value / maximum clamped to 0..1; anything not a finite number counts as 0 rather than breaking the SVG."""
    if not (math.isfinite(axis.value) and math.isfinite(axis.maximum)) or axis.maximum <= 0:
        return 0.0
    return min(max(axis.value / axis.maximum, 0.0), 1.0)


def _polar(angle: float, distance: float) -> tuple[float, float]:
    return distance * math.cos(angle), distance * math.sin(angle)


def _points(angles: list[float], shares: list[float], radius: float) -> str:
    return " ".join(
        f"{_num(x)},{_num(y)}"
        for x, y in (_polar(angle, radius * share) for angle, share in zip(angles, shares, strict=True))
    )


def _baseline(top: float, line: int) -> float:
    """The baseline of text line `line` in a block starting at `top`; computed rather than left to
    dominant-baseline, which PDF renderers handle inconsistently."""
    return top + line * LINE_HEIGHT + FONT_SIZE - 1


# The labels of a framework's charts are the same for every redraw (each save redraws them with new figures):
# their cleaning and widths are remembered.
@lru_cache(maxsize=4096)
def _clean(text: str) -> str:
    """NFC (so a Hangul syllable is one character, however it was typed), without XML-illegal characters,
    with runs of whitespace collapsed."""
    return " ".join(_NOT_XML.sub("", unicodedata.normalize("NFC", text)).split())


def _wrap(label: str, *, over: int = WRAP) -> list[str]:
    """The label on one line if it has at most `over` characters, else on two lines of at most WRAP
    characters, broken after a space, hyphen or slash where possible.

    When both parts fit, the break giving the narrowest block wins (labels beside a radar take room from
    the polygon). Otherwise the first line is filled as far as a break allows and the second is cut with
    an ellipsis; the full label stays in <desc> and in a tooltip.
    """
    text = _clean(label)
    if len(text) <= over:
        return [text]
    # (first line, rest) for every place the text may break.
    breaks = [(text[:index], text[index + 1 :]) for index, char in enumerate(text) if char == " "]
    breaks += [(text[: index + 1], text[index + 1 :]) for index, char in enumerate(text[:-1]) if char in "-/"]
    fitting = [(first, rest) for first, rest in breaks if len(first) <= WRAP and len(rest) <= WRAP]
    if fitting:
        # Ties go to the earlier break, so the choice does not depend on the order breaks were listed in.
        first, rest = min(fitting, key=lambda pair: (max(len(pair[0]), len(pair[1])), len(pair[0])))
    elif len(text) <= WRAP:
        return [text]  # no break point, but short enough for one line
    else:
        openers = [(first, rest) for first, rest in breaks if 0 < len(first) <= WRAP]
        first, rest = max(openers, key=lambda pair: len(pair[0])) if openers else (text[:WRAP], text[WRAP:])
    rest = rest.strip()
    if len(rest) > WRAP:
        rest = rest[: WRAP - 1].rstrip() + "…"
    return [first.strip(), rest] if rest else [first.strip()]


def _text_element(attributes: str, children: list[str]) -> str:
    """A <text> with its children on one line: whitespace between tspans would render as a space, which
    shifts right-aligned and centred text."""
    return f"<text {attributes}>{''.join(children)}</text>"


def _tooltip(label: str, lines: list[str]) -> list[str]:
    """A <title> with the whole label when wrapping had to cut it, so hovering shows what is missing."""
    cut = len(lines) == 2 and lines[1].endswith("…") and not _clean(label).endswith(lines[1])
    return [f"<title>{_esc(_clean(label))}</title>"] if cut else []


@lru_cache(maxsize=4096)
def _text_width(text: str, *, bold: bool = False) -> float:
    """Estimated width in pixels at FONT_SIZE; no font metrics on the server, so err on the wide side.

    Hangul and other wide characters take a full em, Latin about half; the factors were measured on
    NanumGothic at 12px in Chromium and rounded up.
    """
    units = 0.0
    for char in text:
        if unicodedata.east_asian_width(char) in ("W", "F"):
            units += 1.0
        elif char == " ":
            units += 0.3
        elif char in "%@":
            units += 1.1
        elif char.isdigit():
            units += 0.62
        elif char.isupper() or char in "mw":
            units += 0.72
        else:
            units += 0.56
    return units * FONT_SIZE * (1.08 if bold else 1.0)


def _esc(text: str) -> str:
    """Escape for both text and double-quoted attributes, after dropping characters XML cannot hold."""
    text = _NOT_XML.sub("", text)
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")


def _num(value: float) -> str:
    """A coordinate rounded to one decimal, without a trailing .0 and never '-0'."""
    text = f"{value:.1f}"
    if text.endswith(".0"):
        text = text[:-2]
    return "0" if text == "-0" else text


def _number(value: float) -> str:
    """A figure for people: one decimal at most, thousands separators (1,400), no trailing .0."""
    if not math.isfinite(value):
        value = 0.0
    text = f"{value:,.1f}"
    if text.endswith(".0"):
        text = text[:-2]
    return "0" if text == "-0" else text


def _unit(unit: str) -> str:
    """The unit as appended to a figure: '%' and Korean units stick to the number as they are written
    (72%, 18점), other words get a space (72 points)."""
    unit = _clean(unit)
    if not unit:
        return ""
    attached = unit == "%" or unicodedata.east_asian_width(unit[0]) in ("W", "F")
    return unit if attached else f" {unit}"


def _figure(value: float, maximum: float, unit: str) -> str:
    return f"{_number(value)} / {_number(maximum)}{_unit(unit)}"


def _percent(share: float) -> str:
    return f"{_number(share * 100)}%"


def _named(name: str, value: str) -> str:
    """A value preceded by its series name when there is one ('서울 72%'), else the value alone."""
    name = _clean(name)
    return f"{name} {value}" if name else value
