"""Read YAML while remembering where each value stood, so errors can name FILE:LINE:COLUMN."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import yaml

Path = tuple[str | int, ...]


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong with an input file, at a place a person can go to."""

    file: str
    line: int
    column: int
    message: str

    def __str__(self) -> str:
        return f"{self.file}:{self.line}:{self.column}: {self.message}"


class InvalidFile(Exception):
    """Raised with every problem found in one or more files."""

    def __init__(self, problems: list[Problem]):
        self.problems = sorted(problems)
        super().__init__("\n".join(str(p) for p in self.problems))


@dataclass
class Located:
    """A parsed document and the position of every value and key in it (1-based)."""

    file: str
    data: Any
    value_at: dict[Path, tuple[int, int]] = field(default_factory=dict)
    key_at: dict[Path, tuple[int, int]] = field(default_factory=dict)

    def problem(self, path: Path, message: str, *, on_key: bool = False) -> Problem:
        """A problem placed at `path`, or at the nearest enclosing value that has a position."""
        table = self.key_at if on_key else self.value_at
        probe = path
        while probe not in table and probe not in self.value_at and probe:
            probe = probe[:-1]
        line, column = table.get(probe) or self.value_at.get(probe) or (1, 1)
        return Problem(self.file, line, column, message)


def parse(text: str, file: str) -> Located:
    """Parse one YAML document safely; raise InvalidFile on syntax errors and duplicate keys."""
    loader = yaml.SafeLoader(text)
    try:
        root = loader.get_single_node()
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line, column = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        raise InvalidFile([Problem(file, line, column, f"YAML syntax: {error.problem}")]) from None
    except yaml.YAMLError as error:
        raise InvalidFile([Problem(file, 1, 1, f"YAML: {error}")]) from None
    located = Located(file, None)
    problems: list[Problem] = []
    if root is not None:
        located.data = _build(loader, root, (), located, problems, depth=0)
    loader.dispose()
    if problems:
        raise InvalidFile(problems)
    return located


def _position(node: yaml.Node) -> tuple[int, int]:
    return node.start_mark.line + 1, node.start_mark.column + 1


def _build(
    loader: yaml.SafeLoader,
    node: yaml.Node,
    path: Path,
    located: Located,
    problems: list[Problem],
    depth: int,
) -> Any:
    located.value_at[path] = _position(node)
    if depth > 64:
        problems.append(Problem(located.file, *_position(node), "nested too deeply"))
        return None
    if isinstance(node, yaml.MappingNode):
        result: dict[Any, Any] = {}
        for key_node, value_node in node.value:
            if key_node.tag == "tag:yaml.org,2002:merge":
                problems.append(Problem(located.file, *_position(key_node), "merge keys (<<) are not supported"))
                continue
            key = loader.construct_object(key_node, deep=True)
            if not isinstance(key, str | int):
                problems.append(Problem(located.file, *_position(key_node), "a key must be text or a number"))
                continue
            if key in result:
                problems.append(Problem(located.file, *_position(key_node), f"duplicate key {key!r}"))
                continue
            located.key_at[(*path, key)] = _position(key_node)
            result[key] = _build(loader, value_node, (*path, key), located, problems, depth + 1)
        return result
    if isinstance(node, yaml.SequenceNode):
        return [
            _build(loader, child, (*path, index), located, problems, depth + 1)
            for index, child in enumerate(node.value)
        ]
    return loader.construct_object(node, deep=True)
