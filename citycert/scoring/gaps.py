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
from citycert.scoring.engine import at_least, check_condition, classify
from citycert.scoring.model import UNANSWERED, ZERO, Answer, Item, ItemState, ScoringModel, compile_framework
from citycert.scoring.result import BandValue, Bilingual, Gap, Result
from citycert.scoring.sheet import Sheet, Tally

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
    framework: Framework,
    answers: Mapping[str, Answer],
    target: Target,
    scored: Result | None = None,
    sheet: Sheet | None = None,
) -> tuple[list[Gap], bool]:
    """The changes that reach `target`, and whether they do (False when the target is out of reach).

    `scored` is the result of these answers and `sheet` their scored sheet, when the caller has them,
    which saves scoring them again; the sheet is not changed.
    """
    model = compile_framework(framework)
    if sheet is None:
        sheet = Sheet.build(model, answers)
    if _reached(model, sheet, target, scored):
        return [], True
    working = sheet.copy()
    working.given = sheet.answers
    reached = False
    for _ in range(MAX_ROUNDS):
        if target.require_pass and framework.rules.pass_ is not None:
            _satisfy(framework.rules.pass_, model, working)
        if target.band is not None:
            _satisfy_band(model, working, target.band)
        reached = _reached(model, working, target)
        if reached:
            break
    given, planned = sheet.answers, working.answers
    changed = sorted((model.item_by_id[item_id] for item_id in working.touched), key=lambda item: item.order)
    return [
        Gap(
            item=item.id,
            name=Bilingual(item.node.name.ko, item.node.name.en),
            before=given[item.id].value,
            after=planned[item.id].value,  # type: ignore[arg-type]
            action=_action(given[item.id], planned[item.id]),
        )
        for item in changed
        if planned[item.id] != given[item.id]
    ], reached


def _action(before: Answer, after: Answer) -> str:
    if not before.given:
        return "report"
    if before.value == after.value:
        return "verify"
    return "raise"


def _reached(model: ScoringModel, working: Sheet, target: Target, scored: Result | None = None) -> bool:
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


def _band_of(model: ScoringModel, working: Sheet) -> BandValue | None:
    classification = model.framework.rules.classification
    return classify(classification, working.tallies[None]) if classification is not None else None


def _met(condition: Condition, model: ScoringModel, working: Sheet) -> bool:
    return check_condition(condition, model, working.states, working.tallies, _band_of(model, working), [])


def outcome(model: ScoringModel, working: Sheet) -> tuple[bool | None, BandValue | None]:
    """Pass or fail and the band of a scored sheet, without the rest of a Result."""
    band = _band_of(model, working)
    rule = model.framework.rules.pass_
    certified = check_condition(rule, model, working.states, working.tallies, band, []) if rule is not None else None
    return certified, band


def _satisfy(condition: Condition, model: ScoringModel, working: Sheet) -> bool:
    """Change `working` so that `condition` holds; False when it cannot."""
    if condition.all is not None:
        # Floors first: the items they force up also count towards any sum that follows.
        ordered = sorted(condition.all, key=lambda child: child.every_item is None)
        # Every child is worked on, even after one proves out of reach, so the plan covers them all.
        return all([_satisfy(child, model, working) for child in ordered])  # noqa: C419
    if condition.any is not None:
        if _met(condition, model, working):
            return True
        best: tuple[bool, int, Sheet] | None = None
        for child in condition.any:
            trial = working.copy()
            ok = _satisfy(child, model, trial)
            changes = sum(1 for key in trial.touched if trial.answers[key] != working.answers[key])
            if best is None or (ok, -changes) > (best[0], -best[1]):
                best = (ok, changes, trial)
        assert best is not None
        working.update(best[2].answers)
        return best[0]
    if condition.every_item is not None:
        test = condition.every_item
        for item in model.items_under[test.node]:
            answer = working.answers[item.id]
            if not item.levelled or answer.not_applicable:
                continue
            if answer.value is None or int(answer.value) < test.min_level:
                working.set(item.id, Answer(test.min_level))
        return True
    if condition.total is not None:
        scope, total = condition.total.node, condition.total
        if total.min_points is not None:
            return _cover(model, working, scope, _POINTS, total.min_points)
        ratio = total.min_ratio
        assert ratio is not None
        return _cover(model, working, scope, _points_over_share(ratio), ZERO)
    if condition.reported is not None:
        return _cover(model, working, condition.reported.node, _REPORTED, Decimal(condition.reported.min_count))
    assert condition.classification is not None
    return _satisfy_band(model, working, condition.classification.at_least)


