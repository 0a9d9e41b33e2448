"""A city short of the bar is told the fewest item changes that reach it: checked against every subset."""

from __future__ import annotations

from itertools import combinations

from hypothesis import given, settings
from hypothesis import strategies as st

from bench.synthetic import synthetic_framework
from citycert.frameworks.loader import LIBRARY, load_framework
from citycert.scoring import Answer, score
from citycert.scoring.engine import at_least, evaluate
from citycert.scoring.model import compile_framework

SMALL = synthetic_framework(9, seed=7)
BSI = load_framework((LIBRARY / "bsi-iso37106-2021.yaml").read_text(encoding="utf-8"), "bsi.yaml")


def fewest_changes(framework, answers, target) -> int | None:
    """By brute force: the least number of items that, raised to their best, reach the target."""
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
            return size
    return None


@settings(max_examples=40, deadline=None)
@given(st.data())
def test_no_smaller_set_of_changes_reaches_the_target(data: st.DataObject) -> None:
    answers: dict[str, Answer] = {}
    for item in compile_framework(SMALL).items:
        if data.draw(st.booleans()):
            answers[item.id] = Answer(data.draw(st.sampled_from(item.values)))
    target = data.draw(st.sampled_from([None, 1, 2, 3]))
    result = score(SMALL, answers, target=target)
    smallest = fewest_changes(SMALL, answers, target)
    if smallest is None:
        assert result.target_reachable is False
    else:
        assert result.target_reachable is True
        assert len(result.gaps) == smallest


def test_one_item_short_of_mature_is_the_whole_plan() -> None:
    answers = {node.id: Answer(4) for node in BSI.nodes if node.assessable}
    answers["TDAM.open-platform"] = Answer(2)
    result = score(BSI, answers)
    assert [(gap.item, gap.before, gap.after) for gap in result.gaps] == [("TDAM.open-platform", 2, 3)]
    assert result.gaps[0].name.en == "Open platform"


def test_reaching_a_higher_level_raises_the_fewest_items() -> None:
    # 22 items at level 3: mean 3. Level 4 needs a level sum of 88, i.e. 22 more steps: 11 items from 3 to 5.
    answers = {node.id: Answer(3) for node in BSI.nodes if node.assessable}
    result = score(BSI, answers, target=4)
    assert result.certified is True and result.classification == 3
    assert len(result.gaps) == 11
    assert all((gap.before, gap.after) == (3, 5) for gap in result.gaps)
