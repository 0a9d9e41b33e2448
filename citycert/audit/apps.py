from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AuditConfig(AppConfig):
    """The append-only, hash-chained log of every change of state."""

    name = "citycert.audit"
    verbose_name = _("Audit log")
