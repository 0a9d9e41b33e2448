from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CertificationConfig(AppConfig):
    """The certifying body's work: rounds, panels, independent review, decisions, certificates, surveillance."""

    name = "citycert.certification"
    verbose_name = _("Certification")

    def ready(self) -> None:
        from django.db.models.signals import post_migrate

        import citycert.certification.checks  # noqa: F401  (registers the deploy check of the signing key)

        post_migrate.connect(make_signing_key_at_install, sender=self)


def make_signing_key_at_install(**kwargs: object) -> None:
    """`migrate` is the install step of a trial or development install: the certificate signing key is made then,
    once, outside the database. Production is given its key as a deploy secret and never makes one."""
    from django.conf import settings

    from citycert.signing import configured_pem, private_key

    if not settings.PRODUCTION and configured_pem() is None:
        private_key()
        print(f"citycert: certificate signing key made at {settings.SIGNING_KEY_FILE}")
