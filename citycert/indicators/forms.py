"""The form that uploads a file of indicator values; what the file holds is checked by
`importing.planning.plan_import`, and its refusal is shown at the file's field."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy

from citycert.page_forms import PageForm


class ImportForm(PageForm):
    file = forms.FileField(
        label=gettext_lazy("File"),
        error_messages={
            "required": gettext_lazy("Choose the CSV or XLSX file to import."),
        },
        allow_empty_file=True,  # the reader says what is wrong with an empty file
        widget=forms.ClearableFileInput(
            attrs={"accept": ".csv,.xlsx,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"}
        ),
    )
