"""Good-practice cases: what a city did that evidenced an item of a scheme, the level it reached there, and
where that is published."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from citycert.cities.models import City
from citycert.language import field_in_page_language
from citycert.practices.choices import Origin


class Case(models.Model):
    """A city's practice or smart service that evidenced one or more items of a scheme in a given year."""

    key = models.SlugField(_("key"), max_length=80, unique=True)
    city = models.ForeignKey(City, on_delete=models.PROTECT, related_name="cases")
    year = models.PositiveSmallIntegerField(_("year"))
    framework_id = models.CharField(_("framework"), max_length=64)
    title_ko = models.CharField(_("title (Korean)"), max_length=200)
    title_en = models.CharField(_("title (English)"), max_length=200)
    description_ko = models.TextField(_("description (Korean)"))
    description_en = models.TextField(_("description (English)"))
    # What the sources say of the result, e.g. "all 22 items at level 3 or above".
    result_ko = models.CharField(_("result (Korean)"), max_length=300, blank=True)
    result_en = models.CharField(_("result (English)"), max_length=300, blank=True)
    origin = models.CharField(_("origin"), max_length=10, choices=Origin.choices)
    # A case a city published rests on one of its decided applications; the levels are read from it.
    application = models.ForeignKey(
        "certification.Application", null=True, blank=True, on_delete=models.PROTECT, related_name="cases"
    )
    service = models.ForeignKey(
        "cities.SmartService", null=True, blank=True, on_delete=models.SET_NULL, related_name="cases"
    )
    published_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL)
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)

    class Meta:
        verbose_name = _("good-practice case")
        verbose_name_plural = _("good-practice cases")
        ordering = ["-year", "key"]

    def __str__(self) -> str:
        return self.title

    @property
    def title(self) -> str:
        return field_in_page_language(self, "title")

    @property
    def description(self) -> str:
        return field_in_page_language(self, "description")

    @property
    def result(self) -> str:
        return field_in_page_language(self, "result")


class CaseItem(models.Model):
    """One item a case evidenced, with the level (or value) reached there when a source or a decision states it."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="items")
    item_id = models.CharField(_("item"), max_length=64)
    reached = models.DecimalField(_("level or value reached"), max_digits=14, decimal_places=4, null=True, blank=True)
    # True when the source names the practice but not the item: the item is our reading of it.
    inferred = models.BooleanField(_("item inferred"), default=False)

    class Meta:
        verbose_name = _("item evidenced")
        verbose_name_plural = _("items evidenced")
        constraints = [models.UniqueConstraint(fields=["case", "item_id"], name="one_entry_per_case_item")]
        ordering = ["case", "item_id"]

    def __str__(self) -> str:
        return f"{self.case.key}: {self.item_id}"


class CaseSource(models.Model):
    """Where a case is published: the outlet, the date and the address."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="sources")
    outlet = models.CharField(_("outlet"), max_length=120)
    url = models.URLField(_("address"), max_length=500, blank=True)
    published_on = models.DateField(_("published on"), null=True, blank=True)

    class Meta:
        verbose_name = _("source")
        verbose_name_plural = _("sources")
        ordering = ["case", "published_on", "pk"]

    def __str__(self) -> str:
        return self.outlet
