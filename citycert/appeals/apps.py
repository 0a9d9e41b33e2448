from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AppealsConfig(AppConfig):
    """Appeals against decisions and complaints from anyone (ISO/IEC 17065 7.13), handled apart and recorded."""

    name = "citycert.appeals"
    verbose_name = _("Appeals and complaints")
