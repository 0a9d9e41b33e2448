"""A framework prepared for scoring: items in order, their scopes and weight multipliers.

Built once per framework version and reused, since a framework version never changes.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import NamedTuple

from citycert.frameworks.points import Value, better_values, item_max_points, item_points
from citycert.frameworks.schema import Condition, Framework, Node, Scale
from citycert.scoring.result import ShortItem

ONE = Decimal(1)
ZERO = Decimal(0)

# A floor condition ("every item of a scope at level N or above"): its scope (None: the whole framework)
# and its level.
Floor = tuple[str | None, int]


class Answer(NamedTuple):
    """A response to one item: a value, not applicable, or nothing yet; and whether it was verified.

    A named tuple rather than a dataclass: answers are hashed thousands of times in a gap plan.
    """

    value: Value | None = None
    not_applicable: bool = False
    verified: bool | None = None

    @property
    def given(self) -> bool:
        return self.value is not None and not self.not_applicable


UNANSWERED = Answer()


class ItemState:
    """What one answer contributes: points earned and available, level, whether it counts as reported.

    A plain class with slots rather than a frozen dataclass: a state is made for every answer not scored
    before, and a frozen dataclass's constructor (one object.__setattr__ a field) cost more than the scoring.
    States are never changed after they are made.
    """

    __slots__ = (
        "answered",
        "available",
        "earned",
        "level",
        "level_or_zero",
        "levelled",
        "reported",
        "reports",
        "status",
        "weighted_available",
        "weighted_earned",
    )

    def __init__(
        self, earned: Decimal, available: Decimal, level: int | None, reported: bool, status: str, weight: Decimal
    ) -> None:
        self.earned = earned
        self.available = available
        self.level = level
        self.reported = reported
        self.status = status  # answered | not_applicable | unanswered
        # The same, ready to be added to the item's group: points and maximum with the item's weight,
        # flags as 0 or 1.
        self.weighted_earned = earned * weight
        self.weighted_available = available * weight
        self.answered = int(status == "answered")
        self.reports = int(reported)
        self.level_or_zero = level or 0
        self.levelled = int(level is not None)

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, ItemState):
            return NotImplemented
        return all(getattr(self, name) == getattr(other, name) for name in self.__slots__)

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        return (
            f"ItemState(earned={self.earned!r}, available={self.available!r}, level={self.level!r}, "
            f"reported={self.reported!r}, status={self.status!r})"
        )


@dataclass(slots=True)
class Item:
    """An assessable node with what the engine needs to score it quickly."""

    node: Node
    scale: Scale | None
    order: int
    max_points: Decimal
    not_applicable: str
    id: str = ""
    parent: str | None = None
    weight: Decimal = ONE
    levelled: bool = False
    # (group id, product of weights from this item up to but not including that group)
    ancestors: list[tuple[str, Decimal]] = field(default_factory=list)
    total_multiplier: Decimal = ONE
    # Values worth naming in a gap plan, least points first (see better_values).
    values: list[Value] = field(default_factory=list)
    # A quantitative item scored lower is better (a smaller value is the better answer).
    lower_is_better: bool = False
    # Scored answers, remembered: a gap plan scores the same answers many times over.
    states: dict[Answer, ItemState] = field(default_factory=dict)
    # The ancestors and then the whole framework (None) with their multipliers: where a change is added.
    path: list[tuple[str | None, Decimal]] = field(default_factory=list)
    # Items of one kind score alike and take the same steps in a gap plan (see _scores_alike).
    kind: int = 0
    # The floor conditions of the scheme that test this item (see ScoringModel.floor_items).
    floors: list[Floor] = field(default_factory=list)

    def multiplier_to(self, scope: str | None) -> Decimal:
        if scope is None:
            return self.total_multiplier
        for group, multiplier in self.ancestors:
            if group == scope:
                return multiplier
        return ZERO


@dataclass
class ScoringModel:
    """A framework compiled for scoring."""

    framework: Framework
    items: list[Item]
    item_by_id: dict[str, Item]
    groups: list[Node]
    # Groups with every group below them listed first, so sums can be carried up in one pass.
    groups_bottom_up: list[Node]
    items_under: dict[str | None, list[Item]]
    decimals: int
    unanswered: str
    # The items in order, cut into runs of items that share a parent group (most groups' items are one run).
    runs: list[tuple[str | None, list[Item]]] = field(default_factory=list)
    # Each scope's items' weight multipliers there, in the order of items_under; made when first asked for.
    _multipliers: dict[str | None, list[Decimal]] = field(default_factory=dict)
    _ladders: list[list[tuple[Answer, ItemState]]] | None = None
    _ids_under: dict[str | None, tuple[list[str], list[int]]] = field(default_factory=dict)
    # Each floor condition of the pass rule, with the levelled items it tests (a sheet keeps which are short).
    floor_items: dict[Floor, list[Item]] = field(default_factory=dict)
    # Each item's place in the framework's order, by id.
    order_of: dict[str, int] = field(default_factory=dict)
    # Memos of the gap plan (see gaps.py), per requirement: made as plans ask, dropped when too large.
    plan_memos: dict[object, dict[object, object]] = field(default_factory=dict)
    # The items short of a floor as results list them, by (item id, level, floor's level).
    short_items: dict[tuple[str, int | None, int], ShortItem] = field(default_factory=dict)

    def multipliers(self, scope: str | None) -> list[Decimal]:
        """The weight multiplier of each item of `scope` (as listed in items_under) within that scope."""
        made = self._multipliers.get(scope)
        if made is None:
            made = [item.multiplier_to(scope) for item in self.items_under[scope]]
            self._multipliers[scope] = made
        return made

    def ids_under(self, scope: str | None) -> tuple[list[str], list[int]]:
        """The ids and orders of the items of `scope`, as listed in items_under; made when first asked for."""
        made = self._ids_under.get(scope)
        if made is None:
            items = self.items_under[scope]
            made = self._ids_under[scope] = ([item.id for item in items], [item.order for item in items])
        return made

    def ladders(self) -> list[list[tuple[Answer, ItemState]]]:
        """Each item's values worth naming in a gap plan as answers with their states, least points first, by
        item order; made once, so that a plan steps up an item without scoring the same answers again."""
        if self._ladders is None:
            self._ladders = [
                [(answer, self.state(item, answer)) for answer in (Answer(value) for value in item.values)]
                for item in self.items
            ]
        return self._ladders

    def state(self, item: Item, answer: Answer) -> ItemState:
        """Score one answer under the scheme's rules for missing and not-applicable answers."""
        known = item.states.get(answer)
        if known is not None:
            return known
        state = self._state(item, answer)
        if len(item.states) < STATES_KEPT:
            item.states[answer] = state
        return state

    def _state(self, item: Item, answer: Answer) -> ItemState:
        weight = item.weight
        if answer.not_applicable:
            if item.not_applicable == "exclude":
                return ItemState(ZERO, ZERO, None, False, "not_applicable", weight)
            return ItemState(ZERO, item.max_points, None, False, "not_applicable", weight)
        if answer.value is None:
            available = ZERO if self.unanswered == "exclude" else item.max_points
            return ItemState(ZERO, available, None, False, "unanswered", weight)
        earned = item_points(item.node, item.scale, answer.value, self.decimals)
        level = int(answer.value) if item.levelled else None
        return ItemState(earned, item.max_points, level, answer.verified is not False, "answered", weight)


