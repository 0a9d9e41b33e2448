"""Rounds, applications, panels, assessors' scores, decisions, certificates and what falls due after them."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime
from typing import Any

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from citycert.assessments.models import Assessment
from citycert.certification.choices import (
    ApplicationState,
    ArchiveState,
    AuditKind,
    CertificateStatus,
    FindingKind,
    FindingState,
    Outcome,
    WaiverState,
)
from citycert.certification.scheme import category_label, valid_while_renewal_pending
from citycert.cities.models import City, SmartService
from citycert.language import field_in_page_language, in_english
from citycert.library.models import FrameworkVersion
from citycert.scoring.schedule import Window

USER = settings.AUTH_USER_MODEL


class Round(models.Model):
    """A yearly call for one framework version: who may apply, when, and when it is reviewed and decided."""

    framework_version = models.ForeignKey(FrameworkVersion, on_delete=models.PROTECT, related_name="rounds")
    # The certifying body that runs the round: its panels, the assessors' work, the decisions and certificates are
    # that body's (named by string: the accounts app's models are not imported here).
    body = models.ForeignKey(
        "accounts.CertifyingBody", on_delete=models.PROTECT, related_name="rounds", verbose_name=_("certifying body")
    )
    year = models.PositiveSmallIntegerField(_("year"))
    name_ko = models.CharField(_("name (Korean)"), max_length=200)
    name_en = models.CharField(_("name (English)"), max_length=200)
    # The framework's category ids this round takes; empty takes every city.
    categories = models.JSONField(_("categories"), default=list, blank=True)
    opens_on = models.DateField(_("applications open"))
    closes_on = models.DateField(_("applications close"))
    review_on = models.DateField(_("review"), null=True, blank=True)
    decision_on = models.DateField(_("decision"), null=True, blank=True)
    # Two assessors whose scores for an item differ by more than this (in levels) are flagged.
    disagreement = models.DecimalField(_("disagreement flagged above"), max_digits=6, decimal_places=2, default=1)
    created_by = models.ForeignKey(USER, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    # A scheme that announces whole rounds keeps their decisions private until then: announced by the certifier
    # (workflow.announce_round), or on the day set here, whichever comes first.
    announce_on = models.DateField(_("results announced on"), null=True, blank=True)
    announced_at = models.DateTimeField(_("announced at"), null=True, blank=True)
    announced_by = models.ForeignKey(USER, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        verbose_name = _("round")
        verbose_name_plural = _("rounds")
        ordering = ["-year", "framework_version__framework_id"]
        constraints = [models.UniqueConstraint(fields=["framework_version", "year"], name="one_round_per_year")]

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        return field_in_page_language(self, "name")

    def is_open(self, today: date) -> bool:
        return self.opens_on <= today <= self.closes_on


class Panel(models.Model):
    """Assessors who review one category's applications in a round."""

    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="panels")
    category = models.CharField(_("category"), max_length=40, blank=True)
    name = models.CharField(_("name"), max_length=100)
    members: models.ManyToManyField[Any, Any] = models.ManyToManyField(
        USER, through="PanelMember", related_name="panels"
    )

    class Meta:
        verbose_name = _("panel")
        verbose_name_plural = _("panels")
        constraints = [models.UniqueConstraint(fields=["round", "name"], name="panel_names_differ_in_a_round")]

    def __str__(self) -> str:
        return self.name


class PanelMember(models.Model):
    panel = models.ForeignKey(Panel, on_delete=models.CASCADE, related_name="memberships")
    assessor = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="panel_memberships")
    # The national scheme seats a few common members on every panel so the panels judge alike.
    common = models.BooleanField(_("sits on every panel"), default=False)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["panel", "assessor"], name="once_per_panel")]

    def __str__(self) -> str:
        return f"{self.assessor} @ {self.panel}"


