"""Stored responses as the scoring engine's answers, and values as stored text."""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal

from citycert.assessments.models import Response
from citycert.frameworks.points import Value
from citycert.frameworks.schema import Framework
from citycert.scoring import Answer
from citycert.scoring.model import compile_framework


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


def answers_of(framework: Framework, responses: Iterable[Response]) -> dict[str, Answer]:
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
