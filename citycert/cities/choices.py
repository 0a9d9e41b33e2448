"""Choices for cities: kinds of local government and the smart-service domains of the decree."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class Kind(models.TextChoices):
    """Kinds of local government (지방자치단체); the ids match frameworks' category rules."""

    SPECIAL_CITY = "special_city", _("special city")
    METROPOLITAN_CITY = "metropolitan_city", _("metropolitan city")
    SPECIAL_SELF_GOVERNING_CITY = "special_self_governing_city", _("special self-governing city")
    PROVINCE = "province", _("province")
    SPECIAL_SELF_GOVERNING_PROVINCE = "special_self_governing_province", _("special self-governing province")
    CITY = "city", _("city")
    COUNTY = "county", _("county")
    AUTONOMOUS_DISTRICT = "autonomous_district", _("autonomous district")
    MUNICIPALITY = "municipality", _("municipality (outside Korea)")


class ServiceDomain(models.TextChoices):
    """The smart-city service domains of the Smart City Act's Enforcement Decree, Art. 2."""

    S01 = "S01", _("Administration")
    S02 = "S02", _("Transport")
    S03 = "S03", _("Health, medical care and welfare")
    S04 = "S04", _("Environment, energy and water")
    S05 = "S05", _("Crime and disaster prevention")
    S06 = "S06", _("Facility management")
    S07 = "S07", _("Education")
    S08 = "S08", _("Culture, tourism and sports")
    S09 = "S09", _("Logistics")
    S10 = "S10", _("Labour and employment")
    S11 = "S11", _("Housing")
    S12 = "S12", _("Other fields notified by MOLIT")
