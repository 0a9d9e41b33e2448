"""A framework author's mistakes each come back as FILE:LINE:COLUMN: message, all at once, never a traceback."""

from __future__ import annotations

import re
import textwrap
from pathlib import Path

import pytest

from citycert.frameworks.loader import load_framework, load_paths
from citycert.frameworks.located_yaml import InvalidFile

LOCATED = re.compile(r"^(?P<file>[^:]+):(?P<line>\d+):(?P<column>\d+): (?P<message>.+)$")

VALID = textwrap.dedent(
    """\
    schema: citycert/framework@1
    id: tiny
    version: "1"
    name: {ko: 작은 체계, en: Tiny scheme}
    description: {ko: 시험용, en: For tests}
    owner: {ko: 시험, en: Tests}
    provenance: {status: confirmed, sources: [S1]}
    sources:
      - {id: S1, title: A source}
    scales:
      - id: five
        name: {ko: 5단계, en: Five levels}
        provenance: inferred
        levels:
          - {value: 1, name: {ko: 하, en: Low}}
          - {value: 2, name: {ko: 중하, en: Lower middle}}
          - {value: 3, name: {ko: 중, en: Middle}}
          - {value: 4, name: {ko: 중상, en: Upper middle}}
          - {value: 5, name: {ko: 상, en: High}}
    total_points: 30
    rules:
      provenance: inferred
      pass:
        id: seventy
        name: {ko: 70% 이상, en: 70 % or more}
        total: {min_ratio: 0.7, node: A}
      classification:
        kind: grade
        basis: ratio
        provenance: inferred
        bands:
          - {id: 1, min: 0.9}
          - {id: 2, min: 0}
    nodes:
      - id: A
        name: {ko: 가, en: A}
        provenance: inferred
        points: 30
      - id: A.1
        parent: A
        type: qualitative
        scale: five
        points: 10
        name: {ko: 가1, en: A1}
        provenance: inferred
      - id: A.2
        parent: A
        type: quantitative
        unit: {ko: 개, en: count}
        direction: higher_is_better
        min: 0
        max: 1000
        name: {ko: 가2, en: A2}
        provenance: inferred
        scoring:
          method: bands
          bands:
            - {min: 0, max: 10, points: 0}
            - {min: 10, max: 20, points: 10}
            - {min: 20, points: 20}
    """
)


def problems_in(text: str, tmp_path: Path) -> list[re.Match[str]]:
    path = tmp_path / "framework.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(InvalidFile) as caught:
        load_paths([path])
    lines = str(caught.value).splitlines()
    matches = [LOCATED.match(line) for line in lines]
    assert all(matches), f"every problem is located: {lines}"
    return [match for match in matches if match]


def one_problem(text: str, tmp_path: Path) -> re.Match[str]:
    found = problems_in(text, tmp_path)
    assert len(found) == 1, [match.group(0) for match in found]
    return found[0]


def line_of(text: str, fragment: str) -> int:
    return next(number for number, line in enumerate(text.splitlines(), start=1) if fragment in line)


def test_the_valid_example_loads() -> None:
    assert load_framework(VALID, "tiny.yaml").key == "tiny@1"


def test_it_locates_a_yaml_syntax_error(tmp_path: Path) -> None:
    text = VALID.replace("owner: {ko: 시험, en: Tests}", "owner: {ko: 시험, en: Tests")
    problem = one_problem(text, tmp_path)
    assert problem.group("message").startswith("YAML syntax")
    assert problem.group("file").endswith("framework.yaml")


def test_it_names_an_unknown_key_and_suggests_the_right_one(tmp_path: Path) -> None:
    text = VALID.replace("    points: 10\n", "    pionts: 10\n")
    problem = one_problem(text, tmp_path)
    assert "unknown key 'pionts'" in problem.group("message")
    assert "did you mean 'points'" in problem.group("message")
    assert int(problem.group("line")) == line_of(text, "pionts")


def test_it_names_a_wrong_type(tmp_path: Path) -> None:
    text = VALID.replace("total_points: 30", "total_points: thirty")
    problem = one_problem(text, tmp_path)
    assert problem.group("message").startswith("total_points:")
    assert int(problem.group("line")) == line_of(text, "total_points")


def test_it_names_a_missing_required_key(tmp_path: Path) -> None:
    text = VALID.replace("description: {ko: 시험용, en: For tests}\n", "")
    assert "missing required key 'description'" in one_problem(text, tmp_path).group("message")


def test_it_rejects_a_duplicate_node_id(tmp_path: Path) -> None:
    text = VALID.replace("  - id: A.2\n", "  - id: A.1\n")
    problem = one_problem(text, tmp_path)
    assert "duplicate node id 'A.1'" in problem.group("message")
    assert int(problem.group("line")) == text.splitlines().index("  - id: A.1", line_of(text, "id: A.1")) + 1


def test_it_rejects_a_duplicate_key_in_a_mapping(tmp_path: Path) -> None:
    text = VALID.replace('version: "1"\n', 'version: "1"\nversion: "2"\n')
    problem = one_problem(text, tmp_path)
    assert "duplicate key 'version'" in problem.group("message")
    assert int(problem.group("line")) == 4


def test_it_rejects_a_dangling_parent(tmp_path: Path) -> None:
    text = VALID.replace("    parent: A\n    type: quantitative", "    parent: Z\n    type: quantitative")
    found = [match.group("message") for match in problems_in(text, tmp_path)]
    assert "node 'A.2': parent 'Z' does not exist" in found


