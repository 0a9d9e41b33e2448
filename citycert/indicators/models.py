"""Indicator series: a value per city, item and period, with its unit, source and quality; revisions are
new rows that supersede the old one (with the reason), never overwrites. Imports, projections of the next
review and alerts are kept beside them."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from citycert.assessments.choices import DataQuality
from citycert.assessments.models import Evidence
from citycert.certification.models import Certificate
from citycert.cities.models import City
from citycert.language import field_in_page_language

USER = settings.AUTH_USER_MODEL


class ImportRun(models.Model):
    """One file (or API batch) of values: what it held, what it would change, and whether it was committed."""

    by = models.ForeignKey(USER, null=True, on_delete=models.SET_NULL, related_name="+")
    at = models.DateTimeField(auto_now_add=True)
    file_name = models.CharField(max_length=255)
    sha256 = models.CharField(max_length=64)
    rows = models.PositiveIntegerField(default=0)
    added = models.PositiveIntegerField(default=0)
    changed = models.PositiveIntegerField(default=0)
    unchanged = models.PositiveIntegerField(default=0)
    rejected = models.PositiveIntegerField(default=0)
    committed = models.BooleanField(default=False)
    # The rejected rows, [{line, field, reason, text}], so that a scheduled import's problems can be read later.
    report = models.JSONField(default=list, blank=True)
    schedule = models.ForeignKey(
        "ImportSchedule", null=True, blank=True, on_delete=models.SET_NULL, related_name="runs"
    )

    def __str__(self) -> str:
        return f"{self.file_name} ({self.at:%Y-%m-%d %H:%M})"


class ImportSchedule(models.Model):
    """A file a city publishes (its open-data portal's export, say), fetched and imported every few days.

    Scheduled imports cannot be previewed by a person, so they keep the good rows and record the rejected
    ones on the run, for the city to read; `citycert indicators fetch` runs the schedules that are due."""

    city = models.ForeignKey(City, on_delete=models.CASCADE, related_name="import_schedules")
    url = models.URLField(_("address of the file"), max_length=500)
    every_days = models.PositiveSmallIntegerField(_("every (days)"), default=7)
    created_by = models.ForeignKey(USER, null=True, on_delete=models.SET_NULL, related_name="+")
    active = models.BooleanField(default=True)
    last_run_at = models.DateTimeField(null=True, blank=True)
    last_outcome = models.TextField(blank=True)

    def __str__(self) -> str:
        return f"{self.city_id}: {self.url} every {self.every_days} days"


def period_text(year: int, month: int) -> str:
    """A period as people write it and the importer reads it: 2024 for a year (month 0), 2024-03 for a month."""
    return f"{year}-{month:02d}" if month else str(year)


class IndicatorValue(models.Model):
    """A city's value of a quantitative item for a period (a year, or a month of it: month 0 is the year)."""

    city = models.ForeignKey(City, on_delete=models.PROTECT, related_name="indicator_values")
    framework_id = models.CharField(max_length=64)
    item_id = models.CharField(max_length=80)
    year = models.PositiveSmallIntegerField(_("year"))
    month = models.PositiveSmallIntegerField(_("month"), default=0)  # 0: the whole year
    value = models.DecimalField(_("value"), max_digits=20, decimal_places=6)
    unit = models.CharField(_("unit"), max_length=40, blank=True)
    source = models.CharField(_("source"), max_length=300, blank=True)
    quality = models.CharField(_("data quality"), max_length=20, choices=DataQuality.choices, blank=True)
    # No index on these three: an import writes a million rows, and every index is written with each one; they
    # are looked up only when evidence, a person or an import run is deleted.
    evidence = models.ForeignKey(
        Evidence, null=True, blank=True, on_delete=models.SET_NULL, related_name="+", db_index=False
    )
    entered_by = models.ForeignKey(USER, null=True, on_delete=models.SET_NULL, related_name="+", db_index=False)
    imported_in = models.ForeignKey(
        ImportRun, null=True, blank=True, on_delete=models.PROTECT, related_name="values", db_index=False
    )
    recorded_at = models.DateTimeField(auto_now_add=True)
    # A revision is a new row; the old one keeps its value and points to what replaced it, and why.
    current = models.BooleanField(default=True)
    replaces = models.OneToOneField("self", null=True, blank=True, on_delete=models.PROTECT, related_name="replaced_by")
    reason = models.CharField(_("reason for the revision"), max_length=300, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["city", "framework_id", "item_id", "year", "month"],
                condition=models.Q(current=True),
                name="one_current_value_per_period",
            )
        ]

    def __str__(self) -> str:
        return f"{self.city_id} {self.framework_id}:{self.item_id} {self.period} = {self.value}"

    @property
    def period(self) -> str:
        return period_text(self.year, self.month)

    @property
    def reason_shown(self) -> str:
        """Why this value was revised, in the reader's language: a revision an import made without a reason of its
        own reads "import of FILE" (which older versions stored, in the language of the run: said again here)."""
        if self.imported_in is None:
            return self.reason
        name = self.imported_in.file_name
        generated = {"", f"import of {name}"[:300], f"{name} 가져오기"[:300]}
        if self.reason not in generated:
            return self.reason
        return str(_("import of %(name)s")) % {"name": name} if self.replaces_id is not None else ""


