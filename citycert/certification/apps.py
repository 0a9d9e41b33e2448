from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CertificationConfig(AppConfig):
    """The certifying body's work: rounds, panels, independent review, decisions, certificates, surveillance."""

    name = "citycert.certification"
    verbose_name = _("Certification")
