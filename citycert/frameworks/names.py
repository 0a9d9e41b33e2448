"""Finding a framework's items and areas by the names people and the press give them.

A sheet made outside citycert names an item by its Korean or English name, and its area by whatever the
outlet called it (Sejong's releases say 전략관리, Hanam's 사업관리, for the same business management area).
Names compare without spaces, case or the punctuation outlets vary in (·, /, parentheses), so that
"시민중심 서비스 관리" and "시민 중심 서비스 관리" are the same name.
"""

from __future__ import annotations

import unicodedata
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from citycert.frameworks.schema import Alias, Framework, Node

# Characters outlets add or drop in the same name; removing them before comparing makes the forms equal.
_IGNORED = set(" \t\n·ㆍ・•,./()[]-_'\"")


def normalised(text: str) -> str:
    """The comparable form of a name: NFKC, case-folded, without spaces and separator punctuation."""
    folded = unicodedata.normalize("NFKC", text).casefold()
    return "".join(char for char in folded if char not in _IGNORED)


def names_of(node: Node) -> set[str]:
    """Every comparable name of a node: its Korean and English names and its aliases."""
    return {normalised(text) for text in (node.name.ko, node.name.en, *(alias.text for alias in node.aliases))}


def _index(nodes: Iterable[Node]) -> dict[str, list[str]]:
    found: dict[str, list[str]] = defaultdict(list)
    for node in nodes:
        for name in names_of(node):
            found[name].append(node.id)
    return found


def items_named(framework: Framework, name: str) -> list[str]:
    """The ids of the assessable items a name (or alias) denotes; more than one means the name is ambiguous."""
    return _index(node for node in framework.nodes if node.assessable).get(normalised(name), [])


def groups_named(framework: Framework, name: str) -> list[str]:
    """The ids of the groups (areas) a name (or alias) denotes."""
    return _index(node for node in framework.nodes if not node.assessable).get(normalised(name), [])


def ancestors(framework: Framework, node_id: str) -> list[str]:
    """The groups above a node, nearest first."""
    parents = {node.id: node.parent for node in framework.nodes}
    found: list[str] = []
    parent = parents.get(node_id)
    while parent is not None and parent not in found:
        found.append(parent)
        parent = parents.get(parent)
    return found


def alias_denotes(alias: Alias, node: Node) -> bool:
    """Whether an alias reads as one of the node's names or aliases."""
    return normalised(alias.text) in names_of(node)


@dataclass(frozen=True)
class Lookup:
    """What a row's item cell (and area cell) denote: the item's id, or why none is chosen. `refusal` is
    `no_such_area`, `not_in_area` (the candidates' areas are in `parents`) or `ambiguous`; both None means the
    text is neither an id nor a name, for the caller to refuse as an unknown id."""

    item: str | None
    refusal: str | None = None
    candidates: tuple[str, ...] = ()
    parents: tuple[str, ...] = ()


def find_item(framework: Framework, given: str, area: str = "") -> Lookup:
    """The item a sheet means by `given`: its id as it is, else its name or alias, narrowed by `area` (a name or
    alias of a group above it) when given. A sheet carrying ids is not checked against its area cells."""
    if given in {node.id for node in framework.nodes if node.assessable}:
        return Lookup(given)
    candidates = items_named(framework, given)
    if not candidates:
        return Lookup(None)
    if area:
        areas = groups_named(framework, area)
        if not areas:
            return Lookup(None, "no_such_area", tuple(candidates))
        inside = [item for item in candidates if set(ancestors(framework, item)) & set(areas)]
        if not inside:
            parents = {node.id: node.parent for node in framework.nodes}
            found = tuple(parent for item in candidates if (parent := parents.get(item)) is not None)
            return Lookup(None, "not_in_area", tuple(candidates), found)
        candidates = inside
    if len(candidates) > 1:
        return Lookup(None, "ambiguous", tuple(candidates))
    return Lookup(candidates[0])
