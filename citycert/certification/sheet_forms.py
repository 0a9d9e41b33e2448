"""The assessor's review sheet and the certifier's consensus form as Django forms: a score field and a note field per
item, every score checked against its item the way the city's own answers are (one function decides), every error
put at its field at once, and everything typed kept for the form to show again."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from citycert.assessments.models import Assessment, Evidence
from citycert.assessments.presenter import response_rows, rows_for
from citycert.assessments.workflow import InvalidAnswer, ResponseInput, clean_response
from citycert.frameworks.schema import Framework, Node
from citycert.language import in_english, in_page_language
from citycert.scoring.model import Item, compile_framework

YES_NO = [("true", gettext_lazy("yes")), ("false", gettext_lazy("no"))]


def value_name(item_id: str) -> str:
    return f"value-{item_id}"


class ScoreSheetForm(forms.Form):
    """One score (`value-ITEM`) and one note (`NOTE-ITEM`: a comment, or a consensus's rationale) per item.

    A level is chosen from the item's levels, a yes/no item answered yes or no, a number typed; each is checked by
    `clean_response`, the check the city's own answers go through, and its reason is put at the field. A blank
    score is left out (a draft), unless the form is `complete` (submitting): then every item needs one."""

    def __init__(
        self,
        data: Mapping[str, Any] | None,
        *,
        assessment: Assessment,
        items: Sequence[Item],
        note: str,
        initial: Mapping[str, tuple[str, str]] | None = None,
        complete: bool = False,
    ) -> None:
        given = initial or {}
        super().__init__(
            data,
            initial={
                name: pair[index]
                for item_id, pair in given.items()
                for index, name in enumerate((value_name(item_id), f"{note}-{item_id}"))
            },
        )
        self.assessment, self.items, self.note, self.complete = assessment, list(items), note, complete
        english = in_english()
        for item in self.items:
            self.fields[value_name(item.id)] = forms.CharField(
                required=False, strip=True, label=item.id, widget=_score_widget(item, english)
            )
            self.fields[f"{note}-{item.id}"] = forms.CharField(
                required=False, strip=True, label=item.id, widget=forms.TextInput(attrs={"class": "note"})
            )
        self.scores: dict[str, tuple[str, str]] = {}
        self.canonical: dict[str, str] = {}  # each valid score as stored

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        for item in self.items:
            name = value_name(item.id)
            if name in self.errors:
                continue
            value = cleaned.get(name, "")
            note = cleaned.get(f"{self.note}-{item.id}", "")
            if not value:
                if self.complete:
                    self.add_error(name, _("Give a score for this item before submitting."))
                continue
            try:
                fields = clean_response(self.assessment, item.id, ResponseInput(value=value))
            except InvalidAnswer as error:
                self.add_error(
                    name, _("%(reason)s (allowed: %(allowed)s)") % {"reason": error, "allowed": allowed(item)}
                )
                continue
            # As typed: the workflow stores the canonical text itself, by the same check.
            self.scores[item.id] = (value, note)
            self.canonical[item.id] = str(fields["value"])
        return cleaned

    def valid_scores(self) -> dict[str, tuple[str, str]]:
        """The items whose score passed its check, whatever the others' (what a draft can keep)."""
        self.is_valid()
        return dict(self.scores)

    def reason_needed(self, details: Sequence[Mapping[str, str]]) -> None:
        """Put the workflow's refusal of values outside the panel's range at each item's note."""
        for row in details:
            self.add_error(
                f"{self.note}-{row['item']}",
                _("%(value)s is outside the panel's range (%(low)s–%(high)s): give the reason for this item.") % row,
            )


def _score_widget(item: Item, english: bool) -> forms.Widget:
    node = item.node
    if node.type == "boolean":
        return forms.RadioSelect(choices=YES_NO)
    if item.scale is not None:
        choices = [("", "—")] + [
            (str(level.value), f"{level.value} {in_page_language(level.name)}") for level in item.scale.levels
        ]
        return forms.Select(choices=choices)
    return forms.TextInput(attrs={"inputmode": "decimal", "size": 8, "autocomplete": "off"})


def _number(value: Decimal) -> str:
    return f"{value.normalize():f}"


def allowed(item: Item) -> str:
    """What an item takes, in words: its levels, yes or no, or its range of numbers with the unit."""
    node = item.node
    if node.type == "boolean":
        return _("yes or no")
    if item.scale is not None:
        values = [level.value for level in item.scale.levels]
        return _("level %(low)s–%(high)s") % {"low": min(values), "high": max(values)}
    if node.min is not None and node.max is not None:
        text = _("%(low)s to %(high)s") % {"low": _number(node.min), "high": _number(node.max)}
    elif node.min is not None:
        text = _("%(low)s or more") % {"low": _number(node.min)}
    elif node.max is not None:
        text = _("%(high)s or less") % {"high": _number(node.max)}
    else:
        text = _("any number")
    unit = _unit(node)
    return _("%(range)s, in %(unit)s") % {"range": text, "unit": unit} if unit else text


def _unit(node: Node) -> str:
    if node.unit is None:
        return ""
    return in_page_language(node.unit)


@dataclass
class CityAnswer:
    """What the city answered for an item in the assessment it applied with, and the evidence it linked."""

    shown: str = "—"
    notes: str = ""
    evidence: list[Evidence] = field(default_factory=list)


def city_answers(
    assessment: Assessment, framework: Framework, item_ids: Sequence[str] | None = None
) -> dict[str, CityAnswer]:
    """The city's answer per item (of `item_ids` only, when given) as a reader sees it, with its source,
    justification and evidence."""
    by_id = compile_framework(framework).item_by_id
    nodes = [by_id[item_id].node for item_id in item_ids] if item_ids is not None else None
    answers: dict[str, CityAnswer] = {}
    responses = response_rows(assessment, item_ids) if item_ids is not None else None
    for row in rows_for(assessment, framework, responses=responses, nodes=nodes):
        if not row.node.assessable:
            continue
        response = row.response
        if response is not None and response.not_applicable:
            text = _("not applicable")
        else:
            text = shown(by_id[row.node.id], row.value)
        notes = ""
        if response is not None:
            notes = " ".join(part for part in (response.data_source, response.justification) if part)
        answers[row.node.id] = CityAnswer(text, notes, row.evidence)
    return answers


def shown(item: Item, value: str) -> str:
    """A stored score or answer as a reader sees it: a level with its name, yes or no, a number with its unit."""
    if not value:
        return "—"
    if item.node.type == "boolean":
        return str(_("yes") if value == "true" else _("no"))
    if item.scale is not None:
        for level in item.scale.levels:
            if str(level.value) == value:
                return f"{level.value} {in_page_language(level.name)}"
        return value
    return f"{value} {_unit(item.node)}".strip()


@dataclass
class SheetRow:
    """One item's line on the sheet: the item, what it takes, the city's answer, and the form's two fields."""

    item: Item
    name: str
    allowed: str
    city: CityAnswer
    value: forms.BoundField
    note: forms.BoundField
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def errors(self) -> list[str]:
        return [str(error) for error in [*self.value.errors, *self.note.errors]]

    @property
    def yes_no(self) -> bool:
        return self.item.node.type == "boolean"


def sheet_rows(form: ScoreSheetForm, answers: Mapping[str, CityAnswer]) -> list[SheetRow]:
    """The form's items as rows to show, in the framework's order."""
    return [
        SheetRow(
            item=item,
            name=str(in_page_language(item.node.name)),
            allowed=allowed(item),
            city=answers.get(item.id, CityAnswer()),
            value=form[value_name(item.id)],
            note=form[f"{form.note}-{item.id}"],
        )
        for item in form.items
    ]


def items_of(framework: Framework) -> list[Item]:
    return compile_framework(framework).items
