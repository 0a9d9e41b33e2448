from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NotificationsConfig(AppConfig):
    """Telling people of each step of the process: in the site, and by email at once or in a daily digest."""

    name = "citycert.notifications"
    verbose_name = _("Notifications")

    def ready(self) -> None:
        # Listening to the audit log (and the alerts and reminders) is what keeps the workflow untouched.
        from citycert.notifications import listening

        listening.connect()
