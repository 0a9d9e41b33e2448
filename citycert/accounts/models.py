"""The role a person plays in citycert; the permission module reads nothing else."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from citycert.cities.models import City


class Role(models.TextChoices):
    """What a person may do is decided by their role (see citycert.permissions)."""

    CITY_OFFICER = "city_officer", _("city officer")
    ASSESSOR = "assessor", _("assessor")
    CERTIFIER = "certifier", _("certifier")
    ADMINISTRATOR = "administrator", _("administrator")


class Profile(models.Model):
    """A person's role, and for a city officer the cities they work for."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="profile")
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)
    cities = models.ManyToManyField(City, blank=True, related_name="officers", verbose_name=_("cities"))
    organisation = models.CharField(_("organisation"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("profile")
        verbose_name_plural = _("profiles")

    def __str__(self) -> str:
        return f"{self.user} ({self.get_role_display()})"
