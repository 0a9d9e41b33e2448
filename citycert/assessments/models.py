"""Assessments, the response to each item, and the evidence behind them."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from citycert.assessments.choices import AssessmentKind, DataQuality, State
from citycert.cities.models import City, SmartService
from citycert.library.models import FrameworkVersion


class Assessment(models.Model):
    """A city's answers to one framework version, for one purpose and year."""

    city = models.ForeignKey(City, on_delete=models.PROTECT, related_name="assessments")
    framework_version = models.ForeignKey(FrameworkVersion, on_delete=models.PROTECT, related_name="assessments")
    # The service assessed, for a scheme whose applicant is a service (its `city` is where the service runs);
    # empty for a city's own assessment.
    service = models.ForeignKey(
        SmartService,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="assessments",
        verbose_name=_("service"),
    )
    kind = models.CharField(_("kind"), max_length=20, choices=AssessmentKind.choices)
    year = models.PositiveSmallIntegerField(_("year"))
    state = models.CharField(_("state"), max_length=12, choices=State.choices, default=State.DRAFT)
    title = models.CharField(_("title"), max_length=200, blank=True)
    illustrative = models.BooleanField(
        _("illustrative"), default=False, help_text=_("Item-level values made up where no source publishes them.")
    )
    source_note = models.TextField(_("source"), blank=True)
    started_from = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="+", verbose_name=_("started from")
    )
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    # Raised on every change of answers, so an upload previewed against one revision cannot be applied to another.
    revision = models.PositiveIntegerField(_("revision"), default=0)

    class Meta:
        verbose_name = _("assessment")
        verbose_name_plural = _("assessments")
        ordering = ["-year", "-created_at"]

    def __str__(self) -> str:
        subject = f"{self.service} ({self.city})" if self.service_id else str(self.city)
        return f"{subject} {self.year} {self.framework_version.key} ({self.get_kind_display()})"

    @property
    def locked(self) -> bool:
        """Only a draft can be changed by the city."""
        return self.state != State.DRAFT


class Response(models.Model):
    """The answer to one item of an assessment, with where the figure comes from and why."""

    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="responses")
    item_id = models.CharField(_("item"), max_length=80)
    # The value as canonical text: a level ("3"), a number ("12.5") or "true"/"false"; "" when blank.
    value = models.CharField(_("value"), max_length=40, blank=True)
    not_applicable = models.BooleanField(_("not applicable"), default=False)
    value_year = models.PositiveSmallIntegerField(_("year of the value"), null=True, blank=True)
    data_source = models.CharField(_("data source"), max_length=300, blank=True)
    data_quality = models.CharField(_("data quality"), max_length=20, choices=DataQuality.choices, blank=True)
    justification = models.TextField(_("justification"), blank=True)
    # Answers copied from another assessment (a crosswalk, last year's) stay marked until a person confirms them.
    prefilled_from = models.CharField(_("pre-filled from"), max_length=200, blank=True)
    confirmed = models.BooleanField(_("confirmed"), default=True)
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("response")
        verbose_name_plural = _("responses")
        constraints = [models.UniqueConstraint(fields=["assessment", "item_id"], name="one_response_per_item")]

    def __str__(self) -> str:
        return f"{self.item_id} = {self.value or '-'}"


class EvidenceFile(models.Model):
    """File content, stored once however many times it is uploaded or linked (keyed by SHA-256)."""

    sha256 = models.CharField(_("SHA-256"), max_length=64, unique=True)
    size = models.PositiveBigIntegerField(_("size in bytes"))
    kind = models.CharField(_("file type"), max_length=20)
    mime = models.CharField(_("content type"), max_length=100)
    created_at = models.DateTimeField(_("stored at"), auto_now_add=True)

    class Meta:
        verbose_name = _("evidence file")
        verbose_name_plural = _("evidence files")

    def __str__(self) -> str:
        return self.sha256


class Evidence(models.Model):
    """A document, photo, data file or link that supports one or more items of an assessment."""

    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="evidence")
    title = models.CharField(_("title"), max_length=200)
    file = models.ForeignKey(EvidenceFile, null=True, blank=True, on_delete=models.PROTECT, related_name="uses")
    file_name = models.CharField(_("file name"), max_length=150, blank=True)
    url = models.URLField(_("link"), max_length=500, blank=True)
    effective_from = models.DateField(_("effective from"), null=True, blank=True)
    expires_on = models.DateField(_("expires on"), null=True, blank=True)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(_("added at"), auto_now_add=True)

    class Meta:
        verbose_name = _("evidence")
        verbose_name_plural = _("evidence")
        ordering = ["created_at"]
        constraints = [
            models.CheckConstraint(
                condition=(models.Q(file__isnull=False) & models.Q(url=""))
                | (models.Q(file__isnull=True) & ~models.Q(url="")),
                name="evidence_is_a_file_or_a_link",
            )
        ]

    def __str__(self) -> str:
        return self.title


class EvidenceLink(models.Model):
    """Evidence linked to one item of its assessment."""

    evidence = models.ForeignKey(Evidence, on_delete=models.CASCADE, related_name="links")
    item_id = models.CharField(_("item"), max_length=80)

    class Meta:
        verbose_name = _("evidence link")
        verbose_name_plural = _("evidence links")
        constraints = [models.UniqueConstraint(fields=["evidence", "item_id"], name="one_link_per_item")]

    def __str__(self) -> str:
        return f"{self.evidence_id} -> {self.item_id}"