# Scored answers kept for each set of items that score alike (a bound: values typed in can be anything).
STATES_KEPT = 4096

_compiled: dict[int, tuple[Framework, ScoringModel]] = {}


def compile_framework(framework: Framework) -> ScoringModel:
    """Prepare a framework for scoring, once per framework object (frameworks are immutable)."""
    cached = _compiled.get(id(framework))
    if cached is not None and cached[0] is framework:
        return cached[1]
    model = _compile(framework)
    if len(_compiled) >= 64:
        _compiled.pop(next(iter(_compiled)))
    # Keeping the framework alive beside its model means its id cannot be reused by another object.
    _compiled[id(framework)] = (framework, model)
    return model


def _compile(framework: Framework) -> ScoringModel:
    scales = {scale.id: scale for scale in framework.scales}
    by_id = {node.id: node for node in framework.nodes}
    items: list[Item] = []
    items_under: dict[str | None, list[Item]] = {None: []}
    default_na = framework.rules.not_applicable
    # Items that score every answer alike (same type, scale, points, scoring, weight and not-applicable rule)
    # share one memo of scored answers: a framework repeats a few kinds of items many times, so an answer
    # scored for one item is not scored again for the next item of its kind.
    memos: dict[tuple[object, ...], dict[Answer, ItemState]] = {}
    kinds: dict[tuple[object, ...], int] = {}
    for node in framework.nodes:
        if not node.assessable:
            items_under.setdefault(node.id, [])
            continue
        scale = scales.get(node.scale or "")
        item = Item(
            node=node,
            scale=scale,
            order=len(items),
            max_points=item_max_points(node, scale),
            not_applicable=node.not_applicable or default_na,
            values=better_values(node, scale),
            id=node.id,
            parent=node.parent,
            weight=node.weight,
            levelled=node.type in ("maturity", "qualitative"),
            lower_is_better=node.type == "quantitative" and node.direction == "lower_is_better",
        )
        alike = _scores_alike(item)
        item.states = memos.setdefault(alike, {})
        # The values a plan names also depend on the least and most an item takes.
        item.kind = kinds.setdefault((*alike, repr(node.min), repr(node.max)), len(kinds))
        multiplier = node.weight
        parent = node.parent
        while parent is not None:
            item.ancestors.append((parent, multiplier))
            items_under.setdefault(parent, []).append(item)
            multiplier *= by_id[parent].weight
            parent = by_id[parent].parent
        item.total_multiplier = multiplier
        item.path = [*item.ancestors, (None, multiplier)]
        items_under[None].append(item)
        items.append(item)
    floor_items: dict[Floor, list[Item]] = {}
    for floor in _floors(framework.rules.pass_):
        floor_items[floor] = [item for item in items_under[floor[0]] if item.levelled]
        for item in floor_items[floor]:
            item.floors.append(floor)
    return ScoringModel(
        floor_items=floor_items,
        order_of={item.id: item.order for item in items},
        framework=framework,
        items=items,
        item_by_id={item.id: item for item in items},
        groups=[node for node in framework.nodes if not node.assessable],
        groups_bottom_up=_bottom_up([node for node in framework.nodes if not node.assessable], by_id),
        items_under=items_under,
        decimals=framework.rules.point_decimals,
        unanswered=framework.rules.unanswered,
        runs=_runs(items),
    )


