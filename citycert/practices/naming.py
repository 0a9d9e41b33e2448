"""How the library's pages name a case's scheme and items, each framework read once per page."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.utils.translation import gettext as _

from citycert.frameworks.points import number
from citycert.frameworks.schema import Framework
from citycert.language import in_page_language
from citycert.library.store import UnknownFramework, find_version
from citycert.practices.models import Case, CaseItem


@dataclass(frozen=True)
class ShownItem:
    """An item a case evidenced, as a page names it."""

    item_id: str
    name: str
    reached: str  # "" when no source states it
    inferred: bool


class Schemes:
    """The stored frameworks the cases name, each read once per page."""

    def __init__(self) -> None:
        self.known: dict[str, Framework | None] = {}

    def get(self, framework_id: str) -> Framework | None:
        if framework_id not in self.known:
            try:
                self.known[framework_id] = find_version(framework_id).framework
            except UnknownFramework:
                self.known[framework_id] = None
        return self.known[framework_id]

    def name(self, framework_id: str) -> str:
        framework = self.get(framework_id)
        if framework is None:
            return framework_id
        name = framework.short_name or framework.name
        return in_page_language(name)

    def items(self, case: Case) -> list[ShownItem]:
        framework = self.get(case.framework_id)
        nodes = {node.id: node for node in framework.nodes} if framework is not None else {}
        shown = []
        for entry in case.items.all():
            node = nodes.get(entry.item_id)
            name = in_page_language(node.name) if node is not None else entry.item_id
            shown.append(ShownItem(entry.item_id, str(name), _reached(entry, node), entry.inferred))
        return shown


def reached_text(reached: Decimal | None, on_scale: bool) -> str:
    """What a case reached at an item as a reader reads it: "레벨 4" on a level scale, the value otherwise."""
    if reached is None:
        return ""
    value = number(reached)
    return _("level %(level)s") % {"level": value} if on_scale else str(value)


def _reached(entry: CaseItem, node: Any) -> str:
    return reached_text(entry.reached, node is not None and bool(node.scale))
