from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    """People and the role each plays: city officer, assessor, certifier, administrator."""

    name = "citycert.accounts"
    verbose_name = _("Accounts")

    def ready(self) -> None:
        # The second factor owed is decided at each sign-in (a signal receiver); the roles named are checked.
        from citycert.accounts import checks, second_factor  # noqa: F401
