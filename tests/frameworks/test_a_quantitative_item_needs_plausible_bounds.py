"""A framework author who leaves a quantitative item without bounds is told where, by `frameworks validate`:
plausible values are data, and a count without a maximum would let 1e308 earn full points."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from citycert.frameworks.loader import LIBRARY, load_framework
from tests.frameworks.test_a_framework_files_mistakes_come_back_located_and_all_at_once import VALID, line_of
from tests.support import run

pytestmark = pytest.mark.django_db


def validate(text: str, tmp_path: Path) -> tuple[int, list[str]]:
    path = tmp_path / "tiny.yaml"
    path.write_text(text, encoding="utf-8")
    ran = run("frameworks", "validate", str(path))
    return ran.code, [line for line in (ran.out + ran.err).splitlines() if line.strip()]


def test_validate_refuses_an_item_without_a_maximum_naming_file_and_line(tmp_path: Path) -> None:
    text = VALID.replace("    max: 1000\n", "")
    code, lines = validate(text, tmp_path)
    assert code == 1
    located = [re.match(r"^(?P<file>.+\.yaml):(?P<line>\d+):\d+: (?P<message>.+)$", line) for line in lines]
    found = [match for match in located if match and "needs bounds" in match.group("message")]
    assert len(found) == 1, lines
    assert found[0].group("file").endswith("tiny.yaml")
    assert int(found[0].group("line")) == line_of(text, "- id: A.2")
    assert found[0].group("message") == (
        "node 'A.2': a quantitative item needs bounds; give max (the least and the most plausible value, "
        "e.g. 0 and 100 for a percentage)"
    )


def test_validate_refuses_an_item_without_either_bound(tmp_path: Path) -> None:
    text = VALID.replace("    max: 1000\n", "").replace("    min: 0\n    name: {ko: 가2", "    name: {ko: 가2")
    code, lines = validate(text, tmp_path)
    assert code == 1
    assert any("a quantitative item needs bounds; give min and max" in line for line in lines), lines


def test_validate_accepts_the_item_with_both_bounds(tmp_path: Path) -> None:
    code, lines = validate(VALID, tmp_path)
    assert code == 0, lines


def test_every_quantitative_item_of_every_bundled_framework_has_bounds() -> None:
    for path in sorted(LIBRARY.glob("*.yaml")):
        framework = load_framework(path.read_text(encoding="utf-8"), str(path))
        for node in framework.nodes:
            if node.type == "quantitative":
                assert node.min is not None and node.max is not None, (path.name, node.id)
                assert node.min < node.max
                if node.unit is not None and node.unit.en == "%":
                    assert node.max <= 200, (path.name, node.id, node.max)


def test_bounds_the_body_chose_are_marked_as_its_own_in_the_files() -> None:
    # A maximum no source publishes carries the mark, so nobody mistakes it for a figure of the scheme.
    marked = 0
    for path in sorted(LIBRARY.glob("*.yaml")):
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip().startswith("max:") and "plausibility bound set by the certifying body" in line:
                marked += 1
    # 116 in the newest version of each scheme, and 24 and 19 in the national scheme's 2021 and 2022 editions.
    assert marked == 116 + 24 + 19
