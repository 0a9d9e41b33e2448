"""Models and choices sit below the permission module, which reads them: a model that asked a permission predicate
would tie its app to every app whose models the permission module reads."""

from __future__ import annotations

from pathlib import Path

from tests.house.planting import Copy

CONTRACT = "models-below-permissions"
NAME = "the apps' models and choices ask nothing of the permission module"


def test_the_contract_fails_when_a_model_of_cities_asks_permissions(tmp_path: Path) -> None:
    copy = Copy(tmp_path)
    untouched = copy.lint(CONTRACT)
    assert untouched.passed, untouched.output
    assert f"{NAME} KEPT" in untouched.output

    copy.plant("citycert.cities.models", "from citycert.permissions import runs_certification  # planted")
    broken = copy.lint(CONTRACT)
    assert not broken.passed
    assert f"{NAME} BROKEN" in broken.output
    assert "citycert.cities.models is not allowed to import citycert.permissions" in broken.output
