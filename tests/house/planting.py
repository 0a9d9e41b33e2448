"""A copy of citycert to break on purpose: the import contracts (pyproject.toml, [tool.importlinter]) are only worth
something if each one fails when its rule is broken. A test copies the package's Python files and the project's
pyproject.toml to a temporary folder, plants one import in the copy, and runs the real `lint-imports` on the copy
with the same configuration; the repository itself is never touched.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

REPOSITORY = Path(__file__).resolve().parents[2]
LINT_IMPORTS = Path(sys.executable).parent / "lint-imports"


@dataclass(frozen=True)
class Verdict:
    passed: bool
    output: str  # what lint-imports printed, every run of white space one space


class Copy:
    """citycert's Python source and pyproject.toml under `root`; the import graph is all import-linter reads."""

    def __init__(self, root: Path) -> None:
        self.root = root
        shutil.copytree(
            REPOSITORY / "citycert",
            root / "citycert",
            ignore=shutil.ignore_patterns("__pycache__", "static", "templates", "locale", "*.yaml", "*.po", "*.mo"),
        )
        shutil.copy(REPOSITORY / "pyproject.toml", root / "pyproject.toml")

    def plant(self, module: str, line: str) -> None:
        """Append `line` (an import, at module level or inside a function) to the module's file in the copy."""
        path = self.root / Path(*module.split(".")).with_suffix(".py")
        assert path.is_file(), f"no module {module} in the copy"
        path.write_text(path.read_text(encoding="utf-8") + "\n\n" + line + "\n", encoding="utf-8")

    def lint(self, contract: str) -> Verdict:
        """`lint-imports` on the copy, for one contract of the project's configuration."""
        # The copy comes first on the path, before the installed (editable) citycert.
        environment = {**os.environ, "PYTHONPATH": str(self.root)}
        finished = subprocess.run(
            [str(LINT_IMPORTS), "--no-logo", "--no-cache", "--config", "pyproject.toml", "--contract", contract],
            cwd=self.root,
            env=environment,
            capture_output=True,
            text=True,
            timeout=300,
        )
        # import-linter wraps its lines to the terminal's width: the words are compared with single spaces.
        output = " ".join((finished.stdout + finished.stderr).split())
        return Verdict(passed=finished.returncode == 0, output=output)
