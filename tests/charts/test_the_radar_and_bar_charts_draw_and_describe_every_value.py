"""The SVG charts, parsed back with ElementTree and checked for what a reader or a screen reader gets.

Geometry is checked from the drawn coordinates (the centre is where the spokes start, the outer guide is
the largest guide polygon), not from constants copied out of the module.
"""

from __future__ import annotations

import math
import re
import xml.etree.ElementTree as ET
from collections.abc import Callable

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from citycert.charts.common_charts import Axis, bar_chart, radar_chart

SVG = "{http://www.w3.org/2000/svg}"
KOREAN = [
    Axis("비즈니스 관리", 0.72),
    Axis("시민 중심 서비스 관리", 0.55),
    Axis("기술 및 디지털 자산 관리", 0.9),
    Axis("편익 실현", 0.4),
]
AVERAGE = [Axis(axis.label, 0.6) for axis in KOREAN]
Point = tuple[float, float]


def parse(svg: str) -> ET.Element:
    root = ET.fromstring(svg)
    assert root.tag == f"{SVG}svg"
    return root


def by_class(root: ET.Element, tag: str, name: str) -> list[ET.Element]:
    return [element for element in root.iter(f"{SVG}{tag}") if name in element.get("class", "").split()]


def points(polygon: ET.Element) -> list[Point]:
    pairs = [pair.split(",") for pair in polygon.get("points", "").split()]
    return [(float(x), float(y)) for x, y in pairs]


def centre(root: ET.Element) -> Point:
    starts = {(float(line.get("x1", "nan")), float(line.get("y1", "nan"))) for line in by_class(root, "line", "spoke")}
    assert len(starts) == 1, "all spokes start at the centre"
    return starts.pop()


def distance(a: Point, b: Point) -> float:
    return math.hypot(a[0] - b[0], a[1] - b[1])


def outer_guide(root: ET.Element) -> list[Point]:
    middle = centre(root)
    guides = [points(polygon) for polygon in by_class(root, "polygon", "guide")]
    return max(guides, key=lambda guide: distance(guide[0], middle))


def series(root: ET.Element, name: str = "series") -> list[Point]:
    (polygon,) = by_class(root, "polygon", name)
    return points(polygon)


def drawn_labels(root: ET.Element) -> list[str]:
    """Each label as drawn, its wrapped lines joined again with a space."""
    return [
        " ".join(tspan.text or "" for tspan in text.findall(f"{SVG}tspan")) for text in by_class(root, "text", "label")
    ]


def text_of(root: ET.Element, tag: str) -> str:
    element = root.find(f"{SVG}{tag}")
    assert element is not None
    return element.text or ""


def close(a: Point, b: Point) -> bool:
    # Coordinates are rounded to one decimal, so allow for that rounding on each axis.
    return distance(a, b) <= 0.15


def test_radar_is_a_complete_accessible_svg() -> None:
    svg = radar_chart(
        KOREAN, title="스마트시티 성숙도", series_label="우리 시", compare=AVERAGE, compare_label="전국 평균"
    )
    root = parse(svg)
    assert root.get("role") == "img"
    assert len((root.get("viewBox") or "").split()) == 4
    assert root.get("font-family") == "NanumGothic, 'Noto Sans KR', sans-serif"
    # aria-labelledby names the <title> and <desc> by their ids.
    ids = {element.get("id"): element for element in root.iter() if element.get("id")}
    named = [ids[ident] for ident in (root.get("aria-labelledby") or "").split()]
    assert [element.tag for element in named] == [f"{SVG}title", f"{SVG}desc"]
    assert text_of(root, "title") == "스마트시티 성숙도"


@pytest.mark.parametrize(
    "svg",
    [
        radar_chart(KOREAN, title="t", compare=AVERAGE, series_label="a", compare_label="b"),
        bar_chart([Axis("x", 3, 4)], title="t"),
    ],
    ids=["radar", "bar"],
)
def test_nothing_is_loaded_or_run(svg: str) -> None:
    root = parse(svg)
    tags = {element.tag.removeprefix(SVG) for element in root.iter()}
    assert tags.isdisjoint({"script", "style", "image", "use", "foreignObject", "a"})
    for element in root.iter():
        for name in element.attrib:
            assert name != "style" and not name.startswith("on") and "href" not in name, name
    assert "url(" not in svg and "http" not in svg.replace('xmlns="http://www.w3.org/2000/svg"', "")


def test_radar_labels_and_values_are_drawn_and_described() -> None:
    root = parse(radar_chart(KOREAN, title="t", series_label="우리 시", compare=AVERAGE, compare_label="전국 평균"))
    assert drawn_labels(root) == [axis.label for axis in KOREAN]
    desc = text_of(root, "desc")
    for axis, percent in zip(KOREAN, ["72%", "55%", "90%", "40%"], strict=True):
        assert f"{axis.label}: 우리 시 {percent}, 전국 평균 60%" in desc
    values = ["".join(text.itertext()) for text in by_class(root, "text", "value")]
    assert values == ["72%60%", "55%60%", "90%60%", "40%60%"]


