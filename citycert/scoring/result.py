"""What scoring returns: totals per node, pass or fail with reasons, the classification and a gap plan."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from citycert.frameworks.points import Value, number

BandValue = int | str


@dataclass(frozen=True)
class Bilingual:
    """A sentence for people, in Korean and English."""

    ko: str
    en: str

    def as_dict(self) -> dict[str, str]:
        return {"ko": self.ko, "en": self.en}


def gettext_noop(message: str) -> str:
    """Marks a sentence for the catalogue (as Django's gettext_noop does) without importing Django."""
    return message


@dataclass(frozen=True)
class Sentence:
    """A sentence for people the engine writes: its English wording, marked for the catalogue, and the values it
    fills in. A value is said as it is (a number), in the reader's side of framework data (a band's name), or is
    itself a sentence. The Django layer says it in a language (citycert.language.said)."""

    wording: str
    values: Mapping[str, Said] = field(default_factory=dict)


# What a result says to people: a sentence to translate, framework data in Korean and English, or a figure.
Said = Sentence | Bilingual | str

# How a record of a result ({ko, en} where people read it) is written: given by the layer that has the catalogue.
SayInEachLanguage = Callable[[Said], dict[str, str]]


@dataclass(frozen=True)
class ShortItem:
    """An item that fails a condition, with its value and what the condition requires."""

    item: str
    value: Value | None
    required: Value


@dataclass(frozen=True)
class FailedCondition:
    """A pass condition that does not hold, named so a city knows what to fix."""

    id: str
    name: Bilingual
    message: Sentence
    items: list[ShortItem] = field(default_factory=list)


@dataclass(frozen=True)
class Gap:
    """One change in a gap plan: raise (or report, or have verified) an item, and the points that brings.

    `after` is the least value of the band or level the item needs; None for an indicator that earns no
    points and only needs a value reported."""

    item: str
    name: Bilingual
    before: Value | None
    after: Value | None
    action: str  # raise | report | verify
    points: Decimal = Decimal(0)


@dataclass(frozen=True)
class NodeScore:
    """Points rolled up to one group, with its share of the maximum and, where the scheme says, its band."""

    id: str
    points: Decimal
    max: Decimal
    percent: Decimal | None
    band: BandValue | None
    items: int
    answered: int


@dataclass
class Result:
    """The outcome of scoring one set of responses against one framework version."""

    framework: str
    version: str
    total: Decimal
    max: Decimal
    percent: Decimal | None
    certified: bool | None
    failed_conditions: list[FailedCondition]
    classification_kind: str | None
    classification: BandValue | None
    mean_level: Decimal | None
    reported: int
    answered: int
    items: int
    nodes: dict[str, NodeScore]
    item_points: dict[str, Decimal]
    category: str | None = None
    target: dict[str, Any] | None = None
    gaps: list[Gap] = field(default_factory=list)
    target_reachable: bool | None = None

    def as_dict(self, say: SayInEachLanguage) -> dict[str, Any]:
        """The JSON form printed by `citycert score --json`, served by the API and kept with an assessment; what
        people read in it is written in each language by `say` (citycert.language.said_in_each_data_language)."""
        data: dict[str, Any] = {
            "framework": self.framework,
            "version": self.version,
            "certified": self.certified,
            "total": number(self.total),
            "max": number(self.max),
            "percent": number(self.percent),
        }
        if self.classification_kind:
            data[self.classification_kind] = self.classification
        data.update(
            {
                "mean_level": number(self.mean_level),
                "item_count": self.items,
                "answered_count": self.answered,
                "reported_count": self.reported,
                "category": self.category,
                "failed_conditions": [
                    {
                        "id": failed.id,
                        "name": failed.name.as_dict(),
                        "message": say(failed.message),
                        "items": [
                            {"item": short.item, "value": number(short.value), "required": number(short.required)}
                            for short in failed.items
                        ],
                    }
                    for failed in self.failed_conditions
                ],
                "target": self.target,
                "target_reachable": self.target_reachable,
                "gaps": [
                    {
                        "item": gap.item,
                        "name": gap.name.as_dict(),
                        "from": number(gap.before),
                        "to": number(gap.after),
                        "action": gap.action,
                        "points": number(gap.points),
                        # As people read them: booleans as 예/아니오 (Yes/No), a value only to be reported as such.
                        "from_text": None if gap.before is None else say(_shown(gap.before)),
                        "to_text": say(REPORTED if gap.after is None else _shown(gap.after)),
                    }
                    for gap in self.gaps
                ],
                "nodes": [
                    {
                        "id": node.id,
                        "points": number(node.points),
                        "max": number(node.max),
                        "percent": number(node.percent),
                        "band": node.band,
                        "items": node.items,
                        "answered": node.answered,
                    }
                    for node in self.nodes.values()
                ],
            }
        )
        return data


REPORTED = Sentence(gettext_noop("a value reported"))
YES, NO = Sentence(gettext_noop("Yes")), Sentence(gettext_noop("No"))


def _shown(value: Value) -> Said:
    if isinstance(value, bool):
        return YES if value else NO
    return str(number(value))
