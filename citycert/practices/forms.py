"""The form a city officer publishes a case with."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from citycert.certification.models import Application
from citycert.cities.models import SmartService
from citycert.language import in_page_language
from citycert.page_forms import PageForm, set_choices, text_field


class PublishCaseForm(PageForm):
    """A case on one of the city's announced applications: which, the items it evidenced, and its text."""

    application = forms.TypedChoiceField(label=_("Announced result it evidenced"), coerce=int)
    items = forms.MultipleChoiceField(
        label=_("Items it evidenced"),
        widget=forms.CheckboxSelectMultiple,
        help_text=_("The level reached at each item is read from the announced result."),
    )
    service = forms.TypedChoiceField(label=_("Smart service (optional)"), coerce=int, required=False, empty_value=None)
    title_ko = text_field(_("Title in Korean"), max_length=200)
    title_en = text_field(_("Title in English"), max_length=200)
    description_ko = text_field(_("Description in Korean"), rows=4, max_length=2000)
    description_en = text_field(_("Description in English"), rows=4, max_length=2000)
    url = forms.URLField(
        label=_("Address where it is described (optional)"), required=False, max_length=500, assume_scheme="https"
    )

    def __init__(self, applications: list[Application], services: list[SmartService], *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        set_choices(
            self.fields["application"],
            [(application.pk, f"{application.round.name} ({application.round.year})") for application in applications],
        )
        items = []
        for version in {application.round.framework_version for application in applications}:
            framework = version.framework
            items += [
                (node.id, f"{node.id} {in_page_language(node.name)}") for node in framework.nodes if node.assessable
            ]
        set_choices(self.fields["items"], items)
        set_choices(self.fields["service"], [("", "-")] + [(service.pk, service.name) for service in services])
