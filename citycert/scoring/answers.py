"""The one place where the answers the engine scores are made, whatever they come from: a city's stored responses,
an assessor's review sheet or surveillance scores, the panel's consensus, the published result and an indicator
series over it, or a responses file. A rule about which answers count (say, "evidence older than two years does
not count") belongs in `answer_for`, and so reaches every one of them.

Pure, as all of scoring: the apps hand over plain values (stored text, or a value already typed), never models.
"""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal
from typing import NamedTuple, Protocol

from citycert.frameworks.points import Value
from citycert.frameworks.schema import Framework
from citycert.scoring.model import Answer, Item, compile_framework


class Given(Protocol):
    """What an answer is made from: an item, its value as stored text ("" when blank), and whether it was marked
    not applicable. A city's Response has these; so does `GivenValue`, for sources that hold only a value."""

    @property
    def item_id(self) -> str: ...

    @property
    def value(self) -> str: ...

    @property
    def not_applicable(self) -> bool: ...


class GivenValue(NamedTuple):
    """A value given for an item by a source that never marks an item not applicable (a review sheet, the
    consensus, the published result)."""

    item_id: str
    value: str
    not_applicable: bool = False


def value_of(item: Item, text: str) -> Value | None:
    """A value stored as text back to the type its item takes; None when blank."""
    if text == "":
        return None
    if item.node.type == "boolean":
        return text == "true"
    if item.levelled:
        return int(text)
    return Decimal(text)


def parse_stored(framework: Framework, item_id: str, text: str) -> Value | None:
    """A stored value back to the type its item takes."""
    if text == "":
        return None
    return value_of(compile_framework(framework).item_by_id[item_id], text)


def answer_for(
    item: Item, value: Value | str | None, *, not_applicable: bool = False, verified: bool | None = None
) -> Answer:
    """The engine's answer to `item`: not applicable, or the value (stored text is read as the item's type; blank
    or None is unanswered), and whether it was verified when the source says so."""
    if not_applicable:
        return Answer(None, not_applicable=True, verified=verified)
    typed = value_of(item, value) if isinstance(value, str) else value
    return Answer(typed, verified=verified)


def answers_for(framework: Framework, given: Iterable[Given]) -> dict[str, Answer]:
    """Answers by item id, each made by `answer_for`; items no longer in the framework and blank values are left
    out (the engine takes an item left out as unanswered)."""
    items = compile_framework(framework).item_by_id
    answers: dict[str, Answer] = {}
    for entry in given:
        item = items.get(entry.item_id)
        if item is None or not (entry.not_applicable or entry.value):
            continue
        answers[entry.item_id] = answer_for(item, entry.value, not_applicable=entry.not_applicable)
    return answers
