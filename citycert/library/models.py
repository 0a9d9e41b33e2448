"""Stored framework and crosswalk versions: immutable once imported."""

from __future__ import annotations

from typing import Any

from django.db import models
from django.utils.translation import gettext_lazy as _

from citycert.frameworks.describe import edition_name
from citycert.frameworks.schema import Crosswalk, Framework, Text
from citycert.language import field_in_page_language

_parsed: dict[tuple[int, str], Any] = {}


class StoredDocument(models.Model):
    """What every imported file keeps: its validated document, a digest of it, and where it came from."""

    version = models.CharField(_("version"), max_length=32)
    document = models.JSONField(_("document"))
    digest = models.CharField(_("SHA-256 of the document"), max_length=64)
    source_name = models.CharField(_("imported from"), max_length=500)
    bundled = models.BooleanField(_("bundled with citycert"), default=False)
    imported_at = models.DateTimeField(_("imported at"), auto_now_add=True)

    class Meta:
        abstract = True


class FrameworkVersion(StoredDocument):
    """One version of a framework. Never changed after import, so assessments made on it stay valid."""

    framework_id = models.CharField(_("framework id"), max_length=64)
    name_ko = models.CharField(_("name (Korean)"), max_length=300)
    name_en = models.CharField(_("name (English)"), max_length=300)

    class Meta:
        verbose_name = _("framework version")
        verbose_name_plural = _("framework versions")
        constraints = [models.UniqueConstraint(fields=["framework_id", "version"], name="unique_framework_version")]
        ordering = ["framework_id", "version"]

    def __str__(self) -> str:
        return self.key

    @property
    def key(self) -> str:
        return f"{self.framework_id}@{self.version}"

    @property
    def name(self) -> str:
        return field_in_page_language(self, "name")

    @property
    def edition(self) -> Text:
        """How people name this version ("2021년 판 (세부지표 63개)"), in both languages, for |tr."""
        return edition_name(self.framework)

    @property
    def framework(self) -> Framework:
        """The parsed framework, built once per process (the stored document never changes)."""
        cache_key = (self.pk, self.digest)
        if cache_key not in _parsed:
            _parsed[cache_key] = Framework.model_validate(self.document)
        parsed: Framework = _parsed[cache_key]
        return parsed


class CrosswalkVersion(StoredDocument):
    """One version of a crosswalk between two stored framework versions."""

    crosswalk_id = models.CharField(_("crosswalk id"), max_length=64)
    source = models.ForeignKey(FrameworkVersion, on_delete=models.PROTECT, related_name="crosswalks_from")
    target = models.ForeignKey(FrameworkVersion, on_delete=models.PROTECT, related_name="crosswalks_to")

    class Meta:
        verbose_name = _("crosswalk version")
        verbose_name_plural = _("crosswalk versions")
        constraints = [models.UniqueConstraint(fields=["crosswalk_id", "version"], name="unique_crosswalk_version")]
        ordering = ["crosswalk_id", "version"]

    def __str__(self) -> str:
        return f"{self.crosswalk_id}@{self.version}"

    @property
    def crosswalk(self) -> Crosswalk:
        cache_key = (-self.pk, self.digest)
        if cache_key not in _parsed:
            _parsed[cache_key] = Crosswalk.model_validate(self.document)
        parsed: Crosswalk = _parsed[cache_key]
        return parsed
