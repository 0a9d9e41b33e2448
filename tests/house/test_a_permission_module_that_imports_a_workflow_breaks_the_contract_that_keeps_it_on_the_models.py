"""The one permission module reads the apps' models and choices and is asked by everything above them: a permission
module that imported a workflow (or a page, a report) would make the apps that ask it need each other."""

from __future__ import annotations

from pathlib import Path

from tests.house.planting import Copy

CONTRACT = "permissions-read-models"
NAME = "the permission module reads the apps' models and choices, nothing above them"


def test_the_contract_fails_when_permissions_import_the_certification_workflow(tmp_path: Path) -> None:
    copy = Copy(tmp_path)
    untouched = copy.lint(CONTRACT)
    assert untouched.passed, untouched.output
    assert f"{NAME} KEPT" in untouched.output

    copy.plant("citycert.permissions", "from citycert.certification.workflow import decide  # planted")
    broken = copy.lint(CONTRACT)
    assert not broken.passed
    assert f"{NAME} BROKEN" in broken.output
    assert "citycert.permissions is not allowed to import citycert.certification.workflow" in broken.output
