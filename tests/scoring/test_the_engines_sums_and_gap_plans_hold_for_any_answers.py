"""Properties of the engine that must hold for any city's answers, checked with generated answers.

- the points of a group are the weighted sum of its parts, and the total the weighted sum of the top groups;
- raising one item never lowers the total, never turns a pass into a fail, never lowers the grade;
- a gap plan, applied, reaches its target.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bench.synthetic import synthetic_framework
from citycert.frameworks.schema import Framework, Node
from citycert.scoring import Answer, score
from citycert.scoring.engine import at_least, evaluate
from citycert.scoring.model import compile_framework
from tests.support import bundled_frameworks

FRAMEWORKS = [*bundled_frameworks().values(), synthetic_framework(60, seed=3)]
SETTINGS = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def value_strategy(node: Node, framework: Framework) -> st.SearchStrategy[Any]:
    if node.type in ("maturity", "qualitative"):
        scale = next(scale for scale in framework.scales if scale.id == node.scale)
        return st.sampled_from([level.value for level in scale.levels])
    if node.type == "boolean":
        return st.booleans()
    low = node.min if node.min is not None else Decimal(0)
    high = node.max if node.max is not None else low + 200
    return st.decimals(min_value=low, max_value=high, places=2, allow_nan=False, allow_infinity=False)


@st.composite
def framework_and_answers(draw: st.DrawFn) -> tuple[Framework, dict[str, Answer]]:
    framework = draw(st.sampled_from(FRAMEWORKS))
    answers: dict[str, Answer] = {}
    for node in framework.nodes:
        if node.assessable and draw(st.integers(0, 9)) > 0:  # about one item in ten left unanswered
            answers[node.id] = Answer(draw(value_strategy(node, framework)))
    return framework, answers


def better_answer(node: Node, framework: Framework, answer: Answer | None) -> Answer:
    """The same item answered one notch better (or at its best, when unanswered)."""
    if node.type in ("maturity", "qualitative"):
        scale = next(scale for scale in framework.scales if scale.id == node.scale)
        top = scale.levels[-1].value
        return Answer(top if answer is None else min(top, int(answer.value) + 1))  # type: ignore[arg-type]
    if node.type == "boolean":
        return Answer(True)
    current = Decimal(answer.value) if answer is not None else Decimal(0)  # type: ignore[arg-type]
    step = Decimal(-7) if node.direction == "lower_is_better" else Decimal(7)
    moved = current + step
    if node.max is not None:
        moved = min(moved, node.max)
    if node.min is not None:
        moved = max(moved, node.min)
    return Answer(moved)


@SETTINGS
@given(framework_and_answers())
def test_every_group_is_the_weighted_sum_of_its_parts(case: tuple[Framework, dict[str, Answer]]) -> None:
    framework, answers = case
    result = evaluate(framework, answers)
    weights = {node.id: node.weight for node in framework.nodes}
    children: dict[str | None, list[Node]] = {}
    for node in framework.nodes:
        children.setdefault(node.parent, []).append(node)

    def points_of(node: Node) -> Decimal:
        return result.item_points[node.id] if node.assessable else result.nodes[node.id].points

    for group_id, score_of_group in result.nodes.items():
        parts = sum((points_of(child) * weights[child.id] for child in children[group_id]), Decimal(0))
        assert score_of_group.points == parts
    top = sum((points_of(node) * weights[node.id] for node in children[None]), Decimal(0))
    assert result.total == top


@SETTINGS
@given(framework_and_answers(), st.data())
def test_raising_one_item_never_lowers_the_result(
    case: tuple[Framework, dict[str, Answer]], data: st.DataObject
) -> None:
    framework, answers = case
    node = data.draw(st.sampled_from([node for node in framework.nodes if node.assessable]))
    raised = {**answers, node.id: better_answer(node, framework, answers.get(node.id))}
    before, after = evaluate(framework, answers), evaluate(framework, raised)
    assert after.total >= before.total
    assert not (before.certified and not after.certified)
    classification = framework.rules.classification
    if classification is not None and before.classification is not None:
        assert at_least(classification, after.classification, before.classification)


@SETTINGS
@given(framework_and_answers(), st.data())
def test_a_gap_plan_applied_reaches_its_target(case: tuple[Framework, dict[str, Answer]], data: st.DataObject) -> None:
    framework, answers = case
    classification = framework.rules.classification
    target = None
    if classification is not None and classification.bands is not None and data.draw(st.booleans()):
        target = data.draw(st.sampled_from([band.id for band in classification.bands]))
    elif classification is not None and classification.rounding is not None and data.draw(st.booleans()):
        target = data.draw(st.integers(1, 5))
    result = score(framework, answers, target=target)
    if result.target is None:
        assert result.gaps == []
        return
    applied = dict(answers)
    items = compile_framework(framework).item_by_id
    for gap in result.gaps:
        previous = answers.get(gap.item)
        verified = True if gap.action == "verify" else None
        assert previous is None or previous.value == gap.before
        # An indicator that earns no points is only to be reported: any value in its range will do.
        value = gap.after if gap.after is not None else items[gap.item].values[0]
        assert gap.after is not None or gap.action == "report"
        applied[gap.item] = Answer(value, verified=verified)
    again = evaluate(framework, applied)
    if result.target_reachable:
        if framework.rules.pass_ is not None:
            assert again.certified is True, [f.id for f in again.failed_conditions]
        if target is not None:
            assert classification is not None
            assert at_least(classification, again.classification, target)
    else:
        # Out of reach must mean it: even every item at its best value misses the target.
        best = {item.id: Answer(item.values[-1]) for item in compile_framework(framework).items if item.values}
        at_best = evaluate(framework, best)
        missed_pass = framework.rules.pass_ is not None and at_best.certified is not True
        missed_band = target is not None and not at_least(classification, at_best.classification, target)  # type: ignore[arg-type]
        assert missed_pass or missed_band
