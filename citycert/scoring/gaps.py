"""The gap plan: steps a city can act on that lift a result to pass, or to a target grade.

Every requirement of the target is reduced to one of two shapes:
- a floor on each item of a scope (every item at level 3 or above): the items below it move to that level;
- a sum over a scope that must reach a threshold (points, share of the maximum, mean level, reported
  count): it is covered step by step, a step taking one item to the least value of its next scoring band
  (or its next level, or having it verified), never to its maximum at once. The step worth most is taken
  first; once one step covers what is still short, the smallest such step ends the cover, and a step the
  others make unneeded is taken back.
Each changed item is one entry of the plan with the points it brings, the entries ordered by points.
The plan is applied and scored again; the engine never returns a plan it has not seen reach the target.
"""

from __future__ import annotations

import heapq
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import cast

from citycert.frameworks.points import Value
from citycert.frameworks.schema import Classification, Condition, Framework
from citycert.scoring.engine import at_least, check_condition, classify
from citycert.scoring.model import ZERO, Answer, Item, ItemState, ScoringModel, compile_framework
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
    # An entry of the plan depends only on the item and its answers before and after, so it is made once
    # per model and looked up after. Keyed also by the value as written (57.0 is shown as 57.0, not 57).
    made = cast(dict[object, PlanEntry], _memo(model, "gaps"))
    entries: list[PlanEntry] = []
    for item_id in working.touched:
        before, after = given[item_id], planned[item_id]
        if after == before:
            continue
        item = model.item_by_id[item_id]
        key = (item.order, before, repr(before.value), after)
        entry = made.get(key)
        if entry is None:
            entry = made[key] = _entry(item, before, after, working.states[item_id], sheet.states[item_id])
        entries.append(entry)
    # The steps worth most first, then in the framework's order (an item is in the plan once: no ties).
    entries.sort()
    return [gap for _, _, gap in entries], reached


PlanEntry = tuple[Decimal, int, Gap]


def _entry(item: Item, before: Answer, after: Answer, planned: ItemState, now: ItemState) -> PlanEntry:
    """One entry of a plan, with what it is sorted by: the points it brings (most first) and the item's order."""
    points = (planned.earned - now.earned) * item.total_multiplier
    action = _action(before, after)
    # An indicator that earns no points only needs a value reported: no value is proposed for it.
    unscored = action == "report" and item.node.type == "quantitative" and item.node.scoring is None
    gap = Gap(
        item=item.id,
        name=Bilingual(item.node.name.ko, item.node.name.en),
        before=before.value,
        after=None if unscored else after.value,
        action=action,
        points=points,
    )
    return -points, item.order, gap


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
    return check_condition(condition, working, _band_of(model, working), [])


def outcome(model: ScoringModel, working: Sheet) -> tuple[bool | None, BandValue | None]:
    """Pass or fail and the band of a scored sheet, without the rest of a Result."""
    band = _band_of(model, working)
    rule = model.framework.rules.pass_
    certified = check_condition(rule, working, band, []) if rule is not None else None
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
        # The items short of the floor, as the sheet keeps them: levelled, not marked not applicable, and
        # unanswered or below the level. Each is raised to the level.
        for item_id in working.short_items((test.node, test.min_level)):
            working.set(item_id, Answer(test.min_level))
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


# Each contribution made once per figure, so that it can key the plan's memos (see _cover). Keyed by the
# figure as written (0.6 and 0.60 apart), so that a memo never mixes two ways of writing one number.
_MADE: dict[tuple[str, tuple[object, ...]], Contribution] = {}


def _made(kind: str, figure: Decimal, make: Callable[[Decimal], Contribution]) -> Contribution:
    key = (kind, figure.as_tuple())
    made = _MADE.get(key)
    if made is None:
        made = _MADE[key] = make(figure)
    return made


def _points_over_share(share: Decimal) -> Contribution:
    return _made("share", share, _make_points_over_share)


def _levels_over(mean: Decimal) -> Contribution:
    return _made("mean", mean, _make_levels_over)


def _make_points_over_share(share: Decimal) -> Contribution:
    # points >= share x available  <=>  sum over items of (earned - share x available) >= 0
    return Contribution(
        lambda state, multiplier: (state.earned - share * state.available) * multiplier,
        lambda sums: sums.points - share * sums.available,
    )


