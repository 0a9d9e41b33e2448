"""The assessment pages' forms outside the items themselves: starting an assessment, adding evidence and
uploading a filled spreadsheet. `add_evidence` and the workflow stay the judges; the forms put each error at
its field."""

from __future__ import annotations

from collections.abc import Container
from typing import Any, cast

from django import forms
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from citycert.assessments.choices import AssessmentKind
from citycert.assessments.row_html import escape, item_options
from citycert.cities.models import City
from citycert.frameworks.schema import Framework
from citycert.library.models import FrameworkVersion
from citycert.page_forms import DateField, PageForm, text_field
from citycert.scoring.model import compile_framework


class VersionChoice(forms.ModelChoiceField):  # type: ignore[type-arg]
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.name} ({obj.version})"


class EarlierChoice(forms.ModelChoiceField):  # type: ignore[type-arg]
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.year} · {obj.framework_version.name} ({obj.framework_version.version}) · {obj.get_kind_display()}"


class NewAssessmentForm(PageForm):
    """A city's officer starts an assessment: from scratch on a framework, from an earlier one, or pre-filled
    through a crosswalk from an assessment on another framework."""

    framework_version = VersionChoice(queryset=None, empty_label=None, required=False, label=gettext_lazy("Framework"))
    kind = forms.ChoiceField(label=gettext_lazy("Kind"), choices=AssessmentKind.choices)
    year = forms.IntegerField(
        label=gettext_lazy("Year"),
        min_value=2000,
        max_value=2100,
        widget=forms.TextInput(attrs={"inputmode": "numeric"}),
    )
    start_from = EarlierChoice(
        queryset=None, required=False, label=gettext_lazy("Or start from an earlier assessment (renewal, next year)")
    )
    prefill_from = EarlierChoice(
        queryset=None,
        required=False,
        label=gettext_lazy("Pre-fill through a crosswalk from an assessment on another framework"),
    )

    def __init__(self, city: City, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        between = _("Choose a year between 2000 and 2100.")
        self.fields["year"].error_messages.update(
            required=between, invalid=between, min_value=between, max_value=between
        )
        self.fields["framework_version"].queryset = FrameworkVersion.objects.defer("document").order_by(  # type: ignore[attr-defined]
            "framework_id", "-version"
        )
        self.fields["framework_version"].error_messages.update(
            required=_("Choose a framework."), invalid_choice=_("Choose a framework.")
        )
        earlier = (
            city.assessments.filter(application__isnull=True)  # an application's frozen copy is not the city's
            .select_related("framework_version")
            .defer("framework_version__document")
            .order_by("-year", "-created_at")
        )
        for name in ("start_from", "prefill_from"):
            self.fields[name].queryset = earlier  # type: ignore[attr-defined]
            self.fields[name].empty_label = "—"  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if (
            data.get("start_from") is None
            and data.get("framework_version") is None
            and "framework_version" not in self.errors
        ):
            self.add_error("framework_version", _("Choose a framework."))
        return data


class ItemsSelect(forms.SelectMultiple):
    """The items evidence supports, from the options made once per framework (a large framework has hundreds):
    only the ones chosen are marked, so a refused form keeps them."""

    def __init__(self, framework: Framework, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(attrs)
        self.framework = framework

    def render(self, name: str, value: Any, attrs: dict[str, Any] | None = None, renderer: Any = None) -> SafeString:
        options = str(item_options(self.framework))
        for chosen in value or []:
            marker = f'<option value="{escape(chosen)}">'
            options = options.replace(marker, f'<option value="{escape(chosen)}" selected>', 1)
        final = self.build_attrs(self.attrs, {**(attrs or {}), "name": name, "multiple": True})
        rendered = "".join(
            f' {key}="{escape(val)}"' if val is not True else f" {key}"
            for key, val in final.items()
            if val is not False
        )
        return mark_safe(f"<select{rendered}>{options}</select>")  # noqa: S308 - escaped above and in item_options


class ItemsField(forms.MultipleChoiceField):
    """The items evidence supports, checked against the framework's compiled items: a list of a thousand choices
    made (and normalised by Django) for every page was a fifth of the assessment page's time, and ItemsSelect
    draws the options anyway."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.item_ids: Container[str] = ()

    def valid_value(self, value: Any) -> bool:
        return str(value) in self.item_ids


class EvidenceForm(PageForm):
    """A file or a link as evidence, for the items it supports."""

    summary = gettext_lazy("The evidence was not added: see the notes below the fields.")

    title = text_field(gettext_lazy("Title"), max_length=200)
    file = forms.FileField(
        label=gettext_lazy("File (PDF, image, office document, HWP or CSV; 20 MB at most)"),
        required=False,
        allow_empty_file=True,  # add_evidence says what is wrong with an empty file
    )
    url = text_field(gettext_lazy("or a link"), required=False, max_length=500, placeholder="https://", type="url")
    effective_from = DateField(label=gettext_lazy("Effective from"), required=False)
    expires_on = DateField(label=gettext_lazy("Expires on"), required=False)
    items = ItemsField(label=gettext_lazy("Items it supports"))

    def __init__(self, framework: Framework, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["title"].error_messages["required"] = _("Give the evidence a title.")
        choose = _("Choose the items this evidence supports.")
        self.fields["items"].error_messages.update(required=choose, invalid_choice=choose)
        cast(ItemsField, self.fields["items"]).item_ids = compile_framework(framework).item_by_id
        self.fields["items"].widget = ItemsSelect(framework, attrs={"size": 6})

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        url, upload = data.get("url", ""), data.get("file")
        if upload is None and not url and "url" not in self.errors:
            self.add_error("file", _("Give either a file or a link."))
        elif upload is not None and url:
            self.add_error("url", _("Give either a file or a link."))
        elif url and not url.startswith(("https://", "http://")):
            self.add_error("url", _("A link must start with https:// or http://."))
        effective, expires = data.get("effective_from"), data.get("expires_on")
        if effective and expires and expires < effective:
            self.add_error("expires_on", _("The expiry date is before the date the evidence is effective from."))
        return data


class SheetForm(PageForm):
    """The spreadsheet downloaded from the assessment, filled in and sent back for a preview."""

    sheet = forms.FileField(
        label=gettext_lazy("Filled spreadsheet (XLSX or CSV)"),
        error_messages={
            "required": gettext_lazy("Choose the .xlsx or .csv file to upload."),
        },
        allow_empty_file=True,  # the reader says what is wrong with an empty file
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx,.csv"}),
    )
