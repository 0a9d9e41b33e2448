"""The gap plan: a smallest set of item changes that lifts a result to pass, or to a target grade.

Every requirement of the target is reduced to one of two shapes:
- a floor on each item of a scope (every item at level 3 or above): the items below it must move;
- a sum over a scope that must reach a threshold (points, share of the maximum, mean level, reported
  count): the items that gain most are raised first, which needs the fewest changes, and then each
  change is trimmed to the least step that still covers the shortfall.
The plan is applied and scored again; the engine never returns a plan it has not seen reach the target.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from decimal import Decimal

from citycert.frameworks.points import Value
from citycert.frameworks.schema import Classification, Condition, Framework
from citycert.scoring.engine import at_least, check_condition, classify, tally
from citycert.scoring.model import UNANSWERED, ZERO, Answer, Item, ItemState, ScoringModel, compile_framework
from citycert.scoring.result import BandValue, Bilingual, Gap, Result

Contribution = Callable[[Item, ItemState], Decimal]
MAX_ROUNDS = 4


@dataclass(frozen=True)
class Target:
    """What the plan must reach: the pass conditions, a band of the classification, or both."""

    require_pass: bool
    band: BandValue | None = None

    def describe(self, framework: Framework) -> dict[str, object]:
        data: dict[str, object] = {"certified": self.require_pass}
        classification = framework.rules.classification
        if self.band is not None and classification is not None:
            data[classification.kind] = self.band
        return data


def plan(
    framework: Framework, answers: Mapping[str, Answer], target: Target, scored: Result | None = None
) -> tuple[list[Gap], bool]:
    """The changes that reach `target`, and whether they do (False when the target is out of reach).

    `scored` is the result of these answers when the caller has it, which saves scoring them again.
    """
    model = compile_framework(framework)
    working = Draft(answers, model)
    reached = _reached(model, working, target, scored)
    for _ in range(MAX_ROUNDS):
        if reached:
            break
        if target.require_pass and framework.rules.pass_ is not None:
            _satisfy(framework.rules.pass_, model, working)
        if target.band is not None:
            _satisfy_band(model, working, target.band)
        reached = _reached(model, working, target)
    gaps = [
        Gap(
            item=item.id,
            name=Bilingual(item.node.name.ko, item.node.name.en),
            before=answers.get(item.id, UNANSWERED).value,
            after=working[item.id].value,  # type: ignore[arg-type]
            action=_action(answers.get(item.id, UNANSWERED), working[item.id]),
        )
        for item in model.items
        if working[item.id] != answers.get(item.id, UNANSWERED)
    ]
    return gaps, reached


class Draft(dict[str, Answer]):
    """The answers as the plan changes them, remembering the answers the city gave."""

    def __init__(self, given: Mapping[str, Answer], model: ScoringModel | None = None):
        super().__init__({item.id: given.get(item.id, UNANSWERED) for item in model.items} if model else given)
        self.given = given

    def changed(self, item_id: str) -> bool:
        return self[item_id] != self.given.get(item_id, UNANSWERED)

    def copy(self) -> Draft:
        duplicate = Draft(dict(self))
        duplicate.given = self.given
        return duplicate


def _action(before: Answer, after: Answer) -> str:
    if not before.given:
        return "report"
    if before.value == after.value:
        return "verify"
    return "raise"


def _reached(model: ScoringModel, working: Mapping[str, Answer], target: Target, scored: Result | None = None) -> bool:
    if scored is not None:
        certified, band = scored.certified, scored.classification
    else:
        certified, band = outcome(model, working)
    if target.require_pass and certified is False:
        return False
    classification = model.framework.rules.classification
    if target.band is not None and classification is not None:
        return at_least(classification, band, target.band)
    return True


def _met(condition: Condition, model: ScoringModel, working: Mapping[str, Answer]) -> bool:
    states = {item.id: model.state(item, working[item.id]) for item in model.items}
    tallies = tally(model, states)
    classification = model.framework.rules.classification
    band = classify(classification, tallies[None]) if classification is not None else None
    return check_condition(condition, model, states, tallies, band, [])


def outcome(model: ScoringModel, working: Mapping[str, Answer]) -> tuple[bool | None, BandValue | None]:
    """Pass or fail and the band, without the rest of a Result."""
    states = {item.id: model.state(item, working[item.id]) for item in model.items}
    tallies = tally(model, states)
    classification = model.framework.rules.classification
    band = classify(classification, tallies[None]) if classification is not None else None
    rule = model.framework.rules.pass_
    certified = check_condition(rule, model, states, tallies, band, []) if rule is not None else None
    return certified, band


def _satisfy(condition: Condition, model: ScoringModel, working: Draft) -> bool:
    """Change `working` so that `condition` holds; False when it cannot."""
    if condition.all is not None:
        # Floors first: the items they force up also count towards any sum that follows.
        ordered = sorted(condition.all, key=lambda child: child.every_item is None)
        # Every child is worked on, even after one proves out of reach, so the plan covers them all.
        return all([_satisfy(child, model, working) for child in ordered])  # noqa: C419
    if condition.any is not None:
        if _met(condition, model, working):
            return True
        best: tuple[bool, int, Draft] | None = None
        for child in condition.any:
            trial = working.copy()
            ok = _satisfy(child, model, trial)
            changes = sum(1 for key in trial if trial[key] != working[key])
            if best is None or (ok, -changes) > (best[0], -best[1]):
                best = (ok, changes, trial)
        assert best is not None
        working.update(best[2])
        return best[0]
    if condition.every_item is not None:
        test = condition.every_item
        for item in model.items_under[test.node]:
            answer = working[item.id]
            if not item.levelled or answer.not_applicable:
                continue
            if answer.value is None or int(answer.value) < test.min_level:
                working[item.id] = Answer(test.min_level)
        return True
    if condition.total is not None:
        scope, total = condition.total.node, condition.total
        if total.min_points is not None:
            return _cover(model, working, scope, _points_in(scope), total.min_points)
        ratio = total.min_ratio
        assert ratio is not None
        return _cover(model, working, scope, _points_over_share(scope, ratio), ZERO)
    if condition.reported is not None:
        return _cover(model, working, condition.reported.node, _reported, Decimal(condition.reported.min_count))
    assert condition.classification is not None
    return _satisfy_band(model, working, condition.classification.at_least)


def _satisfy_band(model: ScoringModel, working: Draft, wanted: BandValue) -> bool:
    classification = model.framework.rules.classification
    assert classification is not None
    contribution, threshold = _band_requirement(classification, wanted)
    return _cover(model, working, None, contribution, threshold)


def _band_requirement(classification: Classification, wanted: BandValue) -> tuple[Contribution, Decimal]:
    """A band reached is a sum over the whole framework reaching a threshold."""
    if classification.bands is not None:
        floor = next(band.min for band in classification.bands if band.id == wanted)
    else:
        # Rounded mean levels: the least mean that rounds to the wanted level.
        wanted_level = Decimal(int(wanted))
        offsets = {"floor": Decimal(0), "half_up": Decimal("0.5"), "ceil": Decimal(1)}
        floor = wanted_level - offsets[classification.rounding or "floor"]
        if classification.rounding == "ceil":
            # Above (not at) the level below; whole levels make "above" mean at least one more in the sum.
            return _levels_over(floor), Decimal(1)
    if classification.basis == "ratio":
        return _points_over_share(None, floor), ZERO
    if classification.basis == "points":
        return _points_in(None), floor
    if classification.basis == "mean_level":
        return _levels_over(floor), ZERO
    return _reported, floor


def _points_in(scope: str | None) -> Contribution:
    return lambda item, state: state.earned * item.multiplier_to(scope)


def _points_over_share(scope: str | None, share: Decimal) -> Contribution:
    # points >= share x available  <=>  sum over items of (earned - share x available) >= 0
    return lambda item, state: (state.earned - share * state.available) * item.multiplier_to(scope)


def _levels_over(mean: Decimal) -> Contribution:
    # mean level >= m  <=>  sum over answered levelled items of (level - m) >= 0
    return lambda item, state: Decimal(state.level) - mean if state.level is not None else ZERO


def _reported(item: Item, state: ItemState) -> Decimal:
    return Decimal(1) if state.reported else ZERO


def _cover(
    model: ScoringModel,
    working: Draft,
    scope: str | None,
    contribution: Contribution,
    threshold: Decimal,
) -> bool:
    """Raise the fewest items of `scope` so that their contributions sum to `threshold` or more.

    Items the plan already changes cost no further change, so they are raised first.
    """
    items = model.items_under[scope]
    current = {item.id: contribution(item, model.state(item, working[item.id])) for item in items}
    shortfall = threshold - sum(current.values(), ZERO)
    if shortfall <= 0:
        return True
    options: list[tuple[bool, Decimal, int, Item]] = []
    for item in items:
        answer = working[item.id]
        if answer.not_applicable or not item.values:
            continue
        # Gains never fall as values rise, so the best value tells whether an item can help at all.
        best = _best_candidate(item, answer)
        if best is None:
            continue
        gain = contribution(item, model.state(item, best)) - current[item.id]
        if gain > 0:
            options.append((not working.changed(item.id), gain, item.order, item))
    options.sort(key=lambda option: (option[0], -option[1], option[2]))
    chosen: list[tuple[bool, Decimal, int, Item]] = []
    gained = ZERO
    for option in options:
        chosen.append(option)
        gained += option[1]
        if gained >= shortfall:
            break
    remaining = shortfall
    for position, (_, best_gain, _, item) in enumerate(chosen):
        still_to_come = sum((option[1] for option in chosen[position + 1 :]), ZERO)
        need = remaining - still_to_come
        for candidate in _candidates(item, working[item.id]):
            gain = contribution(item, model.state(item, candidate)) - current[item.id]
            if gain > 0 and (gain >= need or gain == best_gain):
                working[item.id] = candidate
                remaining -= gain
                break
    return gained >= shortfall


def _best_candidate(item: Item, answer: Answer) -> Answer | None:
    """The answer with the most points for an item, if it is better than the current one."""
    best = item.values[-1]
    if answer.given:
        assert answer.value is not None
        if not _better(item, best, answer.value):
            return Answer(answer.value, verified=True) if answer.verified is False else None
    return Answer(best)


def _candidates(item: Item, answer: Answer) -> list[Answer]:
    """Answers better than the current one, from least to most points."""
    values = item.values
    if answer.given:
        assert answer.value is not None
        current = answer.value
        values = [value for value in values if _better(item, value, current)]
        if answer.verified is False:
            return [Answer(answer.value, verified=True), *[Answer(value) for value in values]]
    return [Answer(value) for value in values]


def _better(item: Item, value: Value, current: Value) -> bool:
    if item.node.type == "quantitative" and item.node.direction == "lower_is_better":
        return value < current
    return value > current


def with_plan(result: Result, framework: Framework, answers: Mapping[str, Answer], target: Target) -> Result:
    """Attach the plan for `target` to a result (nothing to add when the target is already met)."""
    result.target = target.describe(framework)
    result.gaps, result.target_reachable = plan(framework, answers, target, scored=result)
    return result
