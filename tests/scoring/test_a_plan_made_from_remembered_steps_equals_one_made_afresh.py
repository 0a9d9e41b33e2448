"""The engine remembers, per framework, what it has worked out once: each scored answer (shared by the items
that score alike), each item's first and next step towards a requirement, each entry of a gap plan and each
item short of a floor. A result made with those memos full, from scratch or on a kept sheet changed answer by
answer, is the result of a model that has never scored anything: the same totals, groups, pass or fail,
band and gap plan, down to how each Decimal is written (57.0 stays 57.0).

Checked on random answer sets for every bundled scheme and a 1,375-item synthetic one, with and without a
target band; each set is scored after other sets have filled the memos.
"""

from __future__ import annotations

import random
from decimal import Decimal

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from citycert.frameworks.schema import Framework
from citycert.language import said_in_each_data_language
from citycert.scoring import Answer, Sheet, score, score_sheet
from citycert.scoring.model import compile_framework
from citycert.scoring.result import Result
from tests.scoring.test_changed_and_kept_results_equal_scoring_from_scratch import (
    BUNDLED,
    LARGE,
    a_target,
    random_answer,
    random_answers,
)


def afresh(framework: Framework) -> Framework:
    """An equal framework that is another object: the engine compiles it again, with empty memos."""
    return framework.model_copy(deep=True)


def written_otherwise(answers: dict[str, Answer], rng: random.Random) -> dict[str, Answer]:
    """The same answers with some numbers written with a trailing zero (57 as 57.0), equal but printed apart."""
    changed = {}
    for item_id, answer in answers.items():
        value = answer.value
        if isinstance(value, Decimal) and not isinstance(value, bool) and rng.random() < 0.3:
            value = Decimal(f"{value:f}.0") if "." not in f"{value:f}" else Decimal(f"{value:f}0")
            answer = Answer(value, answer.not_applicable, answer.verified)
        changed[item_id] = answer
    return changed


def same(kept: Result, fresh: Result) -> None:
    assert kept == fresh
    assert kept.as_dict(said_in_each_data_language) == fresh.as_dict(said_in_each_data_language)
    assert repr(kept.gaps) == repr(fresh.gaps)
    assert repr(kept.failed_conditions) == repr(fresh.failed_conditions)


def check(framework: Framework, rng: random.Random, changes: int) -> None:
    model = compile_framework(framework)
    # Other answer sets first, so that the memos hold steps, states and entries the checked set may meet.
    for _ in range(3):
        score(framework, written_otherwise(random_answers(framework, rng), rng), target=a_target(framework, rng))
    answers = written_otherwise(random_answers(framework, rng), rng)
    target = a_target(framework, rng)

    remembered = score(framework, answers, target=target)
    fresh = score(afresh(framework), answers, target=target)
    # From scratch, every figure is made the same way: equal down to how each Decimal is written.
    assert repr(remembered) == repr(fresh)
    # The same answers written otherwise, right after: a memo filled by 57 must not answer for 57.0.
    twin = written_otherwise(answers, rng)
    assert repr(score(framework, twin, target=target)) == repr(score(afresh(framework), twin, target=target))

    sheet = Sheet.build(model, answers)
    score_sheet(sheet, target=target)
    for _ in range(changes):
        item = rng.choice(model.items)
        answer = random_answer(item.node, framework, rng) or Answer()
        sheet.set(item.id, answer)
        same(score_sheet(sheet, target=target), score(afresh(framework), dict(sheet.answers), target=target))
    # Every remembered state is the answer scored again, not another item's that scores alike.
    for item in model.items:
        assert sheet.states[item.id] == model._state(item, sheet.answers[item.id])


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.sampled_from(BUNDLED), st.randoms(use_true_random=False), st.sampled_from([1, 3]))
def test_every_bundled_scheme_plans_the_same_with_remembered_steps_as_afresh(
    framework: Framework, rng: random.Random, changes: int
) -> None:
    check(framework, rng, changes)


@settings(max_examples=5, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.integers(0, 2**32))
def test_a_large_framework_plans_the_same_with_remembered_steps_as_afresh(seed: int) -> None:
    # A seed rather than drawn values: 1,375 answers are more than Hypothesis should draw one by one.
    check(LARGE, random.Random(seed), 2)
