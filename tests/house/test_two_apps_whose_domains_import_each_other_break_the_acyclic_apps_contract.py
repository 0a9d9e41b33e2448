"""No two apps need each other: the imports between the apps' domains (models, workflows, the reports, the registry)
form no cycle. Pages, page helpers, the API and commands are left out, since they may read any app; so are the imports
of the one permission module. Once, assessments and indicators needed each other (a page of assessments imported
indicators' filling from the series, lazily, inside a function); a model of cities that reads assessments' models,
which read cities', now fails the contract, and so would any import hidden inside a function."""

from __future__ import annotations

from pathlib import Path

from tests.house.planting import Copy

CONTRACT = "apps-acyclic"
NAME = "the apps' domains form no cycle"


def test_the_contract_fails_when_cities_models_read_assessments_which_read_cities(tmp_path: Path) -> None:
    copy = Copy(tmp_path)
    untouched = copy.lint(CONTRACT)
    assert untouched.passed, untouched.output
    assert "KEPT" in untouched.output

    copy.plant("citycert.cities.models", "from citycert.assessments.models import Assessment  # planted")
    broken = copy.lint(CONTRACT)
    assert not broken.passed
    assert NAME in broken.output
    assert "BROKEN" in broken.output
    assert "No cycles are allowed in citycert" in broken.output
    assert ".cities -> .assessments (1 import)" in broken.output


def test_the_contract_fails_on_an_import_inside_a_function_of_a_report(tmp_path: Path) -> None:
    copy = Copy(tmp_path)
    # The audit log is read by the open-data reports; a report the audit log needed would make the two one knot.
    copy.plant(
        "citycert.audit.log",
        "def _planted() -> None:\n    from citycert.reports import open_data  # planted\n",
    )
    broken = copy.lint(CONTRACT)
    assert not broken.passed
    assert ".audit -> .reports (1 import)" in broken.output


def test_a_page_may_read_any_app(tmp_path: Path) -> None:
    copy = Copy(tmp_path)
    # A page of cities reads indicators, whose models read cities: pages are the top layer, not counted.
    copy.plant("citycert.cities.views", "from citycert.indicators.series import series_of  # planted")
    assert copy.lint(CONTRACT).passed
