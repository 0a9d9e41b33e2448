"""Illustrative item-level answers for a published overall result, where no source gives the items.

A city's values are spread around one share of each item's range, with a fixed random jitter so that
they look like a real city's, and the share is searched so the total lands in the published grade.
"""

from __future__ import annotations

import random
from decimal import Decimal

from citycert.frameworks.points import Value
from citycert.frameworks.schema import Framework, Node
from citycert.scoring import Answer
from citycert.scoring.engine import evaluate
from citycert.scoring.model import compile_framework


def value_at(node: Node, levels: list[int], share: float) -> Value:
    """The value an item takes at a share (0 worst, 1 best) of its range."""
    share = min(1.0, max(0.0, share))
    if levels:
        return levels[0] + round(share * (levels[-1] - levels[0]))
    if node.type == "boolean":
        return share >= 0.5
    scoring = node.scoring
    if scoring is not None and scoring.method == "linear" and scoring.worst is not None and scoring.best is not None:
        return (scoring.worst + (scoring.best - scoring.worst) * Decimal(str(round(share, 3)))).quantize(Decimal("0.1"))
    if scoring is not None and scoring.method == "percent_of_target" and scoring.target is not None:
        return (scoring.target * Decimal(str(round(share, 3)))).quantize(Decimal("0.1"))
    edges = [band.min for band in (scoring.bands or []) if band.min is not None] if scoring else []
    if edges:
        return edges[min(len(edges) - 1, int(share * len(edges)))]
    low = node.min if node.min is not None else Decimal(0)
    high = node.max if node.max is not None else low + 100
    return (low + (high - low) * Decimal(str(round(share, 3)))).quantize(Decimal("0.1"))


def illustrative_answers(framework: Framework, *, low: Decimal, high: Decimal, seed: int) -> dict[str, Answer]:
    """Answers whose share of the maximum lies in [low, high), found by bisection on the typical share."""
    model = compile_framework(framework)
    rng = random.Random(seed)  # noqa: S311 - a repeatable spread of demo values, not a secret
    jitter = {item.id: rng.uniform(-0.18, 0.18) for item in model.items}
    levels = {item.id: [level.value for level in item.scale.levels] if item.scale else [] for item in model.items}

    def answers_at(share: float) -> dict[str, Answer]:
        return {item.id: Answer(value_at(item.node, levels[item.id], share + jitter[item.id])) for item in model.items}

    bottom, top = 0.0, 1.0
    for _ in range(40):
        middle = (bottom + top) / 2
        result = evaluate(framework, answers_at(middle))
        ratio = result.total / result.max if result.max else Decimal(0)
        if low <= ratio < high:
            return answers_at(middle)
        if ratio < low:
            bottom = middle
        else:
            top = middle
    raise ValueError(f"no illustrative answers reach {low}-{high} of {framework.key}")