def _scores_alike(item: Item) -> tuple[object, ...]:
    """What ScoringModel.state reads of an item (besides the answer): items with equal keys score alike.
    Decimals by repr, so that 10 and 10.0 (which would print differently) are kept apart."""
    node = item.node
    return (
        node.type,
        node.scale,
        repr(node.points),
        repr(node.level_points),
        node.direction,
        repr(node.scoring),
        repr(item.weight),
        repr(item.max_points),
        item.not_applicable,
        item.levelled,
    )


def _floors(condition: Condition | None) -> list[Floor]:
    """Every floor condition of a pass rule, each once."""
    if condition is None:
        return []
    if condition.every_item is not None:
        return [(condition.every_item.node, condition.every_item.min_level)]
    found: list[Floor] = []
    for child in condition.all or condition.any or []:
        found.extend(floor for floor in _floors(child) if floor not in found)
    return found


def _runs(items: list[Item]) -> list[tuple[str | None, list[Item]]]:
    runs: list[tuple[str | None, list[Item]]] = []
    for item in items:
        if runs and runs[-1][0] == item.parent:
            runs[-1][1].append(item)
        else:
            runs.append((item.parent, [item]))
    return runs


def _bottom_up(groups: list[Node], by_id: dict[str, Node]) -> list[Node]:
    def depth(node: Node) -> int:
        levels = 0
        while node.parent is not None:
            node, levels = by_id[node.parent], levels + 1
        return levels

    return sorted(groups, key=depth, reverse=True)
