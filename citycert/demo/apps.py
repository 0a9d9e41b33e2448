from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DemoConfig(AppConfig):
    """Loads the demo cities, services, accounts and published results (`citycert demo`)."""

    name = "citycert.demo"
    verbose_name = _("Demo data")
