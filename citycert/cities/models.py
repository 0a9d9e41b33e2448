"""Cities (local governments), their populations by year and their smart services."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from citycert.cities.choices import Kind, ServiceDomain
from citycert.frameworks.schema import Framework
from citycert.language import field_in_page_language
from citycert.scoring.categories import category_for


class City(models.Model):
    """A local government that assesses itself and applies for certification."""

    code = models.CharField(_("administrative code"), max_length=16, unique=True)
    name_ko = models.CharField(_("name (Korean)"), max_length=100)
    name_en = models.CharField(_("name (English)"), max_length=100)
    kind = models.CharField(_("kind"), max_length=40, choices=Kind.choices)
    parent = models.ForeignKey("self", null=True, blank=True, on_delete=models.PROTECT, related_name="children")

    class Meta:
        verbose_name = _("city")
        verbose_name_plural = _("cities")
        ordering = ["code"]

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        return field_in_page_language(self, "name")

    @property
    def full_name(self) -> str:
        """The name with its upper-level government, e.g. 서울특별시 서초구 / Seocho-gu, Seoul."""
        if self.parent is None:
            return self.name
        # Korean puts the upper level first (서울특별시 서초구), English last (Seocho-gu, Seoul): the catalogue says.
        return gettext("%(city)s, %(region)s") % {"city": self.name, "region": self.parent.name}

    def population_in(self, year: int) -> int | None:
        """The latest population known for `year` or before (the one a round of that year would use)."""
        every = list(self.populations.all())  # one query (none if prefetched), whichever year is known
        known = [entry for entry in every if entry.year <= year] or every
        return max(known, key=lambda entry: entry.year).population if known else None

    def category_in(self, framework: Framework, year: int) -> str | None:
        """The category a framework places this city in: computed from its rules, never stored."""
        return category_for(framework, kind=self.kind, population=self.population_in(year))


class Population(models.Model):
    """A city's population in one year, with where the figure comes from."""

    city = models.ForeignKey(City, on_delete=models.CASCADE, related_name="populations")
    year = models.PositiveSmallIntegerField(_("year"))
    population = models.PositiveIntegerField(_("population"))
    source = models.CharField(_("source"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("population")
        verbose_name_plural = _("populations")
        constraints = [models.UniqueConstraint(fields=["city", "year"], name="one_population_per_city_year")]
        ordering = ["city", "year"]

    def __str__(self) -> str:
        return f"{self.city.code} {self.year}: {self.population}"


class SmartService(models.Model):
    """A smart-city service a city runs, e.g. smart shelters (스마트쉼터)."""

    city = models.ForeignKey(City, on_delete=models.CASCADE, related_name="services")
    name_ko = models.CharField(_("name (Korean)"), max_length=200)
    name_en = models.CharField(_("name (English)"), max_length=200)
    domain = models.CharField(_("service domain"), max_length=3, choices=ServiceDomain.choices)
    # The company that provides the service: Korea's service certification certifies the service and its
    # provider, with the city where it runs (blank for a service the city runs itself).
    provider_ko = models.CharField(_("provider (Korean)"), max_length=200, blank=True)
    provider_en = models.CharField(_("provider (English)"), max_length=200, blank=True)
    since = models.PositiveSmallIntegerField(_("in service since"), null=True, blank=True)
    scale_ko = models.CharField(_("scale (Korean)"), max_length=300, blank=True)
    scale_en = models.CharField(_("scale (English)"), max_length=300, blank=True)
    description_ko = models.TextField(_("description (Korean)"), blank=True)
    description_en = models.TextField(_("description (English)"), blank=True)
    source = models.CharField(_("source"), max_length=300, blank=True)
    # Items this service is evidence for: [{"framework": "kr-smartcity", "item": "D3.I1.2"}, …]
    evidence_for = models.JSONField(_("evidence for items"), default=list, blank=True)

    class Meta:
        verbose_name = _("smart service")
        verbose_name_plural = _("smart services")
        ordering = ["city", "domain", "name_ko"]

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        return field_in_page_language(self, "name")

    @property
    def provider(self) -> str:
        return field_in_page_language(self, "provider")

    @property
    def scale(self) -> str:
        return field_in_page_language(self, "scale")
