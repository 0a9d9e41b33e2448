"""Every write of a state field in citycert's source, read from the source itself (Python's ast), so that the
gate (test_states_change_only_through_their_transition_functions) can hold them to the transition functions.

A write is: an assignment to `<anything>.state` or `.status` (alone, in a tuple, augmented or annotated), a
`setattr(…, "state", …)` (or by a name known only at run time), a `state=`/`status=` keyword (or a "state"
key of a dict passed, or a dict built at run time) to `.update()`,
`.create()`, `.get_or_create()`, `.update_or_create()` or to a watched model's constructor, and "state" or
"status" among the fields named to `.save(update_fields=…)` or `.bulk_update()`, and SQL written out that
sets a state column. Reading a state, filtering on
it (`.filter(state=…)`) or putting it in a dict for the audit event is not a write.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

STATE_FIELDS = frozenset({"state", "status"})
# SQL written out that sets a state column.
SQL_SETTING_STATE = re.compile(r"\bUPDATE\b.+\bSET\b[^;]*?[\s\",]\"?(state|status)\"?\s*=", re.IGNORECASE | re.DOTALL)
# Methods of a queryset or manager that write the fields named by keyword.
WRITING_METHODS = frozenset({"update", "create", "get_or_create", "update_or_create", "acreate", "aupdate"})
# Models whose constructor given a state keyword makes a row in that state.
WATCHED_MODELS = frozenset(
    {
        "Assessment",
        "Application",
        "Certificate",
        "Finding",
        "Appeal",
        "Complaint",
        "StageWaiver",
        "RoundArchive",
        "Invitation",
    }
)


@dataclass(frozen=True)
class Write:
    """One write of a state field: the file (relative to the root given), the line, the function it is in
    (dotted, "" at module level) and what the write is."""

    path: str
    line: int
    function: str
    what: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line} in {self.function or '<module>'}: {self.what}"


def _names_state(node: ast.AST | None) -> bool:
    """A list, tuple or set of field names that includes a state field."""
    if isinstance(node, ast.List | ast.Tuple | ast.Set):
        return any(isinstance(e, ast.Constant) and e.value in STATE_FIELDS for e in node.elts)
    return False


def _dict_with_state(node: ast.AST) -> bool:
    return isinstance(node, ast.Dict) and any(
        isinstance(key, ast.Constant) and key.value in STATE_FIELDS for key in node.keys
    )


def _targets(target: ast.AST) -> Iterator[ast.AST]:
    if isinstance(target, ast.Tuple | ast.List):
        for element in target.elts:
            yield from _targets(element)
    elif isinstance(target, ast.Starred):
        yield from _targets(target.value)
    else:
        yield target


class _Reader(ast.NodeVisitor):
    def __init__(self, path: str) -> None:
        self.path = path
        self.scope: list[str] = []
        self.found: list[Write] = []

    def _add(self, node: ast.AST, what: str) -> None:
        self.found.append(Write(self.path, getattr(node, "lineno", 0), ".".join(self.scope), what))

    def _scoped(self, node: ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef) -> None:
        self.scope.append(node.name)
        self.generic_visit(node)
        self.scope.pop()

    visit_FunctionDef = visit_AsyncFunctionDef = visit_ClassDef = _scoped

    def _assigned(self, node: ast.AST, targets: list[ast.AST]) -> None:
        for target in targets:
            for one in _targets(target):
                if isinstance(one, ast.Attribute) and one.attr in STATE_FIELDS:
                    self._add(node, f"assigns .{one.attr}")

    def visit_Assign(self, node: ast.Assign) -> None:
        self._assigned(node, list(node.targets))
        self.generic_visit(node)

    def visit_AugAssign(self, node: ast.AugAssign) -> None:
        self._assigned(node, [node.target])
        self.generic_visit(node)

    def visit_AnnAssign(self, node: ast.AnnAssign) -> None:
        if node.value is not None:
            self._assigned(node, [node.target])
        self.generic_visit(node)

    def visit_Constant(self, node: ast.Constant) -> None:
        if isinstance(node.value, str) and SQL_SETTING_STATE.search(node.value):
            self._add(node, "SQL setting a state column")

    def visit_Call(self, node: ast.Call) -> None:
        func = node.func
        name = func.attr if isinstance(func, ast.Attribute) else func.id if isinstance(func, ast.Name) else ""
        keywords = {keyword.arg: keyword.value for keyword in node.keywords}
        if name == "setattr" and len(node.args) >= 2:
            named = node.args[1]
            if not isinstance(named, ast.Constant) or named.value in STATE_FIELDS:
                # A field named at run time could be any, the state too.
                self._add(node, "setattr of a state field" if isinstance(named, ast.Constant) else "setattr by name")
        if (isinstance(func, ast.Attribute) and name in WRITING_METHODS) or (
            isinstance(func, ast.Name) and name in WATCHED_MODELS
        ):
            for field in STATE_FIELDS & {arg for arg in keywords if arg}:
                self._add(node, f"{name}({field}=…)")
            unpacked = [keyword.value for keyword in node.keywords if keyword.arg is None]
            if any(_dict_with_state(value) for value in [*unpacked, keywords.get("defaults"), *node.args] if value):
                self._add(node, f"{name}() with a state field in a dict")
            if any(not isinstance(value, ast.Dict) for value in unpacked):
                # Fields named at run time could be any, the state too.
                self._add(node, f"{name}(**…) of fields named at run time")
        if name == "save" and _names_state(keywords.get("update_fields")):
            self._add(node, "save(update_fields=[…state…])")
        if name == "bulk_update" and (
            _names_state(keywords.get("fields")) or (len(node.args) >= 2 and _names_state(node.args[1]))
        ):
            self._add(node, "bulk_update(…, [state…])")
        self.generic_visit(node)


def state_writes(root: Path, skip: frozenset[str] = frozenset({"migrations"})) -> list[Write]:
    """Every write of a state field in the .py files under `root`, outside folders named in `skip`."""
    found: list[Write] = []
    for path in sorted(root.rglob("*.py")):
        relative = path.relative_to(root)
        if skip & set(relative.parts[:-1]):
            continue
        reader = _Reader(relative.as_posix())
        reader.visit(ast.parse(path.read_text(encoding="utf-8"), filename=str(path)))
        found.extend(reader.found)
    return found
