"""The domain (models, workflows, transition functions) sits below the pages, the API and the reports: a workflow
that imports a view, a page helper or a report renderer, directly or through another module, fails the contract.
Once, the deciding transaction imported the assessment page's presenter and a report module; that is what the
contract now keeps out."""

from __future__ import annotations

from pathlib import Path

from tests.house.planting import Copy

CONTRACT = "domain-below-pages-and-reports"
NAME = "domain modules (models, workflows, transitions) import no pages, page helpers"


def test_the_domain_contract_fails_when_the_certification_workflow_imports_the_presenter(tmp_path: Path) -> None:
    copy = Copy(tmp_path)
    untouched = copy.lint(CONTRACT)
    assert untouched.passed, untouched.output
    assert "KEPT" in untouched.output

    copy.plant("citycert.certification.workflow.decision", "from citycert.assessments.presenter import text  # planted")
    broken = copy.lint(CONTRACT)
    assert not broken.passed
    assert NAME in broken.output
    assert "BROKEN" in broken.output
    assert "citycert.certification.workflow is not allowed to import citycert.assessments.presenter" in broken.output
    # The workflow is a package of step modules: the contract names the package and covers every module in it.
    assert "citycert.certification.workflow.decision -> citycert.assessments.presenter" in broken.output


def test_the_domain_contract_fails_when_a_model_reaches_a_report_through_another_module(tmp_path: Path) -> None:
    copy = Copy(tmp_path)
    # The model imports a harmless-looking module of its own app, which imports the certificate PDF.
    (tmp_path / "citycert" / "cities" / "go_between.py").write_text(
        "from citycert.reports import certificate_pdf  # planted\n", encoding="utf-8"
    )
    copy.plant("citycert.cities.models", "from citycert.cities import go_between  # planted")
    broken = copy.lint(CONTRACT)
    assert not broken.passed
    assert "citycert.cities.models is not allowed to import citycert.reports" in broken.output
    assert "citycert.cities.go_between -> citycert.reports.certificate_pdf" in broken.output
