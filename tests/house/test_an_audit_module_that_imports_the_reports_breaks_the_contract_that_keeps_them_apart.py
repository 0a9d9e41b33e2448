"""The audit log is below everything that reads it: the open-data reports publish its signed checkpoints (and
the checkpoints page is one of the open-data pages). Once, the audit app's page imported the open-data formats
and the two apps imported each other; an import of the reports anywhere in the audit app now fails the contract."""

from __future__ import annotations

from pathlib import Path

from tests.house.planting import Copy

CONTRACT = "reports-over-audit"
NAME = "the open-data reports read the audit log; the audit log imports nothing of the reports"


def test_the_contract_fails_when_the_audit_log_imports_the_open_data_reports(tmp_path: Path) -> None:
    copy = Copy(tmp_path)
    untouched = copy.lint(CONTRACT)
    assert untouched.passed, untouched.output
    assert f"{NAME} KEPT" in untouched.output

    copy.plant("citycert.audit.checkpoints", "from citycert.reports.open_data import FORMATS  # planted")
    broken = copy.lint(CONTRACT)
    assert not broken.passed
    assert f"{NAME} BROKEN" in broken.output
    assert "citycert.audit.checkpoints -> citycert.reports.open_data" in broken.output
