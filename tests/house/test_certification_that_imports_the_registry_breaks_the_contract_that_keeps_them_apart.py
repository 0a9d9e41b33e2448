"""The public registry is built on certification's records; certification (its workflow, pages and commands)
needs nothing of the registry's. Once, the certifying body's pages took `listed` from the registry and the two
apps imported each other; an import of the registry anywhere in certification now fails the contract."""

from __future__ import annotations

from pathlib import Path

from tests.house.planting import Copy

CONTRACT = "registry-over-certification"
NAME = "the public registry reads certification; certification imports nothing of the registry"


def test_the_contract_fails_when_a_certification_page_imports_the_registry(tmp_path: Path) -> None:
    copy = Copy(tmp_path)
    untouched = copy.lint(CONTRACT)
    assert untouched.passed, untouched.output
    assert f"{NAME} KEPT" in untouched.output

    copy.plant(
        "citycert.certification.views.certifier", "from citycert.registry.published import certificates_of  # planted"
    )
    broken = copy.lint(CONTRACT)
    assert not broken.passed
    assert f"{NAME} BROKEN" in broken.output
    assert "citycert.certification.views.certifier -> citycert.registry.published" in broken.output
