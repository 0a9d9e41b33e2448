"""Every place in citycert's source that decides something on a person's role, read from the source itself
(Python's ast, and the template tags), so that the gate (test_permission_decisions_live_in_one_module) can hold
them to citycert/permissions.py.

In Python, a role check is: a comparison or membership test (`==`, `!=`, `in`, `is`) with a role on either side
(a `Role.…` member, a role's value such as "city_officer", a `.role` attribute, a name `role`, `role_of(…)`), a
`match` on one, a query filtering on a role (`role=`, `profile__role__in=` and the like, also as a `**{…}` key),
any call of `role_of` or reading of a `.role` attribute (the role read outside the module is a decision taken
outside it), any `Role.…` member named at all, and Django's own flags and permissions (`is_superuser`,
`is_staff`, `has_perm`, `has_perms`). A membership's kind counts as a role: a comparison with a kind's value
("officer", "advisor", …) or a `MembershipKind.…` member, any such member named, a query on a membership's kind
(`memberships__kind=` whatever its value, `kind=` with a kind's value).

In templates, a role check is a tag (`{% … %}`) naming `role`, `get_role_display`, `is_superuser`, `is_staff` or
`perms`, or an `{% if %}`/`{% elif %}` comparing with a role's value: the page is given a named predicate's answer
instead. Text in quotes (`{% translate "your role" %}`) and HTML's own `role="alert"` are not checks.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

ROLE_VALUES = frozenset({"city_officer", "assessor", "certifier", "administrator"})
ROLE_MEMBERS = frozenset({"CITY_OFFICER", "ASSESSOR", "CERTIFIER", "ADMINISTRATOR"})
# The kinds of membership (accounts.MembershipKind), which decide as roles do.
KIND_VALUES = frozenset({"officer", "advisor", "assessor", "certifier", "administrator"})
KIND_MEMBERS = frozenset({"OFFICER", "ADVISOR", "ASSESSOR", "CERTIFIER", "ADMINISTRATOR"})
ROLE_CLASSES = {"Role": ROLE_MEMBERS, "MembershipKind": KIND_MEMBERS}
# A query keyword (or a `**{…}` key) naming the role field, through any relation: role, profile__role__in, …
ROLE_LOOKUP = re.compile(r"(^|__)role(__|$)")
# A query keyword through a membership to its kind (memberships__kind, memberships__kind__in…), and a kind field.
MEMBERSHIP_KIND_LOOKUP = re.compile(r"(^|__)memberships?__kind(__|$)")
KIND_LOOKUP = re.compile(r"(^|__)kind(__|$)")
DJANGO_FLAGS = frozenset({"is_superuser", "is_staff"})
DJANGO_PERMISSION_CALLS = frozenset({"has_perm", "has_perms", "has_module_perms"})

TEMPLATE_TAG = re.compile(r"{%(.*?)%}", re.DOTALL)
QUOTED = re.compile(r"\"[^\"]*\"|'[^']*'")
TEMPLATE_WORDS = re.compile(r"(?<![\w])(role|get_role_display|is_superuser|is_staff|perms)(?![\w])")


@dataclass(frozen=True)
class Check:
    """One role check: the file (relative to the root given), the line, the function it is in (dotted, "" at
    module level; "" in a template) and what the check is."""

    path: str
    line: int
    function: str
    what: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line} in {self.function or '<module>'}: {self.what}"


def _called(node: ast.Call) -> str:
    func = node.func
    return func.attr if isinstance(func, ast.Attribute) else func.id if isinstance(func, ast.Name) else ""


def _role_like(node: ast.AST) -> bool:
    """An expression that is a role, or a collection of roles."""
    if isinstance(node, ast.Tuple | ast.List | ast.Set):
        return any(_role_like(element) for element in node.elts)
    if isinstance(node, ast.Constant):
        return isinstance(node.value, str) and node.value in ROLE_VALUES | KIND_VALUES
    if isinstance(node, ast.Attribute):
        return node.attr == "role" or (isinstance(node.value, ast.Name) and node.value.id in ROLE_CLASSES)
    if isinstance(node, ast.Name):
        return node.id in ("role", "roles")
    if isinstance(node, ast.Call):
        return _called(node) in ("role_of", "get_role_display")
    return False


def _role_lookup(lookup: str, value: ast.AST) -> bool:
    """A query keyword deciding on a role: the role field, a membership's kind, or a kind field given a kind."""
    if ROLE_LOOKUP.search(lookup) or MEMBERSHIP_KIND_LOOKUP.search(lookup):
        return True
    return bool(KIND_LOOKUP.search(lookup)) and _role_like(value)