def test_korean_is_written_as_text_not_entities() -> None:
    svg = radar_chart(KOREAN, title="스마트시티 성숙도")
    for axis in KOREAN:
        for word in axis.label.split():
            assert word in svg
    assert "&#" not in svg


@pytest.mark.parametrize("label", ['R&D <core> "lab"', "A & B", "<script>alert(1)</script>", "x > y < z"])
def test_markup_characters_round_trip(label: str) -> None:
    title = f'{label} & "title"'
    axes = [Axis(label, 0.5), Axis("b", 0.5), Axis("c", 0.5)]
    for svg in (radar_chart(axes, title=title), bar_chart(axes, title=title)):
        root = parse(svg)
        assert text_of(root, "title") == title
        assert label in text_of(root, "desc")
        assert root.find(f".//{SVG}script") is None
        assert " ".join(drawn_labels(root)).replace(" ", "") == f"{label}bc".replace(" ", "")


@pytest.mark.parametrize("count", range(3, 9))
def test_radar_polygon_has_one_point_per_axis(count: int) -> None:
    axes = [Axis(f"axis {index}", index / count) for index in range(count)]
    root = parse(radar_chart(axes, title="t"))
    assert len(series(root)) == count
    assert len(by_class(root, "line", "spoke")) == count
    assert all(len(points(guide)) == count for guide in by_class(root, "polygon", "guide"))


def test_full_share_is_on_the_outer_guide_and_zero_at_the_centre() -> None:
    root = parse(radar_chart([Axis("a", 1.0), Axis("b", 0.0), Axis("c", 0.5), Axis("d", 1.0)], title="t"))
    middle, outer, drawn = centre(root), outer_guide(root), series(root)
    assert close(drawn[0], outer[0])
    assert close(drawn[3], outer[3])
    assert close(drawn[1], middle)
    assert distance(drawn[2], middle) == pytest.approx(distance(outer[2], middle) / 2, abs=0.15)


def test_guides_are_drawn_at_each_fifth() -> None:
    root = parse(radar_chart(KOREAN, title="t"))
    middle = centre(root)
    radii = sorted(distance(points(guide)[0], middle) for guide in by_class(root, "polygon", "guide"))
    assert [radius / radii[-1] for radius in radii] == pytest.approx([0.2, 0.4, 0.6, 0.8, 1.0], abs=0.005)


def test_values_outside_zero_to_one_are_clamped() -> None:
    labels = ["a", "b", "c", "d"]
    wild = parse(radar_chart([Axis(x, v) for x, v in zip(labels, [1.7, -0.3, 0.5, math.nan], strict=True)], title="t"))
    tame = parse(radar_chart([Axis(x, v) for x, v in zip(labels, [1.0, 0.0, 0.5, 0.0], strict=True)], title="t"))
    assert series(wild) == series(tame)
    assert "a: 100%" in text_of(wild, "desc") and "b: 0%" in text_of(wild, "desc")


def test_compare_series_adds_a_second_dashed_polygon_and_a_legend() -> None:
    alone = parse(radar_chart(KOREAN, title="t", series_label="우리 시"))
    assert by_class(alone, "polygon", "compare") == []
    assert by_class(alone, "g", "legend") == []

    both = parse(radar_chart(KOREAN, title="t", series_label="우리 시", compare=AVERAGE, compare_label="전국 평균"))
    (compared,) = by_class(both, "polygon", "compare")
    assert compared.get("stroke-dasharray")
    assert compared.get("stroke") == "#c2571a"
    middle, outer = centre(both), outer_guide(both)
    for point, edge in zip(series(both, "compare"), outer, strict=True):
        assert distance(point, middle) == pytest.approx(0.6 * distance(edge, middle), abs=0.15)
    (legend,) = by_class(both, "g", "legend")
    assert [text.text for text in legend.iter(f"{SVG}text")] == ["우리 시", "전국 평균"]


def test_compare_must_match_the_axes() -> None:
    with pytest.raises(ValueError, match="compare"):
        radar_chart(KOREAN, title="t", compare=AVERAGE[:3])


def test_fewer_than_three_axes_fall_back_to_bars_of_percentages() -> None:
    two = [Axis("비즈니스 관리", 0.72), Axis("편익 실현", 0.4)]
    svg = radar_chart(two, title="둘")
    assert svg == bar_chart([Axis(axis.label, axis.value * 100, 100) for axis in two], title="둘", width=320, unit="%")
    root = parse(svg)
    assert root.find(f".//{SVG}polygon") is None
    assert [text.text for text in by_class(root, "text", "figure")] == ["72 / 100%", "40 / 100%"]
    for count in (0, 1):
        assert parse(radar_chart(two[:count], title="t")).find(f".//{SVG}polygon") is None


def test_fallback_keeps_the_comparison_as_markers() -> None:
    two = [Axis("a", 0.72), Axis("b", 0.4)]
    root = parse(radar_chart(two, title="t", compare=[Axis("a", 0.6), Axis("b", 0.6)], compare_label="avg"))
    tracks = by_class(root, "rect", "track")
    markers = by_class(root, "line", "compare")
    assert len(markers) == 2
    for track, marker in zip(tracks, markers, strict=True):
        left, width = float(track.get("x", "0")), float(track.get("width", "0"))
        assert float(marker.get("x1", "0")) == pytest.approx(left + 0.6 * width, abs=0.15)
    assert "avg 60%" in text_of(root, "desc")