def test_it_rejects_a_cycle_of_parents(tmp_path: Path) -> None:
    text = VALID.replace("  - id: A\n    name:", "  - id: A\n    parent: A.1\n    name:")
    found = [match.group("message") for match in problems_in(text, tmp_path)]
    assert any("form a cycle" in message or "is an assessable item" in message for message in found)
    text = VALID + textwrap.indent(
        "- {id: X, parent: Y, name: {ko: x, en: x}, provenance: inferred}\n"
        "- {id: Y, parent: X, name: {ko: y, en: y}, provenance: inferred}\n",
        "  ",
    )
    found = [match.group("message") for match in problems_in(text, tmp_path)]
    assert "node 'X': parents form a cycle: X -> Y -> X" in found


def test_it_rejects_a_rule_that_names_a_missing_node(tmp_path: Path) -> None:
    text = VALID.replace("total: {min_ratio: 0.7, node: A}", "total: {min_ratio: 0.7, node: B}")
    problem = one_problem(text, tmp_path)
    assert "names node 'B', which does not exist" in problem.group("message")
    assert int(problem.group("line")) == line_of(text, "node: B")


def test_it_rejects_points_that_do_not_add_up(tmp_path: Path) -> None:
    text = VALID.replace("total_points: 30", "total_points: 35")
    problem = one_problem(text, tmp_path)
    assert problem.group("message") == "total_points is 35 but the items add up to 30"
    text = VALID.replace("    points: 30\n", "    points: 25\n")
    assert "declares 25 points but its children add up to 30" in one_problem(text, tmp_path).group("message")


def test_it_rejects_bands_that_overlap(tmp_path: Path) -> None:
    text = VALID.replace("{min: 10, max: 20, points: 10}", "{min: 8, max: 20, points: 10}")
    assert "bands overlap" in one_problem(text, tmp_path).group("message")


def test_it_rejects_bands_that_leave_a_gap(tmp_path: Path) -> None:
    text = VALID.replace("{min: 10, max: 20, points: 10}", "{min: 12, max: 20, points: 10}")
    assert "bands leave a gap from 10 to 12" in one_problem(text, tmp_path).group("message")
    text = VALID.replace("{min: 0, max: 10, points: 0}", "{min: 5, max: 10, points: 0}")
    assert "values from 0 up to 5 earn nothing" in one_problem(text, tmp_path).group("message")


def test_it_rejects_grade_bands_in_the_wrong_order(tmp_path: Path) -> None:
    text = VALID.replace("{id: 1, min: 0.9}", "{id: 1, min: 0}").replace("{id: 2, min: 0}", "{id: 2, min: 0.5}")
    assert "classification bands overlap" in one_problem(text, tmp_path).group("message")


def test_it_requires_a_source_for_what_is_confirmed(tmp_path: Path) -> None:
    text = VALID.replace("provenance: {status: confirmed, sources: [S1]}", "provenance: {status: confirmed}")
    assert "must name at least one source id" in one_problem(text, tmp_path).group("message")
    text = VALID.replace("sources: [S1]}", "sources: [S9]}")
    assert "source 'S9' is not listed under sources" in one_problem(text, tmp_path).group("message")


def test_it_names_an_item_without_what_its_type_needs(tmp_path: Path) -> None:
    text = VALID.replace("    scale: five\n", "")
    assert "a qualitative item needs a scale" in one_problem(text, tmp_path).group("message")
    text = VALID.replace("    direction: higher_is_better\n", "    direction: higher_is_better\n    scale: five\n")
    assert "'scale' does not apply to a quantitative item" in one_problem(text, tmp_path).group("message")


def test_it_reports_every_problem_at_once(tmp_path: Path) -> None:
    text = (
        VALID.replace("    pionts", "")
        .replace("    points: 10\n", "    pionts: 10\n")
        .replace("total: {min_ratio: 0.7, node: A}", "total: {min_ratio: 0.7, node: B}")
        .replace("{min: 10, max: 20, points: 10}", "{min: 12, max: 20, points: 10}")
        .replace("    parent: A\n    type: quantitative", "    parent: Z\n    type: quantitative")
    )
    messages = " | ".join(match.group("message") for match in problems_in(text, tmp_path))
    for expected in ("unknown key 'pionts'", "names node 'B'", "gap from 10 to 12", "parent 'Z' does not exist"):
        assert expected in messages


def test_a_crosswalk_to_a_missing_node_is_located(tmp_path: Path) -> None:
    framework = tmp_path / "tiny.yaml"
    framework.write_text(VALID, encoding="utf-8")
    crosswalk = tmp_path / "walk.yaml"
    crosswalk.write_text(
        textwrap.dedent(
            """\
            schema: citycert/crosswalk@1
            id: tiny-to-tiny
            version: "1"
            name: {ko: 대응, en: Mapping}
            description: {ko: 시험, en: Test}
            source: {id: tiny, version: "1"}
            target: {id: tiny, version: "1"}
            provenance: inferred
            mappings:
              - {source: A.1, target: A.2, relationship: related, provenance: inferred}
              - {source: A.9, target: A.2, relationship: equal, provenance: inferred}
            """
        ),
        encoding="utf-8",
    )
    with pytest.raises(InvalidFile) as caught:
        load_paths([crosswalk, framework])
    assert str(caught.value) == f"{crosswalk}:11:14: source node 'A.9' does not exist in tiny@1"
