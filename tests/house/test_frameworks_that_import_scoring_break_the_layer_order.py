"""scoring reads frameworks; a framework knows nothing of how it is scored. An import of scoring from frameworks
fails the layers contract."""

from __future__ import annotations

from pathlib import Path

from tests.house.planting import Copy

CONTRACT = "scoring-over-frameworks"
NAME = "scoring reads frameworks; frameworks know nothing of scoring"


def test_the_layer_order_fails_when_frameworks_import_scoring(tmp_path: Path) -> None:
    copy = Copy(tmp_path)
    untouched = copy.lint(CONTRACT)
    assert untouched.passed, untouched.output
    assert f"{NAME} KEPT" in untouched.output

    copy.plant("citycert.frameworks.schema", "import citycert.scoring.engine  # planted")
    broken = copy.lint(CONTRACT)
    assert not broken.passed
    assert f"{NAME} BROKEN" in broken.output
    assert "citycert.frameworks.schema -> citycert.scoring.engine" in broken.output
