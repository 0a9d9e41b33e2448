"""One way for every form of the pages: a Django form whose errors stand at their fields in the page's language,
shown again with everything typed in it kept, under a status that says it was refused (400 for input that cannot
be taken, 409 for a rule that refused it). Templates render each field with `_field.html`."""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

INVALID = 400  # input that cannot be taken: the form again, each error at its field
REFUSED_BY_RULE = 409  # a named rule refused the step, or somebody else got there first


class FieldErrors:
    """What every form of the pages does, also mixed into Django's own forms (the password change): a field in
    error is marked for screen readers (aria-invalid, and described by its error), and the labels carry no colon
    of their own: the templates lay them out."""

    fields: dict[str, forms.Field]
    errors: Any
    summary: Any = ""  # said above a refused form's errors, when the form has its own words for it

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)

    @property
    def has_field_errors(self) -> bool:
        """Whether a field shown on the page has an error of its own."""
        return any(
            self[name].errors  # type: ignore[index]
            for name in self.errors
            if name in self.fields and not self.fields[name].widget.is_hidden
        )

    def choose_again(self, field: str, names: list[str]) -> None:
        """After a refusal the files have to be chosen again (a page cannot hold a chosen file): say which."""
        if [name for name in names if name]:
            self.fields[field].help_text = _("Choose the file again: %(names)s") % {
                "names": ", ".join(name for name in names if name)
            }

    def add_error(self, field: str | None, error: ValidationError | str | Any) -> None:
        super().add_error(field, error)  # type: ignore[misc]
        if field is not None and field in self.fields:
            bound = self[field]  # type: ignore[index]
            described = [f"{bound.auto_id}_error"]
            if self.fields[field].help_text:
                described.append(f"{bound.auto_id}_helptext")
            self.fields[field].widget.attrs.update({"aria-invalid": "true", "aria-describedby": " ".join(described)})


class PageForm(FieldErrors, forms.Form):
    """A form of the pages."""


class DateInput(forms.DateInput):
    """The browser's date picker; the value travels as YYYY-MM-DD whatever the page's language."""

    input_type = "date"

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(attrs, format="%Y-%m-%d")


class DateField(forms.DateField):
    input_formats = ("%Y-%m-%d",)
    widget = DateInput


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files from one input; none is an empty list."""

    widget = MultipleFileInput

    def clean(self, data: Any, initial: Any = None) -> Any:
        if isinstance(data, (list, tuple)):
            return [super(MultipleFileField, self).clean(one, initial) for one in data]
        return [super().clean(data, initial)] if data else []


def text_field(label: Any, *, required: bool = True, max_length: int | None = None, rows: int = 0, **attrs: Any) -> Any:
    """A text field: one line, or a text area of `rows` lines; surrounding spaces are dropped."""
    widget = forms.Textarea(attrs={"rows": rows, **attrs}) if rows else forms.TextInput(attrs=attrs)
    return forms.CharField(label=label, required=required, max_length=max_length, widget=widget, strip=True)


def set_choices(field: forms.Field, choices: Any) -> None:
    """The choices of a choice field made for the request (the page's language, the round's panels)."""
    cast(forms.ChoiceField, field).choices = choices