class ConflictOfInterest(models.Model):
    """An assessor's declaration that they work for, advised or are otherwise tied to a city."""

    assessor = models.ForeignKey(USER, on_delete=models.CASCADE, related_name="conflicts")
    city = models.ForeignKey(City, on_delete=models.CASCADE, related_name="conflicts")
    reason = models.CharField(_("reason"), max_length=300)
    declared_at = models.DateTimeField(_("declared at"), auto_now_add=True)

    class Meta:
        verbose_name = _("conflict of interest")
        verbose_name_plural = _("conflicts of interest")
        constraints = [models.UniqueConstraint(fields=["assessor", "city"], name="one_declaration_per_city")]

    def __str__(self) -> str:
        return f"{self.assessor} ≠ {self.city}"


class Application(models.Model):
    """A city's application to a round, with a frozen copy of the self-assessment it applied with."""

    round = models.ForeignKey(Round, on_delete=models.PROTECT, related_name="applications")
    city = models.ForeignKey(City, on_delete=models.PROTECT, related_name="applications")
    # The service that applies, for a scheme whose applicant is a service; `city` is then where it runs.
    service = models.ForeignKey(
        SmartService,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="applications",
        verbose_name=_("service"),
    )
    category = models.CharField(_("category"), max_length=40, blank=True)
    source = models.ForeignKey(Assessment, on_delete=models.PROTECT, related_name="applications_from")
    frozen = models.OneToOneField(Assessment, on_delete=models.PROTECT, related_name="application")
    state = models.CharField(_("state"), max_length=12, choices=ApplicationState.choices)
    panel = models.ForeignKey(Panel, null=True, blank=True, on_delete=models.SET_NULL, related_name="applications")
    applied_by = models.ForeignKey(USER, null=True, on_delete=models.SET_NULL, related_name="+")
    # When the city applied, as the workflow was told (the day a demo replays, say): whether an extension was
    # applied for before the certificate expired is read off it.
    applied_at = models.DateTimeField(_("applied at"), default=timezone.now)

    class Meta:
        verbose_name = _("application")
        verbose_name_plural = _("applications")
        ordering = ["round", "category", "city__name_ko"]
        constraints = [
            models.UniqueConstraint(
                fields=["round", "city"], condition=models.Q(service__isnull=True), name="one_application_per_round"
            ),
            # Several services of one city may apply to the same round, each once.
            models.UniqueConstraint(
                fields=["round", "service"],
                condition=models.Q(service__isnull=False),
                name="one_application_per_service_and_round",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.service or self.city} → {self.round}"

    @property
    def category_name(self) -> str:
        return _category(self.round.framework_version, self.category)

    @property
    def certificate(self) -> Certificate | None:
        """The certificate issued on this application: the one not withdrawn, else the last one withdrawn. An
        application sent back on appeal and certified again has its withdrawn certificate and a new one."""
        issued = self.issued_certificates()
        return issued[-1] if issued else None

    def issued_certificates(self) -> list[Certificate]:
        """Every certificate issued on the application: the withdrawn ones in the order issued, then the one in
        force (at most one, a database constraint)."""
        return sorted(self.certificates.all(), key=lambda c: (c.status != CertificateStatus.WITHDRAWN, c.pk))


class ReviewSheet(models.Model):
    """One assessor's scores for one application at one stage; hidden from the others until submitted."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="sheets")
    assessor = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="review_sheets")
    stage = models.CharField(_("stage"), max_length=40)
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["application", "assessor", "stage"], name="one_sheet_per_stage")]

    def __str__(self) -> str:
        return f"{self.assessor} / {self.stage} / {self.application_id}"

    @property
    def submitted(self) -> bool:
        return self.submitted_at is not None


class ReviewScore(models.Model):
    sheet = models.ForeignKey(ReviewSheet, on_delete=models.CASCADE, related_name="scores")
    item_id = models.CharField(_("item"), max_length=80)
    value = models.CharField(_("score"), max_length=40)  # canonical text, as Response.value
    comment = models.TextField(_("comment"), blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["sheet", "item_id"], name="one_score_per_item")]

    def __str__(self) -> str:
        return f"{self.item_id} = {self.value}"


class DocumentRequest(models.Model):
    """A panel's request to the city for more documents about one item, and the city's answer."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="requests")
    item_id = models.CharField(_("item"), max_length=80)
    stage = models.CharField(_("stage"), max_length=40)
    question = models.TextField(_("request"))
    asked_by = models.ForeignKey(USER, null=True, on_delete=models.SET_NULL, related_name="+")
    asked_at = models.DateTimeField(_("asked at"), auto_now_add=True)
    answer = models.TextField(_("answer"), blank=True)
    answered_by = models.ForeignKey(USER, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    answered_at = models.DateTimeField(_("answered at"), null=True, blank=True)

    class Meta:
        ordering = ["asked_at"]

    def __str__(self) -> str:
        return f"{self.item_id}: {self.question[:40]}"


class ConsensusScore(models.Model):
    """The panel's agreed score for an item at the deciding stage, and why."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="consensus")
    item_id = models.CharField(_("item"), max_length=80)
    value = models.CharField(_("score"), max_length=40)
    rationale = models.TextField(_("rationale"), blank=True)
    recorded_by = models.ForeignKey(USER, null=True, on_delete=models.SET_NULL, related_name="+")
    recorded_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["application", "item_id"], name="one_consensus_per_item")]

    def __str__(self) -> str:
        return f"{self.item_id} = {self.value}"


class StageWaiver(models.Model):
    """A required review stage an application is decided without: the reason, the certifier who asked and the
    second certifier who approved or declined. An approved waiver is printed on the decision letter."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="waivers")
    stage = models.CharField(_("stage"), max_length=40)
    reason = models.TextField(_("reason"))
    state = models.CharField(_("state"), max_length=12, choices=WaiverState.choices, default=WaiverState.REQUESTED)
    requested_by = models.ForeignKey(USER, null=True, on_delete=models.SET_NULL, related_name="+")
    requested_at = models.DateTimeField(_("requested at"))
    answered_by = models.ForeignKey(USER, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    answered_at = models.DateTimeField(_("answered at"), null=True, blank=True)
    note = models.TextField(_("note"), blank=True)

    class Meta:
        verbose_name = _("stage waiver")
        verbose_name_plural = _("stage waivers")
        ordering = ["requested_at", "id"]

    def __str__(self) -> str:
        return f"{self.application_id}: {self.stage} ({self.state})"


class Decision(models.Model):
    """The certifying body's decision on an application; one per application, never changed."""

    application = models.OneToOneField(Application, on_delete=models.PROTECT, related_name="decision")
    outcome = models.CharField(_("outcome"), max_length=20, choices=Outcome.choices)
    reasons = models.TextField(_("reasons"))
    result = models.JSONField(_("scored result"))
    # What the engine's result for the consensus says (blank for a scheme without a bar), and, where the
    # certifying body decided otherwise, why: the decision letter prints it.
    engine_outcome = models.CharField(_("the engine's outcome"), max_length=20, blank=True)
    against_engine_reason = models.TextField(_("reason for deciding against the engine"), blank=True)
    # The consensus values outside the panel's range, with the reason given for each, as they stood at the
    # decision: [{item, value, low, high, reason}].
    outside_range = models.JSONField(_("consensus outside the panel's range"), default=list, blank=True)
    decided_by = models.ForeignKey(USER, null=True, on_delete=models.SET_NULL, related_name="+")
    decided_at = models.DateTimeField(_("decided at"))
    # From when the public may read it (the result, its open-data rows, the certificate); empty until the round
    # is announced or has an announcement date, for a scheme that announces rounds (workflow.public_from).
    public_from = models.DateTimeField(_("public from"), null=True, blank=True, db_index=True)
    # From when the city itself may read it: the same moment, or the decision's where the scheme tells the city first.
    city_told_from = models.DateTimeField(_("city told from"), null=True, blank=True)

    def __str__(self) -> str:
        return f"{self.application_id}: {self.outcome}"

    def is_public(self, now: datetime) -> bool:
        return self.public_from is not None and self.public_from <= now

    def city_told(self, now: datetime) -> bool:
        return self.city_told_from is not None and self.city_told_from <= now

    @staticmethod
    def public(now: datetime, path: str = "") -> models.Q:
        """A filter for what hangs off a public decision; `path` leads from the queried model to the decision."""
        return models.Q(**{f"{path}public_from__lte": now})

    @staticmethod
    def told_to_city(now: datetime, path: str = "") -> models.Q:
        """A filter for what hangs off a decision its city has been told of."""
        return models.Q(**{f"{path}city_told_from__lte": now})


class Certificate(models.Model):
    """A certificate issued on a decision. `expired` is read off the dates, never stored. An application has at
    most one certificate not withdrawn: one sent back on appeal keeps its withdrawn certificate beside the new one
    its next decision issues."""

    number = models.CharField(_("number"), max_length=40, unique=True)
    application = models.ForeignKey(Application, on_delete=models.PROTECT, related_name="certificates")
    city = models.ForeignKey(City, on_delete=models.PROTECT, related_name="certificates")
    # The certified service, for a scheme whose applicant is a service; `city` is then where it runs.
    service = models.ForeignKey(
        SmartService,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="certificates",
        verbose_name=_("service"),
    )
    framework_version = models.ForeignKey(FrameworkVersion, on_delete=models.PROTECT, related_name="certificates")
    category = models.CharField(_("category"), max_length=40, blank=True)
    grade = models.CharField(_("grade or level"), max_length=40, blank=True)
    grade_ko = models.CharField(max_length=100, blank=True)
    grade_en = models.CharField(max_length=100, blank=True)
    issued_on = models.DateField(_("issued on"))
    expires_on = models.DateField(_("expires on"))
    status = models.CharField(_("status"), max_length=20, choices=CertificateStatus.choices)

    class Meta:
        verbose_name = _("certificate")
        verbose_name_plural = _("certificates")
        ordering = ["-issued_on", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["application"],
                condition=~models.Q(status=CertificateStatus.WITHDRAWN),
                name="one_certificate_in_force_per_application",
            )
        ]

    def __str__(self) -> str:
        return self.number

    def status_on(self, today: date) -> str:
        """The status as it stands on `today`: a valid or suspended certificate past its expiry is expired, unless
        it is valid, its scheme keeps it valid while an extension is decided and its city applied again by its
        expiry date: then it is valid, renewal pending, until that decision is public. `status_today` and
        `having_status` below say the same to the database; change the three together."""
        if self.renewal_pending_on(today):
            return CertificateStatus.RENEWAL_PENDING
        return _lapsed_or_stored(self.status, self.expires_on, today)

    def renewal_pending_on(self, today: date) -> bool:
        """Whether the certificate reads "valid, renewal pending" on `today` (one query, where it can)."""
        if self.status != CertificateStatus.VALID or today <= self.expires_on:
            return False
        if not valid_while_renewal_pending(self.framework_version.framework):
            return False
        return Certificate.objects.filter(Certificate.renewal_pending(today), pk=self.pk).exists()

    @staticmethod
    def statuses_on(certificates: Iterable[Certificate], today: date) -> list[str]:
        """`status_on` of many certificates at once, with one query for all those past their expiry."""
        certificates = list(certificates)
        # Which schemes keep a certificate valid is read from each one's framework (parsed once per process).
        past = [
            c.pk
            for c in certificates
            if c.status == CertificateStatus.VALID
            and today > c.expires_on
            and valid_while_renewal_pending(c.framework_version.framework)
        ]
        pending = (
            set(
                Certificate.objects.filter(
                    Certificate.renewal_pending(today, schemes_checked=True), pk__in=past
                ).values_list("pk", flat=True)
            )
            if past
            else set()
        )
        return [
            CertificateStatus.RENEWAL_PENDING.value
            if certificate.pk in pending
            else _lapsed_or_stored(certificate.status, certificate.expires_on, today)
            for certificate in certificates
        ]

    def renewals(self) -> models.QuerySet[Application]:
        """The city's applications to the same scheme made during this certificate's term (its extension or
        renewal), whatever became of them."""
        return Certificate._applied_again(
            self.city_id, self.framework_version.framework_id, self.issued_on, self.expires_on, self.application_id
        )

    @staticmethod
    def _applied_again(
        city: Any, framework_id: Any, issued_on: Any, expires_on: Any, application: Any
    ) -> models.QuerySet[Application]:
        # The same filter with values (one certificate) or OuterRefs (a subquery per certificate row).
        return Application.objects.filter(
            city=city,
            round__framework_version__framework_id=framework_id,
            applied_at__date__gte=issued_on,
            applied_at__date__lte=expires_on,
        ).exclude(pk=application)

    @staticmethod
    def renewal_pending(today: date, *, schemes_checked: bool = False) -> models.Q:
        """A filter for the certificates reading "valid, renewal pending" on `today`: valid, past their expiry, of a
        scheme that keeps them valid meanwhile, with an application made in time whose decision is not yet public
        (still applied for or in review, or decided but not yet announced). A withdrawn application ends it.
        `schemes_checked`: the caller filters on certificates whose scheme keeps them valid already."""
        undecided = models.Q(state__in=[ApplicationState.APPLIED, ApplicationState.IN_REVIEW]) | (
            models.Q(state=ApplicationState.DECIDED)
            & (models.Q(decision__public_from__isnull=True) | models.Q(decision__public_from__date__gt=today))
        )
        applied_in_time = Certificate._applied_again(
            models.OuterRef("city"),
            models.OuterRef("framework_version__framework_id"),
            models.OuterRef("issued_on"),
            models.OuterRef("expires_on"),
            models.OuterRef("application"),
        ).filter(undecided, applied_at__date__lte=today)
        pending = models.Q(models.Exists(applied_in_time), status=CertificateStatus.VALID, expires_on__lt=today)
        return pending if schemes_checked else pending & models.Q(framework_version__in=versions_valid_while_pending())

    @staticmethod
    def status_today(today: date) -> models.Case:
        """`status_on` as a column the database computes, for exports and sorting."""
        return models.Case(
            models.When(Certificate.renewal_pending(today), then=models.Value(CertificateStatus.RENEWAL_PENDING.value)),
            models.When(Certificate.lapsed(today), then=models.Value(CertificateStatus.EXPIRED.value)),
            default=models.F("status"),
            output_field=models.CharField(),
        )

    @staticmethod
    def having_status(status: str, today: date) -> models.Q:
        """A filter for the certificates whose `status_on(today)` is `status` (using the indexes it can)."""
        status = CertificateStatus(status)
        if status in (CertificateStatus.VALID, CertificateStatus.SUSPENDED):
            return models.Q(status=status, expires_on__gte=today)
        if status == CertificateStatus.WITHDRAWN:
            return models.Q(status=CertificateStatus.WITHDRAWN)
        if status == CertificateStatus.RENEWAL_PENDING:
            return Certificate.renewal_pending(today)
        return Certificate.lapsed(today) & ~Certificate.renewal_pending(today)

    @staticmethod
    def lapsed(today: date) -> models.Q:
        """A filter for the certificates past their expiry and not withdrawn: expired on `today` unless a renewal
        keeps them valid. `_lapsed_or_stored` says the same of one certificate; change the two together."""
        return ~models.Q(status=CertificateStatus.WITHDRAWN) & models.Q(expires_on__lt=today)

    @property
    def category_name(self) -> str:
        return _category(self.framework_version, self.category)

    @property
    def holder(self) -> str:
        """Who holds the certificate, as the verification names it: the city, or the service, its provider and the
        city where it runs."""
        if self.service is None:
            return self.city.full_name
        if self.service.provider:
            return f"{self.service.name} ({self.service.provider}; {self.city.full_name})"
        return f"{self.service.name} ({self.city.full_name})"

    @property
    def grade_name(self) -> str:
        return field_in_page_language(self, "grade")


class CertificateChange(models.Model):
    """Every change of a certificate's status, with its reason: the certificate's history."""

    certificate = models.ForeignKey(Certificate, on_delete=models.CASCADE, related_name="changes")
    from_status = models.CharField(max_length=12, blank=True)
    to_status = models.CharField(max_length=12)
    reason = models.TextField(_("reason"))
    changed_by = models.ForeignKey(USER, null=True, on_delete=models.SET_NULL, related_name="+")
    changed_at = models.DateTimeField(_("changed at"))

    class Meta:
        ordering = ["changed_at", "id"]

    def __str__(self) -> str:
        return f"{self.certificate_id}: {self.from_status or '-'} → {self.to_status}"

    @property
    def from_label(self) -> str:
        return str(CertificateStatus(self.from_status).label) if self.from_status else "—"

    @property
    def to_label(self) -> str:
        return str(CertificateStatus(self.to_status).label)


class DueAudit(models.Model):
    """Something that falls due after issue: a surveillance audit, or the last day to ask for an extension."""

    certificate = models.ForeignKey(Certificate, on_delete=models.CASCADE, related_name="due")
    kind = models.CharField(_("kind"), max_length=20, choices=AuditKind.choices)
    schedule_id = models.CharField(max_length=40)  # the framework's id for it, e.g. surveillance-1
    name_ko = models.CharField(max_length=100)
    name_en = models.CharField(max_length=100)
    due_on = models.DateField(_("due on"))
    # The days a surveillance audit may be held (the framework's window around `due_on`); an extension deadline
    # has no window: it closes on its day.
    opens_on = models.DateField(_("window opens"), null=True, blank=True)
    closes_on = models.DateField(_("window closes"), null=True, blank=True)
    assessor = models.ForeignKey(USER, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    # The surveillance audit's levels by item, and the engine's verdict on them.
    scores = models.JSONField(default=dict, blank=True)
    passed = models.BooleanField(null=True)
    note = models.TextField(_("note"), blank=True)
    done_at = models.DateTimeField(_("done at"), null=True, blank=True)

    class Meta:
        ordering = ["due_on", "id"]
        constraints = [models.UniqueConstraint(fields=["certificate", "schedule_id"], name="each_due_once")]

    def __str__(self) -> str:
        return f"{self.certificate_id}: {self.schedule_id} {self.due_on}"

    @property
    def name(self) -> str:
        return field_in_page_language(self, "name")

    def state_on(self, today: date) -> str:
        """done, overdue (past its window, or its day), due (within its window) or upcoming."""
        window = Window(self.due_on, self.opens_on or self.due_on, self.closes_on or self.due_on)
        return window.state_on(today, done=self.done_at is not None)

    def state_label_on(self, today: date) -> str:
        return str(DUE_STATES[self.state_on(today)])


DUE_STATES = {
    "done": _("done"),
    "overdue": _("overdue"),
    "due": _("due now"),
    "upcoming": _("upcoming"),
}


class Finding(models.Model):
    """A nonconformity or observation on an item, due to be closed by the city and verified by an assessor."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="findings")
    item_id = models.CharField(_("item"), max_length=80)
    kind = models.CharField(_("severity"), max_length=20, choices=FindingKind.choices)
    text = models.TextField(_("finding"))
    due_on = models.DateField(_("due on"), null=True, blank=True)
    state = models.CharField(_("state"), max_length=12, choices=FindingState.choices, default=FindingState.OPEN)
    raised_by = models.ForeignKey(USER, null=True, on_delete=models.SET_NULL, related_name="+")
    city_response = models.TextField(_("city's response"), blank=True)
    answered_at = models.DateTimeField(null=True, blank=True)
    verified_by = models.ForeignKey(USER, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    verified_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["due_on", "id"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.item_id}"


class Reminder(models.Model):
    """A reminder sent, so that each one goes out once."""

    due = models.ForeignKey(DueAudit, on_delete=models.CASCADE, related_name="reminders")
    sent_on = models.DateField()
    recipients = models.TextField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["due"], name="one_reminder_per_due_item")]

    def __str__(self) -> str:
        return f"{self.due_id} {self.sent_on}"


def _lapsed_or_stored(status: str, expires_on: date, today: date) -> str:
    """A certificate's status on `today` where no renewal keeps it valid: expired past its expiry unless withdrawn
    (`Certificate.lapsed` is the same rule as a filter)."""
    if status != CertificateStatus.WITHDRAWN and today > expires_on:
        return CertificateStatus.EXPIRED
    return status


_valid_while_pending: dict[tuple[int, str], bool] = {}


def versions_valid_while_pending() -> list[int]:
    """The stored framework versions whose certificates stay valid while an extension applied for in time is
    decided; each version's document is read once per process (it never changes)."""
    found = []
    for pk, digest in FrameworkVersion.objects.values_list("pk", "digest"):
        if (pk, digest) not in _valid_while_pending:
            version = FrameworkVersion.objects.get(pk=pk)
            _valid_while_pending[(pk, digest)] = valid_while_renewal_pending(version.framework)
        if _valid_while_pending[(pk, digest)]:
            found.append(pk)
    return found


def _category(version: FrameworkVersion, category_id: str) -> str:
    return category_label(version.framework, category_id, in_english()) if category_id else ""


class PublishedItem(models.Model):
    """One item of a decided result, frozen at the decision: the open data's rows. Written once, with the
    city, framework version and year copied in so that exports read one table."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="published_items")
    city = models.ForeignKey(City, on_delete=models.PROTECT, related_name="+")
    framework_version = models.ForeignKey(FrameworkVersion, on_delete=models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField()
    item_id = models.CharField(max_length=80)
    value = models.CharField(max_length=40)
    unit = models.CharField(max_length=40, blank=True)
    points = models.DecimalField(max_digits=12, decimal_places=4, null=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["application", "item_id"], name="one_published_value_per_item")]
        indexes = [models.Index(fields=["framework_version", "year"])]

    def __str__(self) -> str:
        return f"{self.application_id} {self.item_id} = {self.value}"


class PublishedRows(models.Model):
    """A decided result's open-data rows as CSV lines without a header, written once beside the PublishedItem
    rows they repeat, so that a full export joins texts instead of formatting millions of rows
    (`certification.published_rows`). City names are as they were at the decision, like the rest of the result."""

    application = models.OneToOneField(Application, on_delete=models.CASCADE, related_name="published_rows")
    city = models.ForeignKey(City, on_delete=models.PROTECT, related_name="+")
    framework_version = models.ForeignKey(FrameworkVersion, on_delete=models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField()
    csv = models.TextField()

    class Meta:
        indexes = [models.Index(fields=["framework_version", "year", "city"])]

    def __str__(self) -> str:
        return f"{self.application_id}: {self.csv.count(chr(10))} rows"


class RoundArchive(models.Model):
    """Every decided report and certificate of a round as one ZIP of PDFs, built by a worker; the page that
    asked for it shows how far it has got from these counts."""

    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="archives")
    requested_by = models.ForeignKey(USER, null=True, on_delete=models.SET_NULL, related_name="+")
    requested_at = models.DateTimeField(auto_now_add=True)
    state = models.CharField(max_length=10, choices=ArchiveState.choices, default=ArchiveState.QUEUED)
    done = models.PositiveIntegerField(default=0)
    total = models.PositiveIntegerField(default=0)
    current = models.CharField(max_length=200, blank=True)  # the city whose PDFs are being written
    error = models.TextField(blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    job = models.CharField(max_length=64, blank=True)  # the queued build's id (django_tasks_db)

    def __str__(self) -> str:
        return f"{self.round} archive {self.pk} ({self.state})"

    @property
    def file_name(self) -> str:
        """Its name in the shared storage, where any app server finds it once built."""
        return f"archives/round-{self.round_id}-{self.pk}.zip"

    @property
    def percent(self) -> int:
        return round(100 * self.done / self.total) if self.total else 0

    @property
    def finished(self) -> bool:
        return self.state in (ArchiveState.DONE, ArchiveState.FAILED)
