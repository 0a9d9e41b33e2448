from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    """People and the role each plays: city officer, assessor, certifier, administrator."""

    name = "citycert.accounts"
    verbose_name = _("Accounts")
