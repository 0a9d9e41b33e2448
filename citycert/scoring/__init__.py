"""The scoring engine: a framework and a city's responses in, a result out.

Pure Python: nothing here imports Django or touches a database.
"""

from __future__ import annotations

from collections.abc import Mapping

from citycert.frameworks.schema import Framework
from citycert.scoring.engine import result_of
from citycert.scoring.gaps import Target, with_plan
from citycert.scoring.model import Answer, compile_framework
from citycert.scoring.result import BandValue, Result
from citycert.scoring.sheet import Sheet

__all__ = ["Answer", "Result", "Sheet", "Target", "score", "score_sheet"]


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
    return score_sheet(Sheet.build(compile_framework(framework), answers), target=target, category=category)


def score_sheet(sheet: Sheet, *, target: BandValue | None = None, category: str | None = None) -> Result:
    """The same as `score`, for answers already scored on a sheet (which is left as it is).

    A sheet kept between saves and changed item by item gives the result of its answers without
    scoring the unchanged items again.
    """
    framework = sheet.model.framework
    result = result_of(sheet)
    result.category = category
    has_pass = framework.rules.pass_ is not None
    if target is not None or has_pass:
        return with_plan(result, framework, sheet.answers, Target(require_pass=has_pass, band=target), sheet)
    return result
