"""A set of answers scored item by item, with running sums per scope.

Each item's state (its points, level, whether it is reported) is kept beside the sums of its groups, so
changing one answer takes the old state out of the sums above the item and puts the new one in: the cost
is the depth of the item, not the size of the framework. The gap plan works on a copy of the sheet it is
given, so it never scores the same answers twice.

The sums are Decimals, added exactly: a sum changed item by item equals the same sum made from scratch.

Beside the sums the sheet keeps what a result reads of every item, so that a result after one change costs
the change and not another pass over the framework: each item's points, the items short of each floor
condition ("every item at level 3 or above"), and each group's NodeScore until a change below it.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING

from citycert.scoring.model import UNANSWERED, ZERO, Answer, Floor, ItemState, ScoringModel

if TYPE_CHECKING:
    from citycert.scoring.result import NodeScore


@dataclass
class Tally:
    """Running sums for one scope (a group, or the whole framework)."""

    points: Decimal = ZERO
    available: Decimal = ZERO
    level_sum: int = 0
    level_count: int = 0
    reported: int = 0
    answered: int = 0
    items: int = 0

    @property
    def ratio(self) -> Decimal:
        return self.points / self.available if self.available else ZERO

    @property
    def mean_level(self) -> Decimal | None:
        return Decimal(self.level_sum) / self.level_count if self.level_count else None

    def copy(self) -> Tally:
        return Tally(
            self.points,
            self.available,
            self.level_sum,
            self.level_count,
            self.reported,
            self.answered,
            self.items,
        )


def short_of(state: ItemState, minimum: int) -> bool:
    """Whether a levelled item's state falls short of a floor: not answered, or answered below it
    (an item marked not applicable is never short)."""
    return state.status != "not_applicable" and (state.level is None or state.level < minimum)


class Sheet:
    """Every item's answer and state, and the sums they make per scope (None is the whole framework)."""

    __slots__ = ("answers", "earned", "given", "model", "node_scores", "owned", "short", "states", "tallies", "touched")

    def __init__(
        self,
        model: ScoringModel,
        given: Mapping[str, Answer],
        answers: dict[str, Answer],
        states: dict[str, ItemState],
        tallies: dict[str | None, Tally],
        earned: dict[str, Decimal],
        short: dict[Floor, set[str]],
        node_scores: dict[str, NodeScore],
    ) -> None:
        self.model = model
        self.given = given
        self.answers = answers
        self.states = states
        self.tallies = tallies
        # Each item's points (unweighted), in the framework's order: a result's item_points is a copy.
        self.earned = earned
        # For each floor condition of the scheme, the ids of the items short of it.
        self.short = short
        # Each group's score as a result shows it, made when first asked for and dropped when a sum changes.
        self.node_scores = node_scores
        # The scopes whose Tally this sheet alone holds: a copy shares the others until it changes one
        # (copy on write), so copying a sheet for a gap plan does not copy every group's sums.
        self.owned: set[str | None] = set(tallies)
        # The items whose answers were set since the sheet was built or copied.
        self.touched: set[str] = set()

    @classmethod
    def build(cls, model: ScoringModel, given: Mapping[str, Answer]) -> Sheet:
        """Score every item once and roll the states up (each item to its group, then groups upwards)."""
        answers: dict[str, Answer] = {}
        states: dict[str, ItemState] = {}
        earned: dict[str, Decimal] = {}
        tallies: dict[str | None, Tally] = {None: Tally()}
        for group in model.groups:
            tallies[group.id] = Tally()
        state_of = model.state
        unanswered = UNANSWERED
        # Item by item within each run of items that share a group, the run's sums held in local names.
        for parent, run in model.runs:
            points, available, answered, reported, level_sum, level_count = ZERO, ZERO, 0, 0, 0, 0
            for item in run:
                item_id = item.id
                answer = given.get(item_id, unanswered)
                state = item.states.get(answer) or state_of(item, answer)
                answers[item_id] = answer
                states[item_id] = state
                earned[item_id] = state.earned
                points += state.weighted_earned
                available += state.weighted_available
                answered += state.answered
                reported += state.reports
                level_sum += state.level_or_zero
                level_count += state.levelled
            sums = tallies[parent]
            sums.points += points
            sums.available += available
            sums.items += len(run)
            sums.answered += answered
            sums.reported += reported
            sums.level_sum += level_sum
            sums.level_count += level_count
        for group in model.groups_bottom_up:
            inner, outer = tallies[group.id], tallies[group.parent]
            outer.points += inner.points * group.weight
            outer.available += inner.available * group.weight
            outer.items += inner.items
            outer.answered += inner.answered
            outer.reported += inner.reported
            outer.level_sum += inner.level_sum
            outer.level_count += inner.level_count
        # short_of written out: this runs over every levelled item of each floor.
        short = {
            floor: {
                item.id
                for item in model.floor_items[floor]
                for state in (states[item.id],)
                if state.status != "not_applicable" and (state.level is None or state.level < floor[1])
            }
            for floor in model.floor_items
        }
        return cls(model, given, answers, states, tallies, earned, short, {})

    def copy(self) -> Sheet:
        """A sheet that can be changed without changing this one (the given answers are shared)."""
        copied = Sheet(
            self.model,
            self.given,
            dict(self.answers),
            dict(self.states),
            dict(self.tallies),
            dict(self.earned),
            {floor: set(ids) for floor, ids in self.short.items()},
            dict(self.node_scores),
        )
        # Both now share every Tally: whichever changes one first makes its own copy of it.
        copied.owned.clear()
        self.owned.clear()
        return copied

    def __getitem__(self, item_id: str) -> Answer:
        return self.answers[item_id]

    def changed(self, item_id: str) -> bool:
        """Whether the item's answer differs from the one given when the sheet was built."""
        return self.answers[item_id] != self.given.get(item_id, UNANSWERED)

    def short_items(self, floor: Floor) -> list[str]:
        """The items short of a floor condition, in the framework's order."""
        return sorted(self.short[floor], key=self.model.order_of.__getitem__)

    def set(self, item_id: str, answer: Answer) -> None:
        """Change one item's answer: its old state leaves the sums above it, the new one enters them."""
        if self.answers[item_id] == answer:
            return
        model = self.model
        item = model.item_by_id[item_id]
        old, new = self.states[item_id], model.state(item, answer)
        self.answers[item_id] = answer
        self.states[item_id] = new
        self.earned[item_id] = new.earned
        self.touched.add(item_id)
        for floor in item.floors:
            if short_of(new, floor[1]):
                self.short[floor].add(item_id)
            else:
                self.short[floor].discard(item_id)
        earned = new.earned - old.earned
        available = new.available - old.available
        answered = (new.status == "answered") - (old.status == "answered")
        reported = new.reported - old.reported
        level_sum = (new.level or 0) - (old.level or 0)
        level_count = (new.level is not None) - (old.level is not None)
        tallies, owned, node_scores = self.tallies, self.owned, self.node_scores
        for scope, multiplier in item.path:
            sums = tallies[scope]
            if scope not in owned:
                sums = tallies[scope] = sums.copy()
                owned.add(scope)
            if scope is not None:
                node_scores.pop(scope, None)
            if earned:
                sums.points += earned * multiplier
            if available:
                sums.available += available * multiplier
            sums.answered += answered
            sums.reported += reported
            sums.level_sum += level_sum
            sums.level_count += level_count

    def update(self, answers: Mapping[str, Answer]) -> None:
        """Change several answers; an item not named keeps its answer."""
        for item_id, answer in answers.items():
            self.set(item_id, answer)