class Projection(models.Model):
    """A certified city's next review scored now: its certificate's decided result with each quantitative
    item replaced by the latest value of its series. Worked out when values change, read by the pages."""

    certificate = models.OneToOneField(Certificate, on_delete=models.CASCADE, related_name="projection")
    total = models.DecimalField(max_digits=12, decimal_places=4)
    maximum = models.DecimalField(max_digits=12, decimal_places=4)
    bar = models.DecimalField(max_digits=12, decimal_places=4, null=True)  # points the scheme requires
    passes = models.BooleanField()
    decided_total = models.DecimalField(max_digits=12, decimal_places=4)
    drivers = models.JSONField(default=list)  # [{item, decided, projected}] biggest change first
    below = models.JSONField(default=list)  # items below their bar (levelled schemes) or failed conditions
    overdue = models.JSONField(default=list)  # items whose newest value is older than last year
    computed_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"{self.certificate_id}: {self.total} / {self.maximum}"

    @property
    def margin(self) -> float | None:
        return float(self.total - self.bar) if self.bar is not None else None


class Alert(models.Model):
    """Something a city or the certifying body should know, raised at most once per condition."""

    class Kind(models.TextChoices):
        BELOW_BAR = "below_bar", _("projected score below the bar")
        DROP = "drop", _("value dropped")
        OVERDUE = "overdue", _("data overdue")
        EVIDENCE = "evidence", _("evidence expires before the review")

    class Audience(models.TextChoices):
        CITY = "city", _("the city")
        BODY = "body", _("the certifying body")

    kind = models.CharField(max_length=20, choices=Kind.choices)
    audience = models.CharField(max_length=10, choices=Audience.choices)
    city = models.ForeignKey(City, on_delete=models.CASCADE, related_name="alerts")
    condition = models.CharField(max_length=200)  # what makes two alerts the same one
    # The message as the catalogue's sentence and the values it fills in (the city's name apart, read in the
    # reader's language), so that each reader reads it in theirs, a language added later included.
    wording = models.TextField(blank=True)
    values = models.JSONField(default=dict, blank=True)
    # The message as it was first written, in Korean and English: the record of what was sent (and the message
    # of alerts raised before `wording` was kept).
    message_ko = models.TextField()
    message_en = models.TextField()
    raised_at = models.DateTimeField(auto_now_add=True)
    emailed_to = models.TextField(blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["audience", "city", "condition"], name="one_alert_per_condition")
        ]

    def __str__(self) -> str:
        return f"{self.audience} {self.city_id} {self.condition}"

    @property
    def message(self) -> str:
        """The message in the current language."""
        if not self.wording:
            return field_in_page_language(self, "message")
        return gettext(self.wording) % {"city": self.city.name, **self.values}


class WatchedCity(models.Model):
    """A city someone of the certifying body keeps an eye on: starred in the monitoring view."""

    user = models.ForeignKey(USER, on_delete=models.CASCADE, related_name="watched_cities")
    city = models.ForeignKey(City, on_delete=models.CASCADE, related_name="watchers")
    since = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "city"], name="watch_a_city_once")]

    def __str__(self) -> str:
        return f"{self.user_id} watches {self.city_id}"