def test_bar_widths_are_proportional_to_value_over_maximum() -> None:
    bars = [Axis("half", 50, 100), Axis("most", 18, 25), Axis("none", 0, 40), Axis("over", 12, 10), Axis("bad", 5, 0)]
    root = parse(bar_chart(bars, title="t"))
    tracks, filled = by_class(root, "rect", "track"), by_class(root, "rect", "bar")
    assert len(tracks) == len(filled) == len(bars)
    widths = {float(track.get("width", "0")) for track in tracks}
    assert len(widths) == 1, "every track has the same full width"
    (full,) = widths
    for bar, rect in zip(bars, filled, strict=True):
        expected = 0.0 if bar.maximum <= 0 else min(bar.value / bar.maximum, 1.0)
        assert float(rect.get("width", "0")) == pytest.approx(full * expected, abs=0.06)


def test_bar_figures_and_labels() -> None:
    bars = [Axis("시민 중심 서비스 관리", 1400, 2000), Axis("R&D", 9.5, 10), Axis("Total", 1234567.89, 2e6)]
    root = parse(bar_chart(bars, title="영역별 점수", unit="점"))
    assert [text.text for text in by_class(root, "text", "figure")] == [
        "1,400 / 2,000점",
        "9.5 / 10점",
        "1,234,567.9 / 2,000,000점",
    ]
    assert drawn_labels(root) == [bar.label for bar in bars]
    assert (
        text_of(root, "desc")
        == "시민 중심 서비스 관리: 1,400 / 2,000점; R&D: 9.5 / 10점; Total: 1,234,567.9 / 2,000,000점"
    )
    english = parse(bar_chart([Axis("a", 3, 4)], title="t", unit="points"))
    assert [text.text for text in by_class(english, "text", "figure")] == ["3 / 4 points"]


def test_long_labels_wrap_onto_two_lines_and_keep_the_whole_label() -> None:
    long = "Citizen-centred service management and benefit realisation"
    root = parse(bar_chart([Axis(long, 1, 2), Axis("스마트시티 데이터 허브 운영 및 개방 관리", 1, 2)], title="t"))
    for text in by_class(root, "text", "label"):
        lines = [tspan.text or "" for tspan in text.findall(f"{SVG}tspan")]
        assert 1 <= len(lines) <= 2
        assert all(len(line) <= 14 for line in lines)
    first = by_class(root, "text", "label")[0]
    assert first.findtext(f"{SVG}title") == long, "a cut label shows in full on hover"
    assert long in text_of(root, "desc")
    korean = by_class(root, "text", "label")[1]
    assert [tspan.text for tspan in korean.findall(f"{SVG}tspan")] == ["스마트시티 데이터 허브", "운영 및 개방 관리"]


@pytest.mark.parametrize(
    "make",
    [
        lambda: radar_chart(KOREAN, title="t", compare=AVERAGE, series_label="a", compare_label="b"),
        lambda: bar_chart([Axis("a", 1 / 3, 1), Axis("b", 2 / 3, 1)], title="t", unit="%"),
    ],
    ids=["radar", "bar"],
)
def test_output_is_deterministic_with_one_decimal(make: Callable[[], str]) -> None:
    first, second = make(), make()
    assert first == second
    numeric = ("x", "y", "x1", "y1", "x2", "y2", "cx", "cy", "r", "width", "height", "dx")
    for element in parse(first).iter():
        for name in numeric:
            if name in element.attrib:
                assert re.fullmatch(r"-?\d+(\.\d)?", element.attrib[name]), (name, element.attrib[name])
        for number in re.findall(r"-?\d+(?:\.\d+)?", element.get("points", "") + element.get("viewBox", "")):
            assert re.fullmatch(r"-?\d+(\.\d)?", number)


def test_different_charts_get_different_ids() -> None:
    one = parse(radar_chart(KOREAN, title="one"))
    two = parse(radar_chart(KOREAN, title="two"))
    assert one.get("aria-labelledby") != two.get("aria-labelledby")


@settings(max_examples=80, deadline=None)
@given(
    labels=st.lists(st.text(max_size=40), min_size=0, max_size=9),
    values=st.lists(st.floats(allow_nan=True, allow_infinity=True), min_size=9, max_size=9),
    title=st.text(max_size=30),
)
def test_any_labels_and_values_give_valid_svg(labels: list[str], values: list[float], title: str) -> None:
    axes = [Axis(label, value) for label, value in zip(labels, values, strict=False)]
    radar = parse(radar_chart(axes, title=title, compare=axes, compare_label="c"))
    bars = parse(bar_chart([Axis(axis.label, axis.value, 10) for axis in axes], title=title))
    if len(axes) >= 3:
        assert len(series(radar)) == len(axes)
    assert len(by_class(bars, "rect", "bar")) == len(axes)
