"""Choices for assessments: kinds, states and the data-quality values of a reported figure."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class AssessmentKind(models.TextChoices):
    """Why an assessment is made."""

    SELF_ASSESSMENT = "self_assessment", _("self-assessment")
    CERTIFICATION = "certification", _("certification")
    SURVEILLANCE = "surveillance", _("surveillance audit")
    RENEWAL = "renewal", _("renewal")


class State(models.TextChoices):
    """Where an assessment is in its life: a draft, submitted (locked for the city), or withdrawn."""

    DRAFT = "draft", _("draft")
    SUBMITTED = "submitted", _("submitted")
    WITHDRAWN = "withdrawn", _("withdrawn")


class DataQuality(models.TextChoices):
    """How a reported figure was obtained (the six values of the U4SSC verification template)."""

    MEASURED = "measured", _("based on accurate measurements")
    SURVEY = "survey", _("extrapolated from a survey of inhabitants")
    HIGHER_LEVEL = "higher_level", _("extrapolated from higher-level data")
    ASSUMPTIONS = "assumptions", _("estimation based on assumptions")
    PERSONAL = "personal", _("personal estimation")
    UNKNOWN = "unknown", _("unknown methodology, not traceable")
