"""Choices of the certification workflow."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class ApplicationState(models.TextChoices):
    """Where a city's application is in its round."""

    APPLIED = "applied", _("applied")
    IN_REVIEW = "in_review", _("in review")
    DECIDED = "decided", _("decided")
    WITHDRAWN = "withdrawn", _("withdrawn")


class Outcome(models.TextChoices):
    CERTIFIED = "certified", _("certified")
    NOT_CERTIFIED = "not_certified", _("not certified")


class WaiverState(models.TextChoices):
    """A review stage waived for one application: asked for by one certifier, approved or declined by another."""

    REQUESTED = "requested", _("awaiting a second certifier")
    APPROVED = "approved", _("approved")
    DECLINED = "declined", _("declined")


class CertificateStatus(models.TextChoices):
    """A certificate's stored status; `expired` and `renewal_pending` are never stored but read off the expiry date
    and, where the scheme keeps a certificate valid while its extension is decided, the city's applications."""

    VALID = "valid", _("valid")
    RENEWAL_PENDING = "renewal_pending", _("valid, renewal pending")
    SUSPENDED = "suspended", _("suspended")
    WITHDRAWN = "withdrawn", _("withdrawn")
    EXPIRED = "expired", _("expired")


class FindingKind(models.TextChoices):
    MAJOR = "major", _("major nonconformity")
    MINOR = "minor", _("minor nonconformity")
    OBSERVATION = "observation", _("observation")


class FindingState(models.TextChoices):
    OPEN = "open", _("open")
    ANSWERED = "answered", _("answered by the city")
    VERIFIED = "verified", _("closed and verified")


class AuditKind(models.TextChoices):
    """What falls due after a certificate is issued."""

    SURVEILLANCE = "surveillance", _("surveillance audit")
    EXTENSION = "extension", _("extension request")


class ArchiveState(models.TextChoices):
    """Where a round's ZIP of PDFs is in being built."""

    QUEUED = "queued", _("queued")
    RUNNING = "running", _("being built")
    DONE = "done", _("ready")
    FAILED = "failed", _("failed")
