"""Shared test helpers: the bundled frameworks, answers by level counts, and running the CLI."""

from __future__ import annotations

import io
import os
import subprocess
import sys
import unittest.mock
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

from django.core.management import call_command

from citycert.frameworks.loader import bundled_paths, load_paths
from citycert.frameworks.schema import Framework, Node
from citycert.scoring import Answer

REPO = Path(__file__).resolve().parent.parent
# The published outcomes the engine must reproduce: the repository keeps its own copy, so that a clone
# alone tests everything (the steering team's scenarios are copied here whenever they change).
SCENARIOS = REPO / "tests" / "scenarios"


def bundled_frameworks() -> dict[str, Framework]:
    """The bundled frameworks by id, each in its newest bundled version (the one `score --framework ID` uses)."""
    from citycert.library.store import version_sort_key

    newest: dict[str, Framework] = {}
    for doc in load_paths(bundled_paths()):
        if isinstance(doc, Framework):
            known = newest.get(doc.id)
            if known is None or version_sort_key(doc.version) > version_sort_key(known.version):
                newest[doc.id] = doc
    return newest


def bundled_editions(framework_id: str) -> dict[str, Framework]:
    """Every bundled version of one framework, by version."""
    return {
        doc.version: doc for doc in load_paths(bundled_paths()) if isinstance(doc, Framework) and doc.id == framework_id
    }


def items_of(framework: Framework) -> list[Node]:
    return [node for node in framework.nodes if node.assessable]


def answers_from_level_counts(
    framework: Framework, counts: dict[int, int], *, reverse: bool = False
) -> dict[str, Answer]:
    """Assign levels to items by count, e.g. {5: 6, 4: 13, 3: 3}; `reverse` assigns them the other way round."""
    levels = [level for level, count in sorted(counts.items(), reverse=True) for _ in range(count)]
    items = items_of(framework)
    assert len(levels) == len(items), f"{sum(counts.values())} levels for {len(items)} items"
    if reverse:
        levels.reverse()
    return {item.id: Answer(level) for item, level in zip(items, levels, strict=True)}


@dataclass
class Ran:
    """What a command printed and the code it exited with."""

    code: int
    out: str
    err: str


def run(*args: str) -> Ran:
    """Run a citycert command in this process (same code path as the shell, test database)."""
    out, err = io.StringIO(), io.StringIO()
    code = 0
    try:
        call_command(*args, stdout=out, stderr=err)
    except SystemExit as exit_:
        code = int(exit_.code or 0)
    return Ran(code, out.getvalue(), err.getvalue())


def run_shell(*args: str, env: dict[str, str] | None = None) -> Ran:
    """Run the real `citycert` console script in a child process."""
    command = [str(Path(sys.executable).parent / "citycert"), *args]
    done = subprocess.run(command, capture_output=True, text=True, env={**os.environ, **(env or {})}, timeout=120)
    return Ran(done.returncode, done.stdout, done.stderr)


def decimal(value: float | int | str) -> Decimal:
    return Decimal(str(value))


def run_queued_jobs() -> int:
    """Run every queued background job in this process, as `citycert worker --batch` does, and say how many ran.
    In-process, so that jobs see the test's own database (a private in-memory one on SQLite)."""
    from django_tasks_db.management.commands import db_worker
    from django_tasks_db.management.commands.db_worker import Worker
    from django_tasks_db.models import DBTaskResult

    before = DBTaskResult.objects.exclude(status="READY").count()
    # Between jobs the worker closes a connection left outside autocommit, which a test's own transaction is
    # (on PostgreSQL that would end the test); here the connection stays, as it does on SQLite's in-memory one.
    with unittest.mock.patch.object(db_worker, "close_old_connections", lambda: None):
        Worker(
            queue_names=["*"],
            interval=0,
            batch=True,
            backend_name="default",
            startup_delay=False,
            max_tasks=None,
            worker_id="tests",
            excluded_queue_names=[],
        ).run()
    return DBTaskResult.objects.exclude(status="READY").count() - before
