"""The scoring engine: a framework and a city's responses in, a result out.

Pure Python: nothing here imports Django or touches a database.
"""

from __future__ import annotations

from collections.abc import Mapping

from citycert.frameworks.schema import Framework
from citycert.scoring.engine import evaluate
from citycert.scoring.gaps import Target, with_plan
from citycert.scoring.model import Answer
from citycert.scoring.result import BandValue, Result

__all__ = ["Answer", "Result", "Target", "score"]


def score(
    framework: Framework,
    answers: Mapping[str, Answer],
    *,
    target: BandValue | None = None,
    category: str | None = None,
) -> Result:
    """Score answers and plan the gaps to pass (and to `target`, a grade, level or tier, when named).

    Schemes without a pass rule get a plan only when a target is named.
    """
    result = evaluate(framework, answers)
    result.category = category
    has_pass = framework.rules.pass_ is not None
    if target is not None or has_pass:
        return with_plan(result, framework, answers, Target(require_pass=has_pass, band=target))
    return result
