from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AssessmentsConfig(AppConfig):
    """A city's assessments: answers per item, evidence, and the workflow of a submission."""

    name = "citycert.assessments"
    verbose_name = _("Assessments")
