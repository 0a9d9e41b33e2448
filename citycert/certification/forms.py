"""The certification pages' forms: what each takes, checked at its fields in the page's language before the
workflow is asked. The workflow stays the judge: what it refuses is shown on the same form (see `refuse`)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from citycert.assessments.models import Assessment
from citycert.certification import workflow
from citycert.certification.choices import CertificateStatus, FindingKind, Outcome
from citycert.certification.models import Round
from citycert.certification.scheme import stages
from citycert.cities.models import City
from citycert.frameworks.schema import Framework, Text
from citycert.language import in_page_language
from citycert.library.models import FrameworkVersion
from citycert.page_forms import INVALID, REFUSED_BY_RULE, DateField, PageForm, set_choices, text_field
from citycert.permissions import bodies_run_by, panel_candidates
from citycert.scoring.model import compile_framework


def refusal_status(error: workflow.Refused) -> int:
    """409 for a rule that refused the step or somebody who got there first, 400 for input that cannot be taken."""
    return REFUSED_BY_RULE if isinstance(error, workflow.Conflict) or error.rule else INVALID


def refuse(form: PageForm, error: workflow.Refused, field: str | None = None) -> int:
    """Put the workflow's refusal on the form (at `field`, or above the fields) and give the page's status."""
    if error.rule == "reason_needed_competence" and "reason" in form.fields:
        field = "reason"  # the assessors lacking a qualification or a declaration, named where the reason is typed
    form.add_error(field, str(error))
    return refusal_status(error)


def asks_reason(form: PageForm) -> bool:
    """Whether a panel's or an assignment's form shows its reason field: once a step was refused for want of one, or
    when one was typed (forms that need none keep it out of sight)."""
    return bool(form.is_bound and (form["reason"].errors or form.data.get("reason", "").strip()))


def _name(text_: Text) -> str:
    return in_page_language(text_)


def item_choices(framework: Framework) -> list[tuple[str, str]]:
    return [(item.id, f"{item.id} {_name(item.node.name)}") for item in compile_framework(framework).items]


def category_choices(frameworks: Iterable[Framework]) -> list[tuple[str, str]]:
    """Each category once, by its name in the page's language (never its id, such as small_medium)."""
    seen: dict[str, str] = {}
    for framework in frameworks:
        for category in framework.categories:
            seen.setdefault(category.id, _name(category.name))
    return list(seen.items())


# ---------------------------------------------------------------------------------------------- rounds and panels


class VersionChoice(forms.ModelChoiceField):  # type: ignore[type-arg]
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.name} ({obj.version})"


