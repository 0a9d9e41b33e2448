from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CitiesConfig(AppConfig):
    """Local governments, their populations by year and their smart services."""

    name = "citycert.cities"
    verbose_name = _("Cities")
