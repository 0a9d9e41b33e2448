"""Anyone with the command line can list the frameworks and read one, as text or JSON."""

from __future__ import annotations

import json

import pytest

from tests.support import run

pytestmark = pytest.mark.django_db


def test_list_names_every_stored_framework_in_both_languages() -> None:
    listed = json.loads(run("frameworks", "list", "--json").out)
    keys = {f"{row['id']}@{row['version']}" for row in listed}
    assert {"bsi-iso37106@2021", "kr-smartcity@2024", "u4ssc-kpi@2017", "iso37120@2018"} <= keys
    assert all(row["name"]["ko"] and row["name"]["en"] for row in listed)


def test_show_gives_every_node_with_what_it_accepts() -> None:
    shown = json.loads(run("frameworks", "show", "bsi-iso37106", "--json").out)
    assert (shown["id"], shown["version"]) == ("bsi-iso37106", "2021.1")
    items = [node for node in shown["nodes"] if node["assessable"]]
    groups = [node for node in shown["nodes"] if not node["assessable"]]
    assert len(items) == 22 and len(groups) == 4
    for node in items:
        assert node["type"] == "maturity"
        assert node["parent"] in {group["id"] for group in groups}
        assert [level["value"] for level in node["levels"]] == [1, 2, 3, 4, 5]
        assert node["name"]["ko"] and node["name"]["en"]


def test_show_gives_the_range_of_a_quantitative_item() -> None:
    shown = json.loads(run("frameworks", "show", "u4ssc-kpi", "--json").out)
    internet = next(node for node in shown["nodes"] if node["id"] == "EC:ICT:ICT:1C")
    assert internet["type"] == "quantitative"
    assert (internet["min"], internet["max"]) == (0, 100)
    assert internet["unit"]["en"]


def test_show_as_text_lists_the_tree() -> None:
    out = run("frameworks", "show", "bsi-iso37106").out
    assert "bsi-iso37106@2021" in out
    assert "  BM.vision  도시 비전 / City vision  [levels 1-5]" in out


def test_validate_says_valid_for_every_bundled_file() -> None:
    from citycert.frameworks.loader import bundled_paths

    ran = run("frameworks", "validate", *[str(path) for path in bundled_paths()])
    assert ran.code == 0, ran.err
    assert ran.out.count(": valid (") == len(bundled_paths())


def test_an_unknown_framework_is_a_clear_error() -> None:
    ran = run("frameworks", "show", "nope")
    assert ran.code == 2
    assert "저장된 평가 체계 'nope'이(가) 없습니다. 저장된 것: " in ran.err
