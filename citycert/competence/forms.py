"""The competence pages' forms: a qualification as the certifying body records it, and an assessor's impartiality
declaration for a round. Checked at their fields in the page's language; the workflow stays the judge."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from citycert.competence.models import Qualification
from citycert.competence.workflow import QualificationInput
from citycert.library.models import FrameworkVersion
from citycert.page_forms import DateField, PageForm, set_choices, text_field


def scheme_names() -> dict[str, str]:
    """Each scheme (framework id) once, by the name of its latest stored version in the page's language."""
    names: dict[str, str] = {}
    for version in FrameworkVersion.objects.order_by("framework_id", "-version").only(
        "framework_id", "version", "name_ko", "name_en"
    ):
        names.setdefault(version.framework_id, version.name)
    return names


class QualificationForm(PageForm):
    """One qualification of an assessor: what it is, the schemes it covers, when it holds, the training behind it."""

    title = forms.CharField(
        label=gettext_lazy("Qualification"),
        max_length=300,
        strip=True,
        error_messages={
            "required": gettext_lazy("Name the qualification (for example: ISO 37106 lead assessor, 2024).")
        },
    )
    schemes = forms.MultipleChoiceField(
        label=gettext_lazy("Schemes they may assess"),
        widget=forms.CheckboxSelectMultiple,
        error_messages={
            "required": gettext_lazy("Tick at least one scheme the qualification lets them assess."),
            "invalid_choice": gettext_lazy("Tick at least one scheme the qualification lets them assess."),
        },
    )
    valid_from = DateField(
        label=gettext_lazy("Valid from"),
        error_messages={
            "required": gettext_lazy("Give the day the qualification starts."),
            "invalid": gettext_lazy("Give a date as YYYY-MM-DD."),
        },
    )
    valid_until = DateField(
        label=gettext_lazy("Valid until (empty: no end)"),
        required=False,
        error_messages={"invalid": gettext_lazy("Give a date as YYYY-MM-DD.")},
    )
    training = text_field(gettext_lazy("Training (course, provider)"), required=False, max_length=300)
    trained_on = DateField(
        label=gettext_lazy("Training completed on"),
        required=False,
        error_messages={"invalid": gettext_lazy("Give a date as YYYY-MM-DD.")},
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        set_choices(self.fields["schemes"], list(scheme_names().items()))

    @classmethod
    def of(cls, qualification: Qualification, *args: Any, **kwargs: Any) -> QualificationForm:
        """The form filled with a recorded qualification, to change it."""
        initial = {
            "title": qualification.title,
            "schemes": list(qualification.schemes),
            "valid_from": qualification.valid_from,
            "valid_until": qualification.valid_until,
            "training": qualification.training,
            "trained_on": qualification.trained_on,
        }
        return cls(*args, initial=initial, **kwargs)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        starts, ends, trained = data.get("valid_from"), data.get("valid_until"), data.get("trained_on")
        if starts and ends and ends < starts:
            self.add_error("valid_until", _("A qualification cannot end before it starts."))
        if trained and trained > timezone.localdate():
            self.add_error("trained_on", _("The training date cannot be in the future."))
        return data

    def given(self) -> QualificationInput:
        data = self.cleaned_data
        return QualificationInput(
            title=data["title"],
            schemes=list(data["schemes"]),
            valid_from=data["valid_from"],
            valid_until=data["valid_until"],
            training=data["training"],
            trained_on=data["trained_on"],
        )


class DeclarationForm(PageForm):
    """An assessor's impartiality declaration for a round: the interests they have (none: empty), and the box that
    makes the declaration."""

    interests = text_field(
        gettext_lazy("Interests or ties that could affect your impartiality in this round (leave empty if none)"),
        required=False,
        max_length=2000,
        rows=4,
    )
    affirm = forms.BooleanField(
        label=gettext_lazy("I make this declaration."),
        error_messages={"required": gettext_lazy("Tick the box to make the declaration.")},
    )
