"""A set of answers scored item by item, with running sums per scope.

Each item's state (its points, level, whether it is reported) is kept beside the sums of its groups, so
changing one answer takes the old state out of the sums above the item and puts the new one in: the cost
is the depth of the item, not the size of the framework. The gap plan works on a copy of the sheet it is
given, so it never scores the same answers twice.

The sums are Decimals, added exactly: a sum changed item by item equals the same sum made from scratch.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal

from citycert.scoring.model import UNANSWERED, ZERO, Answer, ItemState, ScoringModel


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


class Sheet:
    """Every item's answer and state, and the sums they make per scope (None is the whole framework)."""

    __slots__ = ("answers", "given", "model", "states", "tallies", "touched")

    def __init__(
        self,
        model: ScoringModel,
        given: Mapping[str, Answer],
        answers: dict[str, Answer],
        states: dict[str, ItemState],
        tallies: dict[str | None, Tally],
    ) -> None:
        self.model = model
        self.given = given
        self.answers = answers
        self.states = states
        self.tallies = tallies
        # The items whose answers were set since the sheet was built or copied.
        self.touched: set[str] = set()

    @classmethod
    def build(cls, model: ScoringModel, given: Mapping[str, Answer]) -> Sheet:
        """Score every item once and roll the states up (each item to its group, then groups upwards)."""
        answers: dict[str, Answer] = {}
        states: dict[str, ItemState] = {}
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
        return cls(model, given, answers, states, tallies)

    def copy(self) -> Sheet:
        """A sheet that can be changed without changing this one (the given answers are shared)."""
        return Sheet(
            self.model,
            self.given,
            dict(self.answers),
            dict(self.states),
            {scope: sums.copy() for scope, sums in self.tallies.items()},
        )

    def __getitem__(self, item_id: str) -> Answer:
        return self.answers[item_id]

    def changed(self, item_id: str) -> bool:
        """Whether the item's answer differs from the one given when the sheet was built."""
        return self.answers[item_id] != self.given.get(item_id, UNANSWERED)

    def set(self, item_id: str, answer: Answer) -> None:
        """Change one item's answer: its old state leaves the sums above it, the new one enters them."""
        if self.answers[item_id] == answer:
            return
        model = self.model
        item = model.item_by_id[item_id]
        old, new = self.states[item_id], model.state(item, answer)
        self.answers[item_id] = answer
        self.states[item_id] = new
        self.touched.add(item_id)
        earned = new.earned - old.earned
        available = new.available - old.available
        answered = (new.status == "answered") - (old.status == "answered")
        reported = new.reported - old.reported
        level_sum = (new.level or 0) - (old.level or 0)
        level_count = (new.level is not None) - (old.level is not None)
        tallies = self.tallies
        for scope, multiplier in (*item.ancestors, (None, item.total_multiplier)):
            sums = tallies[scope]
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
