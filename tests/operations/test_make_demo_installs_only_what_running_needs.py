"""A newcomer runs `make demo`: it installs what running needs and nothing only the tests use (no browser, no
PostgreSQL, no Playwright, mypy or pytest); `make test` adds the development set. Read from what make would run
(`make -n`), the package sets the install script names, and pyproject's dependencies."""

from __future__ import annotations

import subprocess
import tomllib

from tests.support import REPO

TEST_ONLY_DEBIAN = {"chromium", "postgresql", "poppler-utils", "zbar-tools", "redis-server", "libreoffice-calc"}
TEST_ONLY_PYTHON = {
    "playwright",
    "mypy",
    "pytest",
    "pytest-django",
    "hypothesis",
    "ruff",
    "schemathesis",
    "django-stubs",
}


def would_run(target: str) -> list[str]:
    """The commands `make TARGET` runs from scratch (-B: as on a fresh clone), without running them."""
    done = subprocess.run(["make", "-n", "-B", target], cwd=REPO, capture_output=True, text=True, check=True)
    return done.stdout.splitlines()


def debian_set(name: str) -> set[str]:
    done = subprocess.run(
        ["sh", "scripts/system-packages.sh", name, "--list"], cwd=REPO, capture_output=True, text=True, check=True
    )
    return set(done.stdout.split())


def names(requirements: list[str]) -> set[str]:
    return {requirement.split("[")[0].split("=")[0].split(">")[0].split("<")[0].strip() for requirement in requirements}


def test_make_demo_installs_the_run_set_only() -> None:
    commands = would_run("demo")
    assert "sh scripts/system-packages.sh run" in commands
    assert not any("system-packages.sh test" in command or "[dev]" in command for command in commands), commands
    assert any(command.endswith("pip install --quiet --disable-pip-version-check -e .") for command in commands)


def test_make_test_adds_the_development_set() -> None:
    commands = would_run("test-sqlite")
    assert "sh scripts/system-packages.sh test" in commands
    assert any(command.endswith("-e '.[dev]'") for command in commands), commands


def test_the_run_set_has_no_browser_no_database_server_and_no_test_tools() -> None:
    run, test = debian_set("run"), debian_set("test")
    assert run & TEST_ONLY_DEBIAN == set() and test >= TEST_ONLY_DEBIAN and run <= test
    assert {"fonts-nanum", "libpango-1.0-0"} <= run  # the PDFs need them to run
    project = tomllib.loads((REPO / "pyproject.toml").read_text())["project"]
    assert names(project["dependencies"]) & TEST_ONLY_PYTHON == set()
    assert names(project["optional-dependencies"]["dev"]) >= TEST_ONLY_PYTHON
