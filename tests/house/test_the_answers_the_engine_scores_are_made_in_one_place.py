"""The answers the engine scores, from a city's responses, a review sheet, the consensus, the published result, an
indicator series or a responses file, are made in one function, `scoring/answers.py: answer_for`: a rule about which
answers count (say, "evidence older than two years does not count") is written there once. Read from the source:
an `Answer(...)` made anywhere else fails this gate, and a test plants one in a copy of the source to see it fail.
"""

from __future__ import annotations

import ast
import shutil
from pathlib import Path

import citycert

SOURCE = Path(citycert.__file__).parent

# Where an Answer may be made, by file, and why.
ALLOWED: dict[str, str] = {
    "scoring/answers.py": "the one place: answer_for",
    "scoring/model.py": "the engine's own: UNANSWERED, and each level of an item tried while compiling",
    "scoring/gaps.py": "the gap plan's hypothetical answers (what a city would need to give), never a city's",
    "demo/results.py": "the demo's made-up answers for cities with no responses of their own",
}


def answers_made(root: Path) -> set[str]:
    """The files (relative to `root`) that call `Answer(...)`."""
    found = set()
    for path in root.rglob("*.py"):
        if "migrations" in path.parts:
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "Answer":
                found.add(path.relative_to(root).as_posix())
    return found


def test_answers_are_made_only_by_answer_for() -> None:
    assert answers_made(SOURCE) - set(ALLOWED) == set()


def test_every_allowed_file_still_makes_answers() -> None:
    """An entry left behind after its file stopped making answers would let a new one of that name through."""
    assert set(ALLOWED) - answers_made(SOURCE) == set()


def test_an_answer_made_in_a_workflow_fails_the_gate(tmp_path: Path) -> None:
    copy = tmp_path / "citycert"
    shutil.copytree(SOURCE, copy, ignore=shutil.ignore_patterns("locale", "static", "templates", "__pycache__"))
    assert answers_made(copy) - set(ALLOWED) == set()

    consensus = copy / "certification" / "workflow" / "consensus.py"
    consensus.write_text(
        consensus.read_text(encoding="utf-8") + "\n\ndef quick(value):\n    return Answer(value)  # planted\n",
        encoding="utf-8",
    )
    assert answers_made(copy) - set(ALLOWED) == {"certification/workflow/consensus.py"}
