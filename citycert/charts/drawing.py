"""The pieces every chart of citycert is drawn with: colours and sizes, the <svg> root with its accessible name
and description, text that fits (cleaned, wrapped, measured, escaped) and numbers as the drawing and as people
read them.

Pure Python, no Django: pages embed the markup as is and PDF exports can rasterise it. No JavaScript and
nothing that loads a resource, so the charts work under a strict Content-Security-Policy and offline. The
output is deterministic (same input, byte-identical text; coordinates rounded to one decimal) so it can be
cached, compared in tests and diffed. A chart repeats every label and value as text in <desc> (`svg` takes it),
because a chart that only a sighted reader can read is not an accessible report.

Labels arrive already in the page's language; these pieces add no words of their own.
"""

from __future__ import annotations

import hashlib
import math
import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

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


class Bounds:
    """The bounding box of what has been drawn, to fit the viewBox to it instead of guessing."""

    def __init__(self) -> None:
        self.left = self.top = math.inf
        self.right = self.bottom = -math.inf

    def add(self, x: float, y: float) -> None:
        """Take the point (x, y) in."""
        self.left, self.right = min(self.left, x), max(self.right, x)
        self.top, self.bottom = min(self.top, y), max(self.bottom, y)

    def pad(self, margin: float) -> None:
        """Leave `margin` empty on every side."""
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


def svg(kind: str, title: str, desc: str, box: Bounds, body: list[str]) -> str:
    """Wrap the drawing in the <svg> root with its accessible name and description."""
    # Ids must be unique on a page holding several charts, yet deterministic: derive them from the content.
    digest = hashlib.sha256(f"{kind}\0{title}\0{desc}".encode("utf-8", "surrogatepass")).hexdigest()[:10]
    ident = f"chart-{digest}"
    width, height = box.right - box.left, box.bottom - box.top
    head = (
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart chart-{kind}"'
        f' viewBox="{coord(box.left)} {coord(box.top)} {coord(width)} {coord(height)}"'
        f' width="{coord(width)}" height="{coord(height)}" role="img"'
        f' aria-labelledby="{ident}-title {ident}-desc" font-family="{FONT}">'
    )
    return "\n".join(
        [
            head,
            f'<title id="{ident}-title">{esc(title)}</title>',
            f'<desc id="{ident}-desc">{esc(desc)}</desc>',
            *body,
            "</svg>",
        ]
    )


def share_of(axis: Axis) -> float:
    """value / maximum clamped to 0..1; anything not a finite number counts as 0 rather than breaking the SVG."""
    if not (math.isfinite(axis.value) and math.isfinite(axis.maximum)) or axis.maximum <= 0:
        return 0.0
    return min(max(axis.value / axis.maximum, 0.0), 1.0)


def baseline(top: float, line: int) -> float:
    """The baseline of text line `line` in a block starting at `top`; computed rather than left to
    dominant-baseline, which PDF renderers handle inconsistently."""
    return top + line * LINE_HEIGHT + FONT_SIZE - 1


# The labels of a framework's charts are the same for every redraw (each save redraws them with new figures):
# their cleaning and widths are remembered.
@lru_cache(maxsize=4096)
def clean(text: str) -> str:
    """NFC (so a Hangul syllable is one character, however it was typed), without XML-illegal characters,
    with runs of whitespace collapsed."""
    return " ".join(_NOT_XML.sub("", unicodedata.normalize("NFC", text)).split())


def wrap(label: str, *, over: int = WRAP) -> list[str]:
    """The label on one line if it has at most `over` characters, else on two lines of at most WRAP
    characters, broken after a space, hyphen or slash where possible.

    When both parts fit, the break giving the narrowest block wins (labels beside a radar take room from
    the polygon). Otherwise the first line is filled as far as a break allows and the second is cut with
    an ellipsis; the full label stays in <desc> and in a tooltip.
    """
    text = clean(label)
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


def text_element(attributes: str, children: list[str]) -> str:
    """A <text> with its children on one line: whitespace between tspans would render as a space, which
    shifts right-aligned and centred text."""
    return f"<text {attributes}>{''.join(children)}</text>"


def tooltip(label: str, lines: list[str]) -> list[str]:
    """A <title> with the whole label when wrapping had to cut it, so hovering shows what is missing."""
    cut = len(lines) == 2 and lines[1].endswith("…") and not clean(label).endswith(lines[1])
    return [f"<title>{esc(clean(label))}</title>"] if cut else []


@lru_cache(maxsize=4096)
def text_width(text: str, *, bold: bool = False) -> float:
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


def esc(text: str) -> str:
    """Escape for both text and double-quoted attributes, after dropping characters XML cannot hold."""
    text = _NOT_XML.sub("", text)
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")


def coord(value: float) -> str:
    """A coordinate rounded to one decimal, without a trailing .0 and never '-0'."""
    text = f"{value:.1f}"
    if text.endswith(".0"):
        text = text[:-2]
    return "0" if text == "-0" else text


def readable_number(value: float) -> str:
    """A figure for people: one decimal at most, thousands separators (1,400), no trailing .0."""
    if not math.isfinite(value):
        value = 0.0
    text = f"{value:,.1f}"
    if text.endswith(".0"):
        text = text[:-2]
    return "0" if text == "-0" else text


def unit_text(unit: str) -> str:
    """The unit as appended to a figure: '%' and Korean units stick to the number as they are written
    (72%, 18점), other words get a space (72 points)."""
    unit = clean(unit)
    if not unit:
        return ""
    attached = unit == "%" or unicodedata.east_asian_width(unit[0]) in ("W", "F")
    return unit if attached else f" {unit}"


def fraction_text(value: float, maximum: float, unit: str) -> str:
    """A value out of its maximum, with the unit: "12 / 20 points", "72 / 100%"."""
    return f"{readable_number(value)} / {readable_number(maximum)}{unit_text(unit)}"


def percent_text(share: float) -> str:
    """A share 0..1 as a percentage for people: "72.5%"."""
    return f"{readable_number(share * 100)}%"


def named_value(name: str, value: str) -> str:
    """A value preceded by its series name when there is one ('서울 72%'), else the value alone."""
    name = clean(name)
    return f"{name} {value}" if name else value


def points_text(points: float | None) -> str:
    """Points as people read them: at most two decimals, no trailing zeros (4.5, 12, 1,234.25); "-" for none."""
    if points is None or not math.isfinite(points):
        return "-"
    text = f"{points:,.2f}".rstrip("0").rstrip(".")
    return "0" if text == "-0" else text
