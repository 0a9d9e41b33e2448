"""The appeal and complaint forms. The transitions stay the judge of what is taken; what they refuse names its
field (`transitions.Invalid`), and `put` sets it there."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from citycert.appeals.choices import APPEAL_OUTCOMES, ComplaintAbout, ComplaintState
from citycert.appeals.transitions import Invalid
from citycert.page_forms import MultipleFileField, PageForm, set_choices, text_field


def put(form: PageForm, invalid: Invalid, renamed: dict[str, str] | None = None) -> None:
    """A transition's refusal at the form's field of that name (`renamed` when the form calls it otherwise)."""
    field = (renamed or {}).get(invalid.field, invalid.field)
    form.add_error(field if field in form.fields else None, invalid.message)


class AppealForm(PageForm):
    """The city's officer appeals a decision: the reasons, and files that back them."""

    reasons = text_field(gettext_lazy("Reasons for the appeal"), rows=6)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["reasons"].error_messages["required"] = _("Give the reasons for the appeal.")
        # Added here, not declared above: `files` is also the name of the form's uploaded files.
        self.fields["files"] = MultipleFileField(
            label=_("Files (PDF, images, office documents; up to 10)"), required=False
        )


class AppealDecisionForm(PageForm):
    """The certifier handling an appeal decides it: the outcome and its reasons."""

    outcome = forms.ChoiceField(label=gettext_lazy("Outcome"), widget=forms.RadioSelect)
    resolution = text_field(gettext_lazy("Reasons for the outcome"), rows=4)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choose = _("Choose the appeal's outcome: upheld, overturned or sent back for re-review.")
        set_choices(self.fields["outcome"], [(state.value, state.label) for state in APPEAL_OUTCOMES])
        self.fields["outcome"].error_messages.update(required=choose, invalid_choice=choose)
        self.fields["resolution"].error_messages["required"] = _("Give the reasons for the appeal's outcome.")


class ComplaintForm(PageForm):
    """Anyone complains about a certified city or about the certifying body's conduct."""

    about = forms.ChoiceField(
        label=gettext_lazy("The complaint is about"), choices=ComplaintAbout.choices, widget=forms.RadioSelect
    )
    certificate = text_field(gettext_lazy("Certificate number (for a certified city)"), required=False, max_length=40)
    text = text_field(gettext_lazy("Complaint"), rows=6)
    name = text_field(gettext_lazy("Name (optional)"), required=False, max_length=100)
    contact = text_field(gettext_lazy("Email or telephone (optional)"), required=False, max_length=200)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        about = _("Say what the complaint is about: a certified city or the certifying body.")
        self.fields["about"].error_messages.update(required=about, invalid_choice=about)
        self.fields["text"].error_messages["required"] = _("Write the complaint.")


class ComplaintMoveForm(PageForm):
    """The certifying body triages a received complaint, then closes it with its outcome."""

    to = forms.ChoiceField(
        choices=[(ComplaintState.TRIAGED, ComplaintState.TRIAGED), (ComplaintState.CLOSED, ComplaintState.CLOSED)],
        widget=forms.HiddenInput,
    )
    note = text_field(gettext_lazy("Outcome"), rows=3)

    def __init__(self, state: str, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault(
            "initial", {"to": ComplaintState.TRIAGED if state == ComplaintState.RECEIVED else ComplaintState.CLOSED}
        )
        super().__init__(*args, **kwargs)
        choose = _("Choose to triage or to close the complaint.")
        self.fields["to"].error_messages.update(required=choose, invalid_choice=choose)
        if state == ComplaintState.RECEIVED:
            self.fields["note"].label = _("Triage: what it concerns and who looks into it")
            self.fields["note"].error_messages["required"] = _(
                "Write the triage: what the complaint concerns and who looks into it."
            )
        else:
            self.fields["note"].error_messages["required"] = _("Write the outcome the complaint is closed with.")
