"""The scoring engine runs without Django (benchmarks, the framework tools, other programs use it); an import of
Django in scoring or frameworks fails `make lint`, naming the contract."""

from __future__ import annotations

from pathlib import Path

from tests.house.planting import Copy

CONTRACT = "pure-core-no-django"
NAME = "frameworks and scoring import no Django"


def test_the_pure_core_contract_holds_and_fails_on_a_planted_django_import(tmp_path: Path) -> None:
    copy = Copy(tmp_path)
    untouched = copy.lint(CONTRACT)
    assert untouched.passed, untouched.output
    assert f"{NAME} KEPT" in untouched.output

    copy.plant("citycert.scoring.engine", "from django.db import transaction  # planted")
    broken = copy.lint(CONTRACT)
    assert not broken.passed
    assert f"{NAME} BROKEN" in broken.output
    assert "citycert.scoring is not allowed to import django: - citycert.scoring.engine -> django" in broken.output