class RoundForm(PageForm):
    """The certifying body opens a round: no category ticked means cities of every category may apply."""

    framework_version = VersionChoice(
        queryset=FrameworkVersion.objects.order_by("framework_id", "-version"),
        empty_label=None,
        label=gettext_lazy("Framework"),
        error_messages={
            "required": gettext_lazy("Choose a framework."),
            "invalid_choice": gettext_lazy("Choose a framework."),
        },
    )
    year = forms.IntegerField(
        label=gettext_lazy("Year"),
        min_value=2000,
        max_value=2100,
        widget=forms.TextInput(attrs={"inputmode": "numeric"}),
    )
    name_ko = text_field(gettext_lazy("Name (Korean)"), required=False, max_length=200)
    name_en = text_field(gettext_lazy("Name (English)"), required=False, max_length=200)
    opens_on = DateField(label=gettext_lazy("Applications open"))
    closes_on = DateField(label=gettext_lazy("Applications close"))
    categories = forms.MultipleChoiceField(
        label=gettext_lazy("Categories"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=gettext_lazy("Tick none to take cities of every category."),
    )
    announce_on = DateField(
        label=gettext_lazy(
            "Results announced on (optional: decisions stay private until then, or until you announce them)"
        ),
        required=False,
    )

    def __init__(self, *args: Any, opener: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        versions = list(self.fields["framework_version"].queryset)  # type: ignore[attr-defined]
        self.category_names = dict(category_choices(version.framework for version in versions))
        set_choices(self.fields["categories"], list(self.category_names.items()))
        # A person who runs more than one certifying body says which runs the round; with one, it is that one.
        bodies = bodies_run_by(opener) if opener is not None else None
        self.asks_body = bodies is not None and bodies.count() > 1
        if self.asks_body:
            choose = gettext_lazy("Choose the certifying body that runs the round.")
            self.fields["body"] = forms.ModelChoiceField(
                queryset=bodies,
                label=gettext_lazy("Certifying body"),
                error_messages={"required": choose, "invalid_choice": choose},
            )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        version, chosen = data.get("framework_version"), data.get("categories") or []
        if version is not None and chosen:
            names = dict(category_choices([version.framework]))
            unknown = [label for value, label in self.category_names.items() if value in chosen and value not in names]
            if unknown:
                self.add_error(
                    "categories",
                    _("%(framework)s has no category %(unknown)s; it has: %(known)s.")
                    % {
                        "framework": version.name,
                        "unknown": ", ".join(unknown),
                        "known": ", ".join(names.values()) or "-",
                    },
                )
        opens, closes, announce = data.get("opens_on"), data.get("closes_on"), data.get("announce_on")
        if opens and closes and closes < opens:
            self.add_error("closes_on", _("Applications cannot close before they open."))
        if closes and announce and announce < closes:
            self.add_error("announce_on", _("Results cannot be announced before applications close."))
        return data


class AssessorChoices(forms.ModelMultipleChoiceField):  # type: ignore[type-arg]
    def label_from_instance(self, obj: Any) -> str:
        return str(obj.get_username())


def _assessors(round_: Round | None = None) -> Any:
    return panel_candidates(round_)


class PanelForm(PageForm):
    """A panel of the round: its name, the category it reviews (or every one), its assessors and who of them sits
    on every panel of the round."""

    name = text_field(gettext_lazy("Name"), max_length=100)
    category = forms.ChoiceField(label=gettext_lazy("Category"), required=False)
    members = AssessorChoices(
        queryset=_assessors(),
        label=gettext_lazy("Assessors"),
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": gettext_lazy("Choose the panel's assessors.")},
    )
    common = AssessorChoices(
        queryset=_assessors(),
        label=gettext_lazy("Common members (sit on every panel)"),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    reason = text_field(
        gettext_lazy("Your reason for seating an assessor not qualified for the scheme or not declared for the round"),
        required=False,
        max_length=1000,
        rows=3,
    )

    def __init__(self, round_: Round, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        framework = round_.framework_version.framework
        set_choices(self.fields["category"], [("", _("Every category")), *category_choices([framework])])
        self.fields["members"].queryset = self.fields["common"].queryset = _assessors(round_)  # type: ignore[attr-defined]

    @property
    def asks_reason(self) -> bool:
        return asks_reason(self)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        members, common = data.get("members"), data.get("common")
        if members is not None and common:
            outside = [person.get_username() for person in common if person not in members]
            if outside:
                self.add_error(
                    "common",
                    _("Tick %(people)s among the panel's assessors too, or leave them out here.")
                    % {"people": ", ".join(outside)},
                )
        return data


class PanelChoice(forms.ModelChoiceField):  # type: ignore[type-arg]
    def label_from_instance(self, obj: Any) -> str:
        return str(obj.name)


class AssignForm(PageForm):
    """An application given to one of its round's panels."""

    panel = PanelChoice(
        queryset=None,
        empty_label=None,
        label=gettext_lazy("Panel"),
        error_messages={"required": gettext_lazy("Choose a panel."), "invalid_choice": gettext_lazy("Choose a panel.")},
    )

    reason = text_field(
        gettext_lazy("Your reason for giving it to a panel with an assessor not qualified or not declared"),
        required=False,
        max_length=1000,
        rows=3,
    )

    def __init__(self, round_: Round, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["panel"].queryset = round_.panels.all()  # type: ignore[attr-defined]

    @property
    def asks_reason(self) -> bool:
        return asks_reason(self)


class AssessmentChoice(forms.ModelChoiceField):  # type: ignore[type-arg]
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.city.name} · {obj.year} · {obj.get_kind_display()}"


class ApplyForm(PageForm):
    """A city applies to an open round with one of its submitted assessments on the round's framework."""

    assessment = AssessmentChoice(
        queryset=None,
        empty_label=None,
        label=gettext_lazy("Apply with"),
        error_messages={
            "required": gettext_lazy("Choose one of your city's submitted assessments."),
            "invalid_choice": gettext_lazy("Choose one of your city's submitted assessments."),
        },
    )

    def __init__(self, eligible: list[Assessment], *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["assessment"].queryset = Assessment.objects.filter(  # type: ignore[attr-defined]
            pk__in=[assessment.pk for assessment in eligible]
        ).select_related("city")


class CityChoice(forms.ModelChoiceField):  # type: ignore[type-arg]
    def label_from_instance(self, obj: Any) -> str:
        return str(obj.full_name)


class ConflictForm(PageForm):
    """An assessor declares what ties them to a city, so they are never put on its panel."""

    city = CityChoice(
        queryset=City.objects.order_by("name_ko"),
        empty_label=None,
        label=gettext_lazy("City"),
        error_messages={
            "required": gettext_lazy("Choose the city."),
            "invalid_choice": gettext_lazy("Choose the city."),
        },
    )
    reason = text_field(
        gettext_lazy("What ties you to it"),
        max_length=300,
        placeholder=gettext_lazy("e.g. advised its 2024 smart-city plan"),
    )


# ---------------------------------------------------------------------------------------------- an application


class DocumentRequestForm(PageForm):
    """An assessor asks the city for more documents on one item, at one stage."""

    item = forms.ChoiceField(label=gettext_lazy("Item"))
    stage = forms.ChoiceField(label=gettext_lazy("Stage"))
    question = text_field(gettext_lazy("What the city should send"), rows=2)

    def __init__(self, framework: Framework, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        set_choices(self.fields["item"], item_choices(framework))
        set_choices(self.fields["stage"], [(stage.id, _name(stage.name)) for stage in stages(framework)])


class RequestAnswerForm(PageForm):
    answer = text_field(gettext_lazy("Answer"))


class FindingForm(PageForm):
    """A finding against an item: its severity, what was found and, if the city must act by then, a date."""

    item = forms.ChoiceField(label=gettext_lazy("Item"))
    kind = forms.ChoiceField(label=gettext_lazy("Severity"), choices=FindingKind.choices)
    text = text_field(gettext_lazy("Finding"), rows=2)
    due_on = DateField(label=gettext_lazy("Due on"), required=False)

    def __init__(self, framework: Framework, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        set_choices(self.fields["item"], item_choices(framework))


class CloseFindingForm(PageForm):
    response = text_field(gettext_lazy("How it was closed"))


class WaiverForm(PageForm):
    """A certifier asks to waive a review stage that does not decide, with a reason the decision letter prints."""

    stage = forms.ChoiceField(label=gettext_lazy("Stage"))
    reason = text_field(gettext_lazy("Reason (printed on the decision letter)"), rows=2)

    def __init__(self, framework: Framework, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        set_choices(
            self.fields["stage"], [(stage.id, _name(stage.name)) for stage in stages(framework) if not stage.decides]
        )


class WaiverAnswerForm(PageForm):
    """A second certifier approves or declines a waiver (the button pressed says which), with a note if they wish."""

    note = text_field(gettext_lazy("Note"), required=False, placeholder=gettext_lazy("Note"))
    answer = forms.ChoiceField(
        choices=[("approve", "approve"), ("decline", "decline")],
        widget=forms.HiddenInput,
        error_messages={
            "required": gettext_lazy("Approve or decline the waiver."),
            "invalid_choice": gettext_lazy("Approve or decline the waiver."),
        },
    )


# The rules of `workflow.decide` that concern one field of the decision form: shown at that field.
DECISION_RULE_FIELDS = {"below_bar": "outcome", "reason_needed_against_engine": "against_engine_reason"}


class DecisionForm(PageForm):
    """A certifier who took no part in the review decides: the outcome, its reasons, and a reason against the
    engine's outcome when deciding otherwise (the decision letter prints both)."""

    outcome = forms.ChoiceField(label=gettext_lazy("Outcome"), choices=Outcome.choices)
    reasons = text_field(gettext_lazy("Reasons"), rows=3)
    against_engine_reason = text_field(
        gettext_lazy("Reason for deciding against the engine's outcome (only then)"), required=False, rows=2
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["reasons"].error_messages["required"] = _("Give the reasons for the decision.")


# ---------------------------------------------------------------------------------------------- certificates


class StatusForm(PageForm):
    """The certifying body suspends, restores or withdraws a certificate, with the reason it keeps in its history."""

    status = forms.ChoiceField(label=gettext_lazy("Change the status to"))
    reason = text_field(gettext_lazy("Reason"))

    def __init__(self, moves: Iterable[str], *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        set_choices(self.fields["status"], [(move, CertificateStatus(move).label) for move in moves])


class SurveillanceForm(PageForm):
    """A surveillance audit's value for every item (`value-ITEM`: a level to choose, or a number to type) and, for
    the certifying body, why the certificate should stay valid if an item falls below the bar."""

    def __init__(self, framework: Framework, manages: bool, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for item in compile_framework(framework).items:
            label = f"{item.id} {_name(item.node.name)}"
            if item.scale is not None:
                levels = [(str(level.value), str(level.value)) for level in item.scale.levels]
                self.fields[f"value-{item.id}"] = forms.ChoiceField(label=label, choices=[("", "—"), *levels])
            else:
                self.fields[f"value-{item.id}"] = forms.CharField(label=label, max_length=40)
        if manages:
            self.fields["keep_valid_reason"] = text_field(
                gettext_lazy("Keep the certificate valid even if an item is below the bar, because"), required=False
            )

    def item_fields(self) -> list[forms.BoundField]:
        return [self[name] for name in self.fields if name.startswith("value-")]

    def levels(self) -> dict[str, str]:
        return {
            name.removeprefix("value-"): value for name, value in self.cleaned_data.items() if name.startswith("value-")
        }

    def refuse(self, error: workflow.Refused) -> int:
        """The workflow's refusal, at the item it names (`ITEM: reason`) when it names one."""
        named, _colon, _reason = str(error).partition(": ")
        field = f"value-{named}" if f"value-{named}" in self.fields else None
        return refuse(self, error, field)


MAX_PDF_BYTES = 5 * 1024 * 1024


class VerifyForm(PageForm):
    """Anyone checks a certificate PDF."""

    file = forms.FileField(
        label=gettext_lazy("Certificate PDF"),
        error_messages={
            "required": gettext_lazy("Choose the certificate PDF to check."),
            "empty": gettext_lazy("Choose the certificate PDF to check."),
        },
        widget=forms.ClearableFileInput(attrs={"accept": "application/pdf,.pdf"}),
    )

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        if upload.size is not None and upload.size > MAX_PDF_BYTES:
            raise forms.ValidationError(_("That file is larger than any certificate (5 MB at most)."))
        return upload
