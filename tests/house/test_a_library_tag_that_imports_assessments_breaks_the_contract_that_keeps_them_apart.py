"""The framework library (stored framework versions, their pages and template tags) sits below the assessments
made against it. Once, a library template tag took `readable` (yes/no for a stored value) from the assessments'
answers and the two apps imported each other; it is a language matter now (citycert.language), and an import of
assessments anywhere in the library fails the contract."""

from __future__ import annotations

from pathlib import Path

from tests.house.planting import Copy

CONTRACT = "assessments-over-library"
NAME = "assessments read the framework library; the library imports nothing of assessments"


def test_the_contract_fails_when_a_library_template_tag_imports_assessments(tmp_path: Path) -> None:
    copy = Copy(tmp_path)
    untouched = copy.lint(CONTRACT)
    assert untouched.passed, untouched.output
    assert f"{NAME} KEPT" in untouched.output

    copy.plant(
        "citycert.library.templatetags.bilingual", "from citycert.assessments.answers import stored_text  # planted"
    )
    broken = copy.lint(CONTRACT)
    assert not broken.passed
    assert f"{NAME} BROKEN" in broken.output
    assert "citycert.library.templatetags.bilingual -> citycert.assessments.answers" in broken.output
