"""A newcomer clones the repository alone, with no steering folder beside it, and runs `make test`.

Nothing the tests, scripts, benchmarks or build read may live outside the clone: the published scenarios are
the repository's own copy. This test reads every such file and fails on a name of the folder beside it.
"""

from __future__ import annotations

from pathlib import Path

from tests.support import REPO, SCENARIOS

# Spelled in parts so that this file does not name what it looks for.
OUTSIDE_NAMES = ("../" + "shared", "CITYCERT_" + "SHARED", "/work/" + "shared")


def files_a_test_run_reads() -> list[Path]:
    roots = [REPO / "tests", REPO / "scripts", REPO / "bench", REPO / ".ci"]
    files = [path for root in roots for path in root.rglob("*") if path.is_file() and "__pycache__" not in path.parts]
    return [*files, REPO / "Makefile", REPO / "pyproject.toml"]


def test_no_test_script_or_build_file_names_the_folder_beside_the_clone() -> None:
    offenders = [
        f"{path.relative_to(REPO)}: {name}"
        for path in files_a_test_run_reads()
        for name in OUTSIDE_NAMES
        if name in path.read_text(encoding="utf-8", errors="replace")
    ]
    assert offenders == []


def test_the_published_scenarios_are_in_the_repository() -> None:
    assert SCENARIOS.is_relative_to(REPO)
    assert {path.name for path in SCENARIOS.glob("*.yaml")} >= {"bsi-iso37106.yaml", "kr-smartcity.yaml"}
