"""Appeals against certification decisions and complaints from anyone, with what was done about them."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from citycert.appeals.choices import OPEN_APPEAL_STATES, AppealState, ComplaintAbout, ComplaintState
from citycert.certification.choices import Outcome
from citycert.certification.models import Application, Certificate

USER = settings.AUTH_USER_MODEL


class Appeal(models.Model):
    """A city's appeal against the decision on its application. The decision appealed is copied in as it stood,
    since overturning replaces it and sending back removes it."""

    application = models.ForeignKey(Application, on_delete=models.PROTECT, related_name="appeals")
    state = models.CharField(_("state"), max_length=12, choices=AppealState.choices, default=AppealState.FILED)
    reasons = models.TextField(_("reasons"))
    filed_by = models.ForeignKey(USER, null=True, on_delete=models.SET_NULL, related_name="+")
    filed_at = models.DateTimeField(_("filed at"))
    # The decision appealed, as it stood when the appeal was filed.
    decision_outcome = models.CharField(max_length=20, choices=Outcome.choices)
    decision_reasons = models.TextField()
    decision_decided_at = models.DateTimeField()
    decision_decided_by = models.CharField(max_length=150, blank=True)
    handler = models.ForeignKey(USER, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    taken_at = models.DateTimeField(null=True, blank=True)
    resolution = models.TextField(_("reasons for the outcome"), blank=True)
    resolved_at = models.DateTimeField(null=True, blank=True)
    # What the outcome did: the decision's outcome afterwards (overturned), the certificate issued or withdrawn.
    new_outcome = models.CharField(max_length=20, choices=Outcome.choices, blank=True)
    certificate_issued = models.CharField(max_length=40, blank=True)
    certificate_withdrawn = models.CharField(max_length=40, blank=True)
    # Moves with every change: the registry's cached listing includes it in its key.
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("appeal")
        verbose_name_plural = _("appeals")
        ordering = ["-filed_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["application"],
                condition=models.Q(state__in=[state.value for state in OPEN_APPEAL_STATES]),
                name="one_open_appeal_per_application",
            )
        ]

    def __str__(self) -> str:
        return f"appeal {self.pk} on application {self.application_id} ({self.state})"

    @property
    def is_open(self) -> bool:
        return self.state in OPEN_APPEAL_STATES


class AppealFile(models.Model):
    """A file the city sent with its appeal, checked by its content and kept in the default storage by SHA-256."""

    appeal = models.ForeignKey(Appeal, on_delete=models.CASCADE, related_name="files")
    name = models.CharField(_("file name"), max_length=200)
    stored_as = models.CharField(max_length=200)
    sha256 = models.CharField(max_length=64)
    size = models.PositiveBigIntegerField()
    mime = models.CharField(max_length=120)

    class Meta:
        ordering = ["id"]

    def __str__(self) -> str:
        return self.name


class Complaint(models.Model):
    """A complaint from anyone, signed in or not, about a certified city or about the certifying body's conduct,
    with the body's triage and outcome."""

    about = models.CharField(_("about"), max_length=8, choices=ComplaintAbout.choices)
    certificate = models.ForeignKey(
        Certificate, null=True, blank=True, on_delete=models.PROTECT, related_name="complaints"
    )
    text = models.TextField(_("complaint"))
    name = models.CharField(_("name"), max_length=100, blank=True)
    contact = models.CharField(_("contact"), max_length=200, blank=True)
    filed_by = models.ForeignKey(USER, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    filed_at = models.DateTimeField(_("received at"))
    state = models.CharField(_("state"), max_length=10, choices=ComplaintState.choices, default=ComplaintState.RECEIVED)
    triage_note = models.TextField(_("triage"), blank=True)
    triaged_by = models.ForeignKey(USER, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    triaged_at = models.DateTimeField(null=True, blank=True)
    outcome_note = models.TextField(_("outcome"), blank=True)
    closed_by = models.ForeignKey(USER, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    closed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("complaint")
        verbose_name_plural = _("complaints")
        ordering = ["-filed_at", "-id"]

    def __str__(self) -> str:
        return f"complaint {self.pk} ({self.state})"
