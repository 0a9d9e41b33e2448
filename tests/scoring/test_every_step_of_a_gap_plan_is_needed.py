"""A city short of the bar is told steps it can take, each one needed: the plan reaches the bar whenever
raising items can, and taking back any one step (an item one band or level lower) misses it again."""

from __future__ import annotations

from decimal import Decimal
from itertools import combinations

from hypothesis import given, settings
from hypothesis import strategies as st

from bench.synthetic import synthetic_framework
from citycert.frameworks.loader import LIBRARY, load_framework
from citycert.scoring import Answer, score
from citycert.scoring.engine import at_least, evaluate
from citycert.scoring.model import UNANSWERED, compile_framework

SMALL = synthetic_framework(9, seed=7)
BSI = load_framework((LIBRARY / "bsi-iso37106-2021.yaml").read_text(encoding="utf-8"), "bsi.yaml")


def reachable(framework, answers, target) -> bool:
    """By brute force: whether some items raised to their best reach the target."""
    items = compile_framework(framework).items
    classification = framework.rules.classification
    for size in range(len(items) + 1):
        for chosen in combinations(items, size):
            trial = {**answers, **{item.id: Answer(item.values[-1]) for item in chosen}}
            result = evaluate(framework, trial)
            if result.certified is False:
                continue
            if target is not None and not at_least(classification, result.classification, target):
                continue
            return True
    return False


def one_step_back(framework, given: Answer, after: Answer, item_id: str) -> Answer:
    """The answer one band or level below `after` on the way up from `given` (or `given` itself)."""
    item = compile_framework(framework).item_by_id[item_id]
    ladder = [given]
    if given.given and given.verified is False:
        ladder.append(Answer(given.value, verified=True))
    for value in item.values:
        if not given.given or (value < given.value if item.lower_is_better else value > given.value):  # type: ignore[operator]
            ladder.append(Answer(value))
    return ladder[ladder.index(after) - 1]


@settings(max_examples=40, deadline=None)
@given(st.data())
def test_the_plan_reaches_the_bar_and_every_step_is_needed(data: st.DataObject) -> None:
    answers: dict[str, Answer] = {}
    for item in compile_framework(SMALL).items:
        if data.draw(st.booleans()):
            answers[item.id] = Answer(data.draw(st.sampled_from(item.values)))
    target = data.draw(st.sampled_from([None, 1, 2, 3]))
    result = score(SMALL, answers, target=target)
    assert result.target_reachable is reachable(SMALL, answers, target)
    if not result.target_reachable or target is not None:
        # With a grade as well as the pass, a step made for the pass may be covered by the grade's steps.
        return
    planned = {**answers, **{gap.item: Answer(gap.after) for gap in result.gaps}}
    assert evaluate(SMALL, planned).certified is True
    for gap in result.gaps:
        back = one_step_back(SMALL, answers.get(gap.item, UNANSWERED), Answer(gap.after), gap.item)
        assert evaluate(SMALL, {**planned, gap.item: back}).certified is False, gap


def test_one_item_short_of_mature_is_the_whole_plan() -> None:
    answers = {node.id: Answer(4) for node in BSI.nodes if node.assessable}
    answers["TDAM.open-platform"] = Answer(2)
    result = score(BSI, answers)
    assert [(gap.item, gap.before, gap.after) for gap in result.gaps] == [("TDAM.open-platform", 2, 3)]
    assert result.gaps[0].name.en == "Open platform"


def test_reaching_a_higher_level_takes_every_item_one_level_up() -> None:
    # 22 items at level 3: mean 3. Level 4 needs a level sum of 88, i.e. 22 more steps: each item one level
    # up (3 -> 4, the next level), not half of them to the top (3 -> 5).
    answers = {node.id: Answer(3) for node in BSI.nodes if node.assessable}
    result = score(BSI, answers, target=4)
    assert result.certified is True and result.classification == 3
    assert len(result.gaps) == 22
    assert all((gap.before, gap.after, gap.points) == (3, 4, Decimal(1)) for gap in result.gaps)
