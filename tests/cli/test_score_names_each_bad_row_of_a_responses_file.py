"""A city officer's responses file with mistakes: each bad row is named, and `citycert score` exits 2."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from openpyxl import Workbook

from tests.support import run, run_shell

pytestmark = pytest.mark.django_db

LOCATED = re.compile(r"^(?P<file>.+):(?P<line>\d+):(?P<column>\d+): (?P<message>.+)$")


def score_file(path: Path, framework: str = "bsi-iso37106") -> tuple[int, list[re.Match[str]]]:
    ran = run("score", "--framework", framework, str(path), "--json")
    lines = ran.err.strip().splitlines()
    matches = [LOCATED.match(line) for line in lines]
    assert all(matches), lines
    return ran.code, [match for match in matches if match]


def csv_file(tmp_path: Path, body: str, name: str = "responses.csv") -> Path:
    path = tmp_path / name
    path.write_text("item,value\n" + body, encoding="utf-8")
    return path


def test_an_unknown_item_is_named_with_its_row_and_a_suggestion(tmp_path: Path) -> None:
    code, problems = score_file(csv_file(tmp_path, "BM.vision,3\nBM.visoin,4\n"))
    assert code == 2
    assert problems[0].group("line") == "3"
    assert "item 'BM.visoin' is not an assessable item of bsi-iso37106@2021.1 (did you mean 'BM.vision'?)" in problems[
        0
    ].group("message")


def test_a_level_out_of_range_is_named(tmp_path: Path) -> None:
    code, problems = score_file(csv_file(tmp_path, "BM.vision,7\n"))
    assert code == 2
    assert problems[0].group("line") == "2"
    assert problems[0].group("column") == "2"
    assert "level 7 is not one of 1, 2, 3, 4, 5" in problems[0].group("message")


def test_a_non_number_is_named(tmp_path: Path) -> None:
    code, problems = score_file(csv_file(tmp_path, "BM.vision,three\nBM.leadership,3.5\n"))
    assert code == 2
    messages = [problem.group("message") for problem in problems]
    assert "item 'BM.vision': 'three' is not a number" in messages
    assert "item 'BM.leadership': level 3.5 is not one of 1, 2, 3, 4, 5" in messages


def test_an_item_answered_twice_is_named(tmp_path: Path) -> None:
    code, problems = score_file(csv_file(tmp_path, "BM.vision,3\nBM.vision,4\n"))
    assert code == 2
    assert "answered twice (first on line 2)" in problems[0].group("message")


def test_a_group_is_not_an_item(tmp_path: Path) -> None:
    code, problems = score_file(csv_file(tmp_path, "BM,3\n"))
    assert code == 2
    assert "'BM' is a group of bsi-iso37106@2021.1, not an assessable item" in problems[0].group("message")


def test_not_applicable_is_refused_where_the_scheme_forbids_it(tmp_path: Path) -> None:
    code, problems = score_file(csv_file(tmp_path, "BM.vision,NA\n"))
    assert code == 2
    assert "cannot be marked not applicable" in problems[0].group("message")


def test_a_file_without_the_item_and_value_columns_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "responses.csv"
    path.write_text("항목,값\nBM.vision,3\n", encoding="utf-8")
    code, problems = score_file(path)
    assert code == 2
    assert "the header row needs columns item and value" in problems[0].group("message")


def test_a_csv_in_another_encoding_is_refused_with_advice(tmp_path: Path) -> None:
    path = tmp_path / "responses.csv"
    path.write_bytes("item,value,비고\nBM.vision,3,도시\n".encode("cp949"))
    code, problems = score_file(path)
    assert code == 2
    assert "save it as CSV UTF-8" in problems[0].group("message")


def test_an_empty_file_and_a_broken_workbook_are_refused(tmp_path: Path) -> None:
    empty = tmp_path / "empty.csv"
    empty.write_text("", encoding="utf-8")
    code, problems = score_file(empty)
    assert (code, problems[0].group("message")) == (2, "the file is empty")
    broken = tmp_path / "broken.xlsx"
    broken.write_bytes(b"PK\x03\x04 this is not really a workbook")
    code, problems = score_file(broken)
    assert code == 2
    assert "not a readable .xlsx workbook" in problems[0].group("message")


def test_an_xlsx_row_is_named_by_its_row_number(tmp_path: Path) -> None:
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.append(["item", "value"])
    sheet.append(["BM.vision", 4])
    sheet.append(["BM.leadership", "높음"])
    path = tmp_path / "responses.xlsx"
    workbook.save(path)
    code, problems = score_file(path)
    assert code == 2
    assert problems[0].group("line") == "3"
    assert "'높음' is not a number" in problems[0].group("message")


def test_a_yaml_value_is_named_by_its_line(tmp_path: Path) -> None:
    path = tmp_path / "responses.yaml"
    path.write_text("responses:\n  BM.vision: 3\n  BM.leadership: 9\n", encoding="utf-8")
    code, problems = score_file(path)
    assert code == 2
    assert (problems[0].group("line"), problems[0].group("column")) == ("3", "18")


def test_every_bad_row_is_reported_at_once(tmp_path: Path) -> None:
    code, problems = score_file(csv_file(tmp_path, "BM.vision,0\nnope,3\nBM.roadmap,x\n"))
    assert code == 2
    assert [problem.group("line") for problem in problems] == ["2", "3", "4"]


def test_an_unknown_framework_is_refused_from_the_shell(tmp_path: Path) -> None:
    path = csv_file(tmp_path, "BM.vision,3\n")
    ran = run("score", "--framework", "no-such-scheme", str(path))
    assert ran.code == 2
    assert "저장된 평가 체계 'no-such-scheme'이(가) 없습니다" in ran.err  # the operator's language, Korean by default


def test_the_real_command_exits_2_without_a_traceback(tmp_path: Path) -> None:
    bad = csv_file(tmp_path, "BM.vision,seven\n")
    ran = run_shell("score", "--framework", "citycert/frameworks/library/bsi-iso37106-2021.yaml", str(bad))
    assert ran.code == 2
    assert "Traceback" not in ran.err
    assert f"{bad}:2:2: item 'BM.vision': 'seven' is not a number" in ran.err


def test_a_sheet_made_for_another_framework_is_refused_in_one_line(tmp_path: Path) -> None:
    sheet = tmp_path / "kr.xlsx"
    assert run("template", "--framework", "kr-smartcity", "-o", str(sheet)).code == 0
    code, problems = score_file(sheet, framework="u4ssc-kpi")
    assert code == 2
    assert [problem.group("message") for problem in problems] == ["this sheet was made for kr-smartcity, not u4ssc-kpi"]


def test_a_csv_of_another_framework_gets_one_clear_line(tmp_path: Path) -> None:
    code, problems = score_file(csv_file(tmp_path, "D1.I1.1,3\nD1.I1.2,4\n"))
    assert code == 2
    assert len(problems) == 1
    assert "none of the 2 items in this file belong to bsi-iso37106@2021" in problems[0].group("message")


def test_a_sheet_may_name_items_and_areas_as_the_press_does(tmp_path: Path) -> None:
    path = tmp_path / "press.csv"
    path.write_text(
        "item,group_ko,value\n파트너십,전략관리,4\n도시 비전,,3\n리더십,이익실현,4\n책임,정책관리,4\n", encoding="utf-8"
    )
    code, problems = score_file(path)
    assert code == 2
    messages = {problem.group("line"): problem.group("message") for problem in problems}
    assert set(messages) == {"4", "5"}, "an item by name, under an outlet's name for its area, is read"
    assert "'리더십' is not in the area '이익실현' (it is in BM)" in messages["4"]
    assert "'책임': no area of bsi-iso37106@2021.1 is called '정책관리'" in messages["5"]