def _patterns(pattern: ast.pattern) -> Iterator[ast.pattern]:
    yield pattern
    for child in ast.iter_child_nodes(pattern):
        if isinstance(child, ast.pattern):
            yield from _patterns(child)


class _Reader(ast.NodeVisitor):
    def __init__(self, path: str) -> None:
        self.path = path
        self.scope: list[str] = []
        self.found: list[Check] = []

    def _add(self, node: ast.AST, what: str) -> None:
        self.found.append(Check(self.path, getattr(node, "lineno", 0), ".".join(self.scope), what))

    def _scoped(self, node: ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef) -> None:
        self.scope.append(node.name)
        self.generic_visit(node)
        self.scope.pop()

    visit_FunctionDef = visit_AsyncFunctionDef = visit_ClassDef = _scoped

    def visit_Compare(self, node: ast.Compare) -> None:
        if any(_role_like(operand) for operand in [node.left, *node.comparators]):
            self._add(node, "compares a role")
        self.generic_visit(node)

    def visit_Match(self, node: ast.Match) -> None:
        values = [
            one.value for case in node.cases for one in _patterns(case.pattern) if isinstance(one, ast.MatchValue)
        ]
        if _role_like(node.subject) or any(_role_like(value) for value in values):
            self._add(node, "matches on a role")
        self.generic_visit(node)

    def visit_Attribute(self, node: ast.Attribute) -> None:
        if isinstance(node.ctx, ast.Load):
            if node.attr == "role":
                self._add(node, "reads .role")
            elif (
                isinstance(node.value, ast.Name)
                and node.value.id in ROLE_CLASSES
                and node.attr in ROLE_CLASSES[node.value.id]
            ):
                self._add(node, f"names {node.value.id}.{node.attr}")
            elif node.attr in DJANGO_FLAGS:
                self._add(node, f"reads .{node.attr}")
        self.generic_visit(node)

    def visit_Call(self, node: ast.Call) -> None:
        name = _called(node)
        if name == "role_of":
            self._add(node, "calls role_of")
        if name in DJANGO_PERMISSION_CALLS:
            self._add(node, f"calls {name}")
        for keyword in node.keywords:
            if keyword.arg is not None and _role_lookup(keyword.arg, keyword.value):
                self._add(node, f"filters on {keyword.arg}=")
            if keyword.arg is None and isinstance(keyword.value, ast.Dict):
                for key, value in zip(keyword.value.keys, keyword.value.values, strict=True):
                    if isinstance(key, ast.Constant) and isinstance(key.value, str) and _role_lookup(key.value, value):
                        self._add(node, f"filters on {key.value}=")
        self.generic_visit(node)


def python_checks(root: Path, skip: frozenset[str] = frozenset({"migrations"})) -> list[Check]:
    """Every role check in the .py files under `root`, outside folders named in `skip`."""
    found: list[Check] = []
    for path in sorted(root.rglob("*.py")):
        relative = path.relative_to(root)
        if skip & set(relative.parts[:-1]):
            continue
        reader = _Reader(relative.as_posix())
        reader.visit(ast.parse(path.read_text(encoding="utf-8"), filename=str(path)))
        found.extend(reader.found)
    return found


def template_checks(root: Path) -> list[Check]:
    """Every role check in the templates (.html, .txt) of any `templates` folder under `root`."""
    found: list[Check] = []
    for path in sorted(root.rglob("*")):
        relative = path.relative_to(root)
        if "templates" not in relative.parts[:-1] or path.suffix not in (".html", ".txt") or not path.is_file():
            continue
        text = path.read_text(encoding="utf-8")
        for tag in TEMPLATE_TAG.finditer(text):
            line = text.count("\n", 0, tag.start()) + 1
            inside = tag.group(1).strip()
            bare = QUOTED.sub('""', inside)
            for word in TEMPLATE_WORDS.findall(bare):
                found.append(Check(relative.as_posix(), line, "", f"names {word} in {{% {inside} %}}"))
            if inside.split()[:1] in (["if"], ["elif"]):
                for quoted in QUOTED.findall(inside):
                    if quoted[1:-1] in ROLE_VALUES | KIND_VALUES:
                        found.append(
                            Check(relative.as_posix(), line, "", f"compares with {quoted} in {{% {inside} %}}")
                        )
    return found


def role_checks(root: Path) -> list[Check]:
    return python_checks(root) + template_checks(root)
