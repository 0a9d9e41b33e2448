"""Choices for good-practice cases: where a case comes from, and the city sizes cases are browsed by."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class Origin(models.TextChoices):
    """Who put the case in the library."""

    PRESS = "press", _("reported in the press")
    CITY = "city", _("published by the city")


class Size(models.TextChoices):
    """A city's size as the national scheme's categories put it (대도시 / 중소도시)."""

    LARGE = "large", _("large city")
    SMALL_MEDIUM = "small_medium", _("small-medium city")
