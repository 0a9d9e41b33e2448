from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CertificationConfig(AppConfig):
    """The certifying body's work: rounds, panels, independent review, decisions, certificates, surveillance."""

    name = "citycert.certification"
    verbose_name = _("Certification")

    def ready(self) -> None:
        from django.db.models.signals import post_migrate

        post_migrate.connect(make_signing_key_at_install, sender=self)


def make_signing_key_at_install(**kwargs: object) -> None:
    """`migrate` is the install step: the certificate signing key is made then, once, outside the database."""
    from django.conf import settings

    from citycert.certification.signing import private_key

    if not settings.SIGNING_KEY_FILE.exists():
        private_key()
        print(f"citycert: certificate signing key made at {settings.SIGNING_KEY_FILE}")