def _satisfy_band(model: ScoringModel, working: Sheet, wanted: BandValue) -> bool:
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
        return _points_over_share(floor), ZERO
    if classification.basis == "points":
        return _POINTS, floor
    if classification.basis == "mean_level":
        return _levels_over(floor), ZERO
    return _REPORTED, floor


@dataclass(frozen=True)
class Contribution:
    """What one item's state adds to a sum over a scope (given its weight multiplier there), and that sum as
    the scope's running totals already hold it, so a requirement already met costs no pass over the items."""

    of: Callable[[ItemState, Decimal], Decimal]
    total: Callable[[Tally], Decimal]


_POINTS = Contribution(lambda state, multiplier: state.earned * multiplier, lambda sums: sums.points)


def _points_over_share(share: Decimal) -> Contribution:
    # points >= share x available  <=>  sum over items of (earned - share x available) >= 0
    return Contribution(
        lambda state, multiplier: (state.earned - share * state.available) * multiplier,
        lambda sums: sums.points - share * sums.available,
    )


def _levels_over(mean: Decimal) -> Contribution:
    # mean level >= m  <=>  sum over answered levelled items of (level - m) >= 0
    return Contribution(
        lambda state, multiplier: Decimal(state.level) - mean if state.level is not None else ZERO,
        lambda sums: sums.level_sum - mean * sums.level_count,
    )


_REPORTED = Contribution(
    lambda state, multiplier: Decimal(1) if state.reported else ZERO, lambda sums: Decimal(sums.reported)
)


def _cover(
    model: ScoringModel,
    working: Sheet,
    scope: str | None,
    contribution: Contribution,
    threshold: Decimal,
) -> bool:
    """Raise the fewest items of `scope` so that their contributions sum to `threshold` or more.

    Items the plan already changes cost no further change, so they are raised first. One pass over the
    items finds what each could gain; the chosen ones are then trimmed with running totals, not re-added.
    """
    shortfall = threshold - contribution.total(working.tallies[scope])
    if shortfall <= 0:
        return True
    items, multipliers = model.items_under[scope], model.multipliers(scope)
    states, answers, given = working.states, working.answers, working.given
    state_of, of = model.state, contribution.of
    options: list[tuple[bool, Decimal, int, Item, Decimal, Decimal]] = []
    best_states = model.best_states()
    for item, multiplier in zip(items, multipliers, strict=True):
        answer = answers[item.id]
        if answer.not_applicable or not item.values:
            continue
        # Gains never fall as values rise, so the best value tells whether an item can help at all: an item
        # already at its best can still gain by being verified. The best values' states are made once.
        if answer.given and not _better(item, item.values[-1], answer.value):  # type: ignore[arg-type]
            if answer.verified is not False:
                continue
            best = state_of(item, Answer(answer.value, verified=True))
        else:
            best = best_states[item.order]
        now = of(states[item.id], multiplier)
        gain = of(best, multiplier) - now
        if gain > 0:
            options.append((answer == given.get(item.id, UNANSWERED), gain, item.order, item, multiplier, now))
    options.sort(key=lambda option: (option[0], -option[1], option[2]))
    chosen: list[tuple[bool, Decimal, int, Item, Decimal, Decimal]] = []
    gained = ZERO
    for option in options:
        chosen.append(option)
        gained += option[1]
        if gained >= shortfall:
            break
    remaining, still_to_come = shortfall, gained
    for _, best_gain, _, item, multiplier, now in chosen:
        still_to_come -= best_gain
        need = remaining - still_to_come
        for candidate in _candidates(item, answers[item.id]):
            gain = of(state_of(item, candidate), multiplier) - now
            if gain > 0 and (gain >= need or gain == best_gain):
                working.set(item.id, candidate)
                remaining -= gain
                break
    return gained >= shortfall


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
    if item.lower_is_better:
        return value < current
    return value > current


def with_plan(
    result: Result, framework: Framework, answers: Mapping[str, Answer], target: Target, sheet: Sheet | None = None
) -> Result:
    """Attach the plan for `target` to a result (nothing to add when the target is already met)."""
    result.target = target.describe(framework)
    result.gaps, result.target_reachable = plan(framework, answers, target, scored=result, sheet=sheet)
    return result
