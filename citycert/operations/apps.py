from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OperationsConfig(AppConfig):
    """Running an install: backups, restores, and a clear page while the database is away."""

    name = "citycert.operations"
    verbose_name = _("Operations")
