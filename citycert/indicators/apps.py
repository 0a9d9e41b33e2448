from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class IndicatorsConfig(AppConfig):
    """Indicator series kept current between reviews, and the monitoring of certified cities."""

    name = "citycert.indicators"
    verbose_name = _("Indicators")
