from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RegistryConfig(AppConfig):
    """The public side: the registry of certificates, city profiles, verification and open data."""

    name = "citycert.registry"
    verbose_name = _("Registry")

    def ready(self) -> None:
        # The checks of the public address printed on certificates (citycert check, check --deploy).
        from citycert import public_address  # noqa: F401
