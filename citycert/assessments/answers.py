"""Stored responses as the scoring engine's answers, and values as stored text."""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal
from typing import NamedTuple, Protocol

from citycert.frameworks.points import Value
from citycert.frameworks.schema import Framework
from citycert.scoring import Answer
from citycert.scoring.model import UNANSWERED, compile_framework


class StoredAnswer(Protocol):
    """What scoring reads of a stored response: a Response, or the tuple below."""

    @property
    def item_id(self) -> str: ...

    @property
    def value(self) -> str: ...

    @property
    def not_applicable(self) -> bool: ...


class Answered(NamedTuple):
    """A stored response's answer read as a tuple: a page of a thousand items need not make model objects."""

    item_id: str
    value: str
    not_applicable: bool


def stored_text(value: Value | None) -> str:
    """The canonical text of a value: "3", "12.5", "true"; "" when blank."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, Decimal):
        normal = value.normalize()
        return f"{normal:f}"
    return str(value)


def parse_stored(framework: Framework, item_id: str, text: str) -> Value | None:
    """A stored value back to the type its item takes."""
    if text == "":
        return None
    item = compile_framework(framework).item_by_id[item_id]
    if item.node.type == "boolean":
        return text == "true"
    if item.levelled:
        return int(text)
    return Decimal(text)


def answer_of(framework: Framework, response: StoredAnswer) -> Answer:
    """The engine's answer for one stored response (unanswered when its value is blank)."""
    if response.not_applicable:
        return Answer(None, not_applicable=True)
    if response.value:
        return Answer(parse_stored(framework, response.item_id, response.value))
    return UNANSWERED


def answers_of(framework: Framework, responses: Iterable[StoredAnswer]) -> dict[str, Answer]:
    """Answers by item id from stored responses (items no longer in the framework are ignored)."""
    items = compile_framework(framework).item_by_id
    answers: dict[str, Answer] = {}
    for response in responses:
        if response.item_id not in items:
            continue
        if response.not_applicable:
            answers[response.item_id] = Answer(None, not_applicable=True)
        elif response.value:
            answers[response.item_id] = Answer(parse_stored(framework, response.item_id, response.value))
    return answers
