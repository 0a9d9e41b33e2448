"""An assessment's result, kept per revision, so that reading it does not score it again.

Every save of answers raises the assessment's revision, so a result kept for a revision is never out of
date: the save that changes the answers makes the next read ask for another revision. Beside the result,
the scored sheet is kept; a save of a few answers moves the sheet to the new revision by changing only
those items, and the next read makes the result from it without reading or scoring the others again.

Kept in this process only, for the most recently used assessments, and only once the transaction that
read or saved the answers has committed (a rolled-back save must leave nothing behind).
"""

from __future__ import annotations

import json
import threading
from collections import OrderedDict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from django.core.serializers.json import DjangoJSONEncoder
from django.db import transaction

from citycert.assessments.answers import Answered, StoredAnswer, answer_of, answers_of
from citycert.assessments.models import Assessment
from citycert.frameworks.schema import Framework
from citycert.language import said_in_each_data_language
from citycert.scoring import Answer, Result, Sheet, score_sheet
from citycert.scoring.model import compile_framework

KEPT = 256


@dataclass
class Kept:
    """What this process holds for one assessment: a revision's scored sheet and, once made, its result."""

    revision: int
    category: str | None
    sheet: Sheet
    result: Result | None = None
    data: dict[str, Any] | None = None
    encoded: bytes | None = None


_kept: OrderedDict[tuple[int, float], Kept] = OrderedDict()
_lock = threading.Lock()


def _identity(assessment: Assessment) -> tuple[int, float]:
    # The creation time as well as the id: a database emptied and filled again reuses ids.
    return (assessment.pk, assessment.created_at.timestamp())


def _keep(identity: tuple[int, float], kept: Kept) -> None:
    with _lock:
        current = _kept.get(identity)
        if current is not None and current.revision > kept.revision:
            return
        _kept[identity] = kept
        _kept.move_to_end(identity)
        while len(_kept) > KEPT:
            _kept.popitem(last=False)


def result_for(
    assessment: Assessment,
    framework: Framework,
    responses: Iterable[StoredAnswer] | None = None,
    category: str | None = None,
) -> Result:
    """The assessment's result at its revision, with its gap plan: kept, made from the kept sheet, or scored.

    `responses` are read only when nothing is kept for this revision (and when not given).
    """
    kept = _kept_for(assessment, framework, responses, category)
    if kept.result is None:
        kept.result = score_sheet(kept.sheet, category=category)
    return kept.result


def keeps(assessment: Assessment) -> bool:
    """Whether this process keeps a scored sheet of the assessment's revision: a read then needs none of its
    answers (unless the city's category changed meanwhile, when result_for reads them itself)."""
    with _lock:
        kept = _kept.get(_identity(assessment))
    return kept is not None and kept.revision == assessment.revision


def result_json(
    assessment: Assessment,
    framework: Framework,
    category: str | None = None,
    responses: Iterable[StoredAnswer] | None = None,
) -> bytes:
    """The result as the API gives it (Result.as_dict) in UTF-8 JSON, Korean as it is, made and encoded once per
    revision: the gap plan of a large framework is a long document, and a reply that carries it unchanged need
    not encode it again."""
    kept = _kept_for(assessment, framework, responses, category)
    if kept.encoded is None:
        kept.encoded = _encoded(_data_of(kept, category))
    return kept.encoded


def _encoded(data: dict[str, Any]) -> bytes:
    return json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False).encode()


def _data_of(kept: Kept, category: str | None) -> dict[str, Any]:
    if kept.data is None:
        if kept.result is None:
            kept.result = score_sheet(kept.sheet, category=category)
        kept.data = kept.result.as_dict(said_in_each_data_language)
    return kept.data


def _kept_for(
    assessment: Assessment, framework: Framework, responses: Iterable[StoredAnswer] | None, category: str | None
) -> Kept:
    identity = _identity(assessment)
    with _lock:
        kept = _kept.get(identity)
        if kept is not None:
            _kept.move_to_end(identity)
    if kept is not None and kept.revision == assessment.revision and kept.category == category:
        return kept
    answers = answers_of(framework, responses if responses is not None else stored_answers(assessment))
    if answers:
        made = Kept(assessment.revision, category, Sheet.build(compile_framework(framework), answers))
    else:
        made = _blank(framework, category, assessment.revision)
    transaction.on_commit(lambda: _keep(identity, made))
    return made


# An assessment without answers (every new one) scores the same as any other on its framework and category.
_blanks: dict[tuple[int, str | None], tuple[Framework, Kept]] = {}


def _blank(framework: Framework, category: str | None, revision: int) -> Kept:
    key = (id(framework), category)
    known = _blanks.get(key)
    if known is None or known[0] is not framework:
        sheet = Sheet.build(compile_framework(framework), {})
        result = score_sheet(sheet, category=category)
        if len(_blanks) >= 64:
            _blanks.pop(next(iter(_blanks)))
        data = result.as_dict(said_in_each_data_language)
        known = (framework, Kept(0, category, sheet, result, data, _encoded(data)))
        _blanks[key] = known
    blank = known[1]
    return Kept(revision, category, blank.sheet, blank.result, blank.data, blank.encoded)


def stored_answers(assessment: Assessment) -> list[StoredAnswer]:
    """The stored answers of an assessment as tuples (item, value, not applicable), not model objects."""
    return [Answered(*row) for row in assessment.responses.values_list("item_id", "value", "not_applicable").order_by()]


def after_save(assessment: Assessment, before: int, after: int, changed: Sequence[StoredAnswer]) -> None:
    """A save took the assessment from revision `before` to `after`, changing only `changed`'s items: the
    kept sheet, if it is at `before`, follows to `after` (once the save commits)."""
    identity = _identity(assessment)

    def advance() -> None:
        with _lock:
            kept = _kept.get(identity)
        if kept is None or kept.revision != before:
            return
        framework = kept.sheet.model.framework
        items = kept.sheet.model.item_by_id
        answers: Mapping[str, Answer] = {
            row.item_id: answer_of(framework, row) for row in changed if row.item_id in items
        }
        # A copy: a request that read the kept sheet a moment ago may still be making its result.
        sheet = kept.sheet.copy()
        sheet.update(answers)
        _keep(identity, Kept(after, kept.category, sheet))

    transaction.on_commit(advance)
