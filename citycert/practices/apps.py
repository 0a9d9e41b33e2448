from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PracticesConfig(AppConfig):
    """The good-practice library: cities' practices and services that evidenced a scheme's items."""

    name = "citycert.practices"
    verbose_name = _("Good practices")
