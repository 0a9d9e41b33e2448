"""Stored responses as the scoring engine's answers (made by `scoring/answers.py`, the one place answers are
made), and values as stored text."""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal
from typing import NamedTuple

from citycert.frameworks.points import Value
from citycert.frameworks.schema import Framework
from citycert.scoring import Answer
from citycert.scoring.answers import Given, answer_for, answers_for
from citycert.scoring.model import compile_framework

# What scoring reads of a stored response: a Response, or the tuple below.
StoredAnswer = Given


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


def answer_of(framework: Framework, response: StoredAnswer) -> Answer:
    """The engine's answer for one stored response (unanswered when its value is blank)."""
    item = compile_framework(framework).item_by_id[response.item_id]
    return answer_for(item, response.value, not_applicable=response.not_applicable)


def answers_of(framework: Framework, responses: Iterable[StoredAnswer]) -> dict[str, Answer]:
    """Answers by item id from stored responses (items no longer in the framework are ignored)."""
    return answers_for(framework, responses)