def _make_levels_over(mean: Decimal) -> Contribution:
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
    """Raise items of `scope` step by step until their contributions sum to `threshold` or more.

    A step takes one item to its next better answer (see _next_step). While no single step covers what is
    still short, the step that gains most is taken (the item's following step then becomes a choice); then
    the smallest step that covers the rest ends the cover. Steps the later ones made unneeded are taken back.
    """
    shortfall = threshold - contribution.total(working.tallies[scope])
    if shortfall <= 0:
        return True
    answers, states = working.answers, working.states
    # One choice per item that can still gain: (-gain, steps the item took already, order, answer, item, multiplier).
    # Among equal gains, an item not raised yet comes first: two items one band up rather than one two bands up.
    # An item's first choice depends only on the item and its answer, so it is remembered on the model per
    # requirement: the choices of a plan made again after a few changes are looked up, not worked out.
    first = _memo(model, (scope, contribution, "first"))
    ids, orders = model.ids_under(scope)
    found = list(map(first.get, zip(orders, map(answers.__getitem__, ids), strict=True)))
    if None in found:
        # Items that score alike, at the same multiplier, take the same first step from the same answer.
        alike = _memo(model, (contribution, "alike"))
        for at, (item, multiplier) in enumerate(zip(model.items_under[scope], model.multipliers(scope), strict=True)):
            if found[at] is not None:
                continue
            answer = answers[item.id]
            key = (item.kind, multiplier, answer)
            known = alike.get(key, _UNKNOWN)
            step = (
                _first_step(model, contribution, item, answer, multiplier, states[item.id])
                if known is _UNKNOWN
                else cast(Step | None, known)
            )
            # A verifying step names the answer's own value as written (57.0, not 57): it is never remembered.
            shared = step is None or not step[0].verified
            choice = found[at] = False if step is None else (-step[1], 0, item.order, step[0], item, multiplier)
            if shared:
                alike[key] = step
                first[(item.order, answer)] = choice
    choices: list[Choice] = list(filter(None, found))  # type: ignore[arg-type]
    heapq.heapify(choices)
    following = _memo(model, (scope, contribution, "next"))
    # Each step taken: the item, its answers before and after, and what it gained.
    taken: list[tuple[Item, Answer, Answer, Decimal]] = []
    while choices and shortfall > 0:
        # Once one step covers the rest, the smallest that does; until then the step that gains most.
        choice = _smallest_covering(choices, shortfall) if -choices[0][0] >= shortfall else heapq.heappop(choices)
        gain, steps, _, after, item, multiplier = choice
        taken.append((item, answers[item.id], after, -gain))
        working.set(item.id, after)
        shortfall += gain
        if shortfall <= 0:
            break
        known = following.get((item.order, after), _UNKNOWN)
        if known is _UNKNOWN:
            step = following[(item.order, after)] = _next_step(
                model, contribution, item, after, multiplier, states[item.id]
            )
        else:
            step = cast(Step | None, known)
        if step is not None:
            heapq.heappush(choices, (-step[1], steps + 1, item.order, step[0], item, multiplier))
    if shortfall > 0:
        return False
    # Later steps may make an earlier one unneeded: from the last, a step still in place and not needed goes back.
    for item, before, after, gain in reversed(taken):
        if answers[item.id] == after and gain <= -shortfall:
            working.set(item.id, before)
            shortfall += gain
    return True


Choice = tuple[Decimal, int, int, Answer, Item, Decimal]
Step = tuple[Answer, Decimal]
_UNKNOWN = object()
# A memo holds at most this many entries, then starts again (answers with ever new values would grow it).
MEMO_LIMIT = 100_000


def _memo(model: ScoringModel, key: object) -> dict[object, object]:
    memo = model.plan_memos.get(key)
    if memo is None or len(memo) > MEMO_LIMIT:
        memo = model.plan_memos[key] = {}
    return memo


def _first_step(
    model: ScoringModel, contribution: Contribution, item: Item, answer: Answer, multiplier: Decimal, now: ItemState
) -> tuple[Answer, Decimal] | None:
    """An item's step before any step is taken (None when it cannot gain)."""
    if answer.not_applicable or not item.values:
        return None
    # An item already at its best value can only gain by being verified.
    at_best = answer.given and not _better(item, item.values[-1], answer.value)  # type: ignore[arg-type]
    if at_best and answer.verified is not False:
        return None
    return _next_step(model, contribution, item, answer, multiplier, now)


def _smallest_covering(heap: list[Choice], shortfall: Decimal) -> Choice:
    """The choice of least gain that still covers `shortfall` (ties: fewer steps taken, then item order).

    Only the top of the heap is searched: a choice's gain is at least its children's, so below a choice
    that does not cover, none does.
    """
    best: Choice | None = None
    covers = -shortfall  # a choice covers when its first field (minus its gain) is at most this
    waiting = [0]
    size = len(heap)
    while waiting:
        at = waiting.pop()
        choice = heap[at]
        if choice[0] > covers:
            continue
        if best is None or (-choice[0], choice[1], choice[2]) < (-best[0], best[1], best[2]):
            best = choice
        child = 2 * at + 1
        if child < size:
            waiting.append(child)
            if child + 1 < size:
                waiting.append(child + 1)
    assert best is not None
    return best


def _next_step(
    model: ScoringModel,
    contribution: Contribution,
    item: Item,
    answer: Answer,
    multiplier: Decimal,
    now: ItemState,
) -> tuple[Answer, Decimal] | None:
    """The least better answer of an item that adds to the sum, and what it adds; None when none does.

    The answers are the least values of the item's better bands or levels (see better_values), least points
    first: the first that gains is the next band, not the best one. An unverified answer is first verified.
    """
    of = contribution.of
    current = of(now, multiplier)
    if answer.given and answer.verified is False:
        verified = Answer(answer.value, verified=True)
        gain = of(model.state(item, verified), multiplier) - current
        if gain > 0:
            return verified, gain
    value = answer.value if answer.given else None
    lower = item.lower_is_better
    for candidate, state in model.ladders()[item.order]:
        if value is not None and (candidate.value >= value if lower else candidate.value <= value):  # type: ignore[operator]
            continue
        gain = of(state, multiplier) - current
        if gain > 0:
            return candidate, gain
    return None


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
