"""A framework author gives an area or item the other names outlets use; an alias that would name two elements,
cites an unlisted source, or has no language comes back located, like every other mistake."""

from __future__ import annotations

from pathlib import Path

from citycert.frameworks.loader import load_framework
from tests.frameworks.test_a_framework_files_mistakes_come_back_located_and_all_at_once import (
    VALID,
    line_of,
    one_problem,
    problems_in,
)

AREA = """  - id: A
    name: {ko: 가, en: A}
"""


def with_alias(alias: str) -> str:
    assert AREA in VALID
    return VALID.replace(AREA, AREA + f"    aliases:\n      - {alias}\n")


def test_an_area_alias_with_a_listed_source_loads() -> None:
    framework = load_framework(with_alias("{ko: 가 영역, sources: [S1]}"), "tiny.yaml")
    area = next(node for node in framework.nodes if node.id == "A")
    assert [alias.text for alias in area.aliases] == ["가 영역"]


def test_an_alias_citing_an_unlisted_source_is_refused_at_its_place(tmp_path: Path) -> None:
    text = with_alias("{ko: 가 영역, sources: [S9]}")
    problem = one_problem(text, tmp_path)
    assert problem.group("message") == "source 'S9' is not listed under sources"
    assert int(problem.group("line")) == line_of(text, "가 영역")


def test_an_alias_that_is_another_items_name_is_refused(tmp_path: Path) -> None:
    text = VALID.replace("    name: {ko: 가1, en: A1}\n", "    name: {ko: 가1, en: A1}\n    aliases: [{ko: 가2}]\n")
    problem = one_problem(text, tmp_path)
    assert "alias '가2' of A.1 also names the item A.2" in problem.group("message")
    assert int(problem.group("line")) == line_of(text, "aliases: [{ko: 가2}]")


def test_an_alias_in_no_language_or_in_both_is_refused(tmp_path: Path) -> None:
    for alias in ("{sources: [S1]}", "{ko: 가 영역, en: Area A}"):
        text = with_alias(alias)
        # The area itself is then invalid, so the pass condition naming it is reported too.
        found = {int(match.group("line")): match.group("message") for match in problems_in(text, tmp_path)}
        at = line_of(text, alias)
        assert "give the alias in exactly one language: ko or en" in found[at], found
