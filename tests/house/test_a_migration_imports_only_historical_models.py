"""A migration runs years after it was written, on databases of every age: it reads the models it was written for
(`apps.get_model`) and code of its own, never the application's modules, which change. Every migration of every
app is read (Python's ast); an import of citycert names the file and line. The check is shown to catch one."""

from __future__ import annotations

import ast
from pathlib import Path

from tests.house.planting import REPOSITORY


def imports_of_our_code(root: Path) -> list[str]:
    """Each import of citycert in the migrations under `root`, as "path:line module"."""
    found = []
    for path in sorted(root.glob("*/migrations/*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), filename=str(path))):
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom):
                names = [f"{'.' * node.level}{node.module or ''}"]  # a relative import counts too
            else:
                continue
            for name in names:
                if name.startswith(("citycert", ".")):
                    found.append(f"{path.relative_to(root)}:{node.lineno} {name}")
    return found


def test_no_migration_imports_application_code() -> None:
    assert imports_of_our_code(REPOSITORY / "citycert") == []


def test_the_check_names_a_migration_that_imports_application_code(tmp_path: Path) -> None:
    migrations = tmp_path / "certification" / "migrations"
    migrations.mkdir(parents=True)
    (migrations / "0099_planted.py").write_text(
        "from django.db import migrations\n\n\ndef forwards(apps, schema_editor):\n"
        "    from citycert.reports.open_data import export  # planted\n",
        encoding="utf-8",
    )
    assert imports_of_our_code(tmp_path) == ["certification/migrations/0099_planted.py:5 citycert.reports.open_data"]
