from __future__ import annotations

from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class LibraryConfig(AppConfig):
    """The framework library as stored: every imported framework and crosswalk version."""

    name = "citycert.library"
    verbose_name = _("Framework library")

    def ready(self) -> None:
        from citycert.library.store import import_bundled_after_migrate

        post_migrate.connect(import_bundled_after_migrate, sender=self)
