"""frameworks and scoring import nothing of ours but each other (and the pure spreadsheet_cells): not even a
module that imports no Django itself, since the apps around it do. A function-level import counts as much as one
at the top of the file (import-linter reads both), so hiding it in a function does not help."""

from __future__ import annotations

from pathlib import Path

from tests.house.planting import Copy

CONTRACT = "pure-core-stands-alone"


def test_the_stand_alone_core_contract_fails_on_an_import_of_an_app_inside_a_function(tmp_path: Path) -> None:
    copy = Copy(tmp_path)
    untouched = copy.lint(CONTRACT)
    assert untouched.passed, untouched.output
    assert "KEPT" in untouched.output

    copy.plant(
        "citycert.frameworks.loader",
        "def planted() -> object:\n    from citycert.certification.scheme import stages\n\n    return stages",
    )
    broken = copy.lint(CONTRACT)
    assert not broken.passed
    assert "frameworks and scoring import nothing of ours but each other" in broken.output
    assert "BROKEN" in broken.output
    assert "citycert.frameworks is not allowed to import citycert.certification" in broken.output
    assert "citycert.frameworks.loader -> citycert.certification.scheme" in broken.output
