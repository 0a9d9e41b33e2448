"""A result made by changing a scored sheet item by item, or read again from a kept sheet, is the result of
scoring the same answers from scratch: the same totals, groups, pass or fail, band and gap plan.

Checked on random answer sets (values, not applicable, unverified, unanswered) for every bundled scheme
and a 1,375-item synthetic one, with and without a target band.
"""

from __future__ import annotations

import random
from decimal import Decimal

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bench.synthetic import synthetic_framework
from citycert.frameworks.schema import Framework, Node
from citycert.language import said_in_each_data_language
from citycert.scoring import Answer, Sheet, score, score_sheet
from citycert.scoring.model import compile_framework
from citycert.scoring.result import BandValue
from tests.support import bundled_frameworks

BUNDLED = list(bundled_frameworks().values())
LARGE = synthetic_framework(1375, seed=7)


def random_answer(node: Node, framework: Framework, rng: random.Random) -> Answer | None:
    """An answer as a city might give it: mostly values, some not applicable, unverified or left blank."""
    draw = rng.random()
    if draw < 0.1:
        return None
    if draw < 0.15:
        return Answer(None, not_applicable=True)
    verified = rng.choice((None, None, True, False))
    if node.type in ("maturity", "qualitative"):
        scale = next(scale for scale in framework.scales if scale.id == node.scale)
        return Answer(rng.choice([level.value for level in scale.levels]), verified=verified)
    if node.type == "boolean":
        return Answer(rng.random() < 0.5, verified=verified)
    low = node.min if node.min is not None else Decimal(0)
    high = node.max if node.max is not None else low + 200
    cents = rng.randint(int(low * 100), int(high * 100))
    return Answer(Decimal(cents) / 100, verified=verified)


def random_answers(framework: Framework, rng: random.Random) -> dict[str, Answer]:
    answers = {}
    for node in framework.nodes:
        if node.assessable:
            answer = random_answer(node, framework, rng)
            if answer is not None:
                answers[node.id] = answer
    return answers


def a_target(framework: Framework, rng: random.Random) -> BandValue | None:
    classification = framework.rules.classification
    if classification is None or rng.random() < 0.5:
        return None
    if classification.bands is not None:
        return rng.choice([band.id for band in classification.bands])
    return rng.randint(1, 5)


def check(framework: Framework, rng: random.Random, changes: int | None) -> None:
    before, after = random_answers(framework, rng), random_answers(framework, rng)
    target = a_target(framework, rng)
    model = compile_framework(framework)
    if changes is not None:
        # Only a few items change between two saves: the rest keep the answers they had.
        moved = rng.sample([item.id for item in model.items], min(changes, len(model.items)))
        after = dict(before)
        for item_id in moved:
            answer = random_answer(model.item_by_id[item_id].node, framework, rng)
            if answer is None:
                after.pop(item_id, None)
            else:
                after[item_id] = answer
    from_scratch = score(framework, after, target=target)

    sheet = Sheet.build(model, before)
    kept_before = score_sheet(sheet, target=target)
    assert kept_before == score(framework, before, target=target)
    sheet.update({item.id: after.get(item.id, Answer()) for item in model.items})
    changed = score_sheet(sheet, target=target)
    kept = score_sheet(sheet, target=target)

    for result in (changed, kept):
        assert result == from_scratch
        assert result.as_dict(said_in_each_data_language) == from_scratch.as_dict(said_in_each_data_language)
        assert [(gap.item, gap.before, gap.after, gap.action) for gap in result.gaps] == [
            (gap.item, gap.before, gap.after, gap.action) for gap in from_scratch.gaps
        ]
    # Making a result leaves the sheet as it was: the plan works on a copy.
    assert score_sheet(sheet, target=target) == from_scratch


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.sampled_from(BUNDLED), st.randoms(use_true_random=False), st.sampled_from([None, 1, 3, 20]))
def test_every_bundled_scheme_scores_the_same_changed_kept_or_from_scratch(
    framework: Framework, rng: random.Random, changes: int | None
) -> None:
    check(framework, rng, changes)


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.integers(0, 2**32), st.sampled_from([None, 1, 50]))
def test_a_large_framework_scores_the_same_changed_kept_or_from_scratch(seed: int, changes: int | None) -> None:
    # A seed rather than drawn values: 1,375 answers are more than Hypothesis should draw one by one.
    check(LARGE, random.Random(seed), changes)
