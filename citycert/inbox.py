"""Each person's open tasks ("My work"): what it is, where it is done, and by when where a date says so.

Every kind of task is gathered by one query (or a fixed few) whatever the number of tasks, so the page and the
count in the navigation cost the same for a person with one task or a thousand. Who sees which kind is decided
in citycert.permissions (keeps_review_tasks, keeps_city_tasks, keeps_certification_tasks and the filters beside
them).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from django.core.cache import cache
from django.db.models import Exists, OuterRef, Q
from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from citycert.appeals.choices import ComplaintState
from citycert.appeals.models import Appeal, Complaint
from citycert.assessments.choices import AssessmentKind, State
from citycert.assessments.models import Evidence
from citycert.assessments.presenter import text
from citycert.audit.models import AuditEvent
from citycert.certification.announcement import publication_of
from citycert.certification.choices import ApplicationState, AuditKind, CertificateStatus, FindingState, WaiverState
from citycert.certification.models import (
    Application,
    Certificate,
    ConsensusScore,
    Decision,
    DocumentRequest,
    DueAudit,
    Finding,
    PanelMember,
    ReviewSheet,
    Round,
    StageWaiver,
)
from citycert.certification.scheme import appeal_deadline, stages
from citycert.permissions import (
    User,
    appeals_to_handle,
    can_announce,
    could_decide,
    keeps_certification_tasks,
    keeps_city_tasks,
    keeps_review_tasks,
    officer_city_ids,
    own_assignments,
    visible_certificates,
    waivers_to_answer,
)

OPEN = (ApplicationState.APPLIED, ApplicationState.IN_REVIEW)
# How far ahead a certificate's or a piece of evidence's expiry, and a surveillance window, is a task already.
EXPIRY_HORIZON_DAYS = 90
DUE_HORIZON_DAYS = 90
# How long the navigation's count is kept (see `navigation`).
COUNT_KEPT_SECONDS = 300


@dataclass(frozen=True)
class Task:
    """One open task: its kind (a key: score, request, finding, decision, waiver, appeal…), what to do, about what, where
    it is done, and its due date where one exists."""

    kind: str
    what: str
    about: str
    url: str
    due_on: date | None = None
    today: date | None = None

    @property
    def overdue(self) -> bool:
        return self.due_on is not None and self.today is not None and self.due_on < self.today


def tasks_for(user: User, today: date | None = None) -> list[Task]:
    """Every open task of `user`, those with the nearest due date first, those without one after them."""
    today = today or timezone.localdate()
    tasks: list[Task] = []
    if keeps_review_tasks(user):
        tasks += _review_tasks(user, today)
    if keeps_city_tasks(user):
        tasks += _city_tasks(user, today)
    if keeps_certification_tasks(user):
        tasks += _certification_tasks(user, today)
    return sorted(tasks, key=lambda task: (task.due_on is None, task.due_on or today, task.about, task.what))


def cached_tasks(request: HttpRequest) -> list[Task]:
    """The signed-in person's tasks, gathered once per request (the navigation's count and the page share them)."""
    found: list[Task] | None = getattr(request, "_inbox_tasks", None)
    if found is None:
        found = tasks_for(request.user) if request.user.is_authenticated else []
        request._inbox_tasks = found  # type: ignore[attr-defined]
    return found


def navigation(request: HttpRequest) -> dict[str, Any]:
    """Context processor: the number of open tasks beside "My work", counted only when a page shows it.

    "My work" itself gathers the tasks anyway and counts those. Elsewhere the count is kept in the cache under
    the person, the day and the last audit event: every change a task can come from or go with (a request asked
    or answered, a sheet submitted, a decision, a waiver, an appeal, a complaint…) goes through a transition that
    writes an audit event, and what falls due moves with the day; so a page costs one query for the count, not one
    per kind of task. The few minutes it is kept bound what a change made outside them (a city added to an
    officer's profile) may take to show."""

    def count() -> int:
        user = request.user
        if not user.is_authenticated:
            return 0
        gathered: list[Task] | None = getattr(request, "_inbox_tasks", None)
        if gathered is not None:
            return len(gathered)
        counted: int | None = getattr(request, "_inbox_count", None)
        if counted is not None:
            return counted
        last = AuditEvent.objects.order_by("-id").values_list("id", flat=True).first()
        key = f"inbox-count:{user.pk}:{timezone.localdate().isoformat()}:{last}"
        found: int | None = cache.get(key)
        if found is None:
            found = len(cached_tasks(request))
            cache.set(key, found, COUNT_KEPT_SECONDS)
        request._inbox_count = found  # type: ignore[attr-defined]
        return found

    return {"inbox_count": count}


# ---------------------------------------------------------------------------------------------- assessors


def _review_tasks(user: User, today: date) -> list[Task]:
    applications = list(
        Application.objects.filter(own_assignments(user), state__in=OPEN)
        .select_related("round__framework_version", "city")
        .distinct()
    )
    ids = [application.pk for application in applications]
    submitted = set(
        ReviewSheet.objects.filter(application_id__in=ids, assessor_id=user.pk, submitted_at__isnull=False).values_list(
            "application_id", "stage"
        )
    )
    waived = set(
        StageWaiver.objects.filter(application_id__in=ids, state=WaiverState.APPROVED).values_list(
            "application_id", "stage"
        )
    )
    tasks = []
    for application in applications:
        for stage in stages(application.round.framework_version.framework):
            key = (application.pk, stage.id)
            if stage.assessors == 0 or key in submitted or key in waived:
                continue
            tasks.append(
                Task(
                    "score",
                    _("Score %(stage)s") % {"stage": text(stage.name)},
                    _about(application),
                    reverse("review-sheet", args=[application.pk, stage.id]),
                    application.round.review_on,
                    today,
                )
            )
    answered = DocumentRequest.objects.filter(application_id__in=ids, asked_by_id=user.pk, answered_at__isnull=False)
    by_id = {application.pk: application for application in applications}
    for request in answered:
        # Read until the assessor submits the stage the request was asked for.
        if (request.application_id, request.stage) in submitted:
            continue
        tasks.append(
            Task(
                "answer",
                _("Read the city's answer on %(item)s") % {"item": request.item_id},
                _about(by_id[request.application_id]),
                reverse("application", args=[request.application_id]) + f"#request-{request.pk}",
                None,
                today,
            )
        )
    for finding in Finding.objects.filter(application_id__in=ids, state=FindingState.ANSWERED).order_by("due_on", "pk"):
        tasks.append(
            Task(
                "verify",
                _("Verify how the city closed the finding on %(item)s") % {"item": finding.item_id},
                _about(by_id[finding.application_id]),
                reverse("application", args=[finding.application_id]) + f"#verify-{finding.pk}",
                finding.due_on,
                today,
            )
        )
    surveillance = (
        DueAudit.objects.filter(
            Q(assessor_id=user.pk) | Q(certificate__application__panel__memberships__assessor_id=user.pk),
            _coming_due(today),
            done_at__isnull=True,
            kind=AuditKind.SURVEILLANCE,
            certificate__expires_on__gte=today,
        )
        .exclude(certificate__status=CertificateStatus.WITHDRAWN)
        .select_related("certificate__city")
        .distinct()
    )
    for due in surveillance:
        tasks.append(
            Task(
                "surveillance",
                _("Record %(audit)s") % {"audit": due.name},
                f"{due.certificate.city.name} · {due.certificate.number}",
                reverse("surveillance", args=[due.pk]),
                due.closes_on or due.due_on,
                today,
            )
        )
    return tasks


# ---------------------------------------------------------------------------------------------- city officers


def _city_tasks(user: User, today: date) -> list[Task]:
    cities = sorted(officer_city_ids(user))
    tasks = []
    requests = DocumentRequest.objects.filter(
        application__city_id__in=cities, application__state__in=OPEN, answered_at__isnull=True
    ).select_related("application__city", "application__round")
    for request in requests:
        tasks.append(
            Task(
                "request",
                _("Send the documents asked for on %(item)s") % {"item": request.item_id},
                _about(request.application),
                reverse("application", args=[request.application_id]) + f"#request-{request.pk}",
                None,
                today,
            )
        )
    findings = Finding.objects.filter(application__city_id__in=cities, state=FindingState.OPEN).select_related(
        "application__city", "application__round"
    )
    for finding in findings:
        tasks.append(
            Task(
                "finding",
                _("Close the finding on %(item)s (%(kind)s)")
                % {"item": finding.item_id, "kind": finding.get_kind_display()},
                _about(finding.application),
                reverse("application", args=[finding.application_id]) + f"#finding-{finding.pk}",
                finding.due_on,
                today,
            )
        )
    now = timezone.now()
    appealed = Appeal.objects.filter(application=OuterRef("application"), decision_decided_at=OuterRef("decided_at"))
    decisions = (
        Decision.objects.filter(
            Decision.told_to_city(now),
            application__city_id__in=cities,
            application__state=ApplicationState.DECIDED,
        )
        .exclude(Exists(appealed))
        .select_related("application__city", "application__round__framework_version")
    )
    for decision in decisions:
        closes_on = appeal_deadline(decision.application.round.framework_version.framework, decision.decided_at)
        if closes_on < today:
            continue
        tasks.append(
            Task(
                "decision",
                _("Decision: %(outcome)s; an appeal may be filed until its window closes")
                % {"outcome": decision.get_outcome_display()},
                _about(decision.application),
                reverse("application", args=[decision.application_id]) + "#decision",
                closes_on,
                today,
            )
        )
    due = (
        DueAudit.objects.filter(
            Q(kind=AuditKind.SURVEILLANCE) | Q(due_on__gte=today),
            _coming_due(today),
            certificate__city_id__in=cities,
            done_at__isnull=True,
            certificate__expires_on__gte=today,
        )
        .exclude(certificate__status=CertificateStatus.WITHDRAWN)
        .select_related("certificate__city")
    )
    for audit in due:
        surveillance = audit.kind == AuditKind.SURVEILLANCE
        tasks.append(
            Task(
                "surveillance" if surveillance else "extension",
                (_("Prepare for %(audit)s") if surveillance else _("Apply for the extension: %(audit)s"))
                % {"audit": audit.name},
                f"{audit.certificate.city.name} · {audit.certificate.number}",
                reverse("certificate", args=[audit.certificate.number]),
                (audit.closes_on or audit.due_on) if surveillance else audit.due_on,
                today,
            )
        )
    certificates = Certificate.objects.filter(
        visible_certificates(user),
        city_id__in=cities,
        status=CertificateStatus.VALID,
        expires_on__gte=today,
        expires_on__lte=today + timedelta(days=EXPIRY_HORIZON_DAYS),
    ).select_related("city")
    for certificate in certificates:
        tasks.append(
            Task(
                "certificate",
                _("Certificate %(number)s expires") % {"number": certificate.number},
                certificate.city.name,
                reverse("certificate", args=[certificate.number]),
                certificate.expires_on,
                today,
            )
        )
    evidence = (
        Evidence.objects.filter(
            # A draft's expired evidence is to be replaced; a submitted assessment's is only told while coming up.
            Q(assessment__state=State.DRAFT) | Q(assessment__state=State.SUBMITTED, expires_on__gte=today),
            assessment__city_id__in=cities,
            expires_on__lte=today + timedelta(days=EXPIRY_HORIZON_DAYS),
        )
        .exclude(assessment__kind=AssessmentKind.CERTIFICATION)
        .select_related("assessment__city")
    )
    for piece in evidence:
        tasks.append(
            Task(
                "evidence",
                _("Evidence “%(title)s” expires") % {"title": piece.title},
                f"{piece.assessment.city.name} · {piece.assessment.year}",
                reverse("assessment", args=[piece.assessment_id]),
                piece.expires_on,
                today,
            )
        )
    return tasks


# ---------------------------------------------------------------------------------------------- certifying body


def _certification_tasks(user: User, today: date) -> list[Task]:
    tasks = _review_progress(user, today) + _announcements(user, today)
    waivers = StageWaiver.objects.filter(waivers_to_answer(user), application__state__in=OPEN).select_related(
        "application__city", "application__round__framework_version", "requested_by"
    )
    for waiver in waivers:
        names = {stage.id: text(stage.name) for stage in stages(waiver.application.round.framework_version.framework)}
        tasks.append(
            Task(
                "waiver",
                _("Approve or decline waiving %(stage)s (asked by %(person)s)")
                % {
                    "stage": names.get(waiver.stage, waiver.stage),
                    "person": waiver.requested_by.get_username() if waiver.requested_by else "—",
                },
                _about(waiver.application),
                reverse("application", args=[waiver.application_id]) + f"#waiver-{waiver.pk}",
                waiver.application.round.decision_on,
                today,
            )
        )
    appeals = (
        Appeal.objects.filter(appeals_to_handle(user))
        .select_related("application__city", "application__round")
        .distinct()
    )
    for appeal in appeals:
        tasks.append(
            Task(
                "appeal",
                _("Handle the appeal filed on %(date)s (%(state)s)")
                % {"date": timezone.localtime(appeal.filed_at).date().isoformat(), "state": appeal.get_state_display()},
                _about(appeal.application),
                reverse("appeal", args=[appeal.pk]),
                None,
                today,
            )
        )
    complaints = Complaint.objects.filter(state__in=(ComplaintState.RECEIVED, ComplaintState.TRIAGED)).select_related(
        "certificate__city"
    )
    for complaint in complaints:
        about = complaint.certificate.city.name if complaint.certificate else complaint.get_about_display()
        tasks.append(
            Task(
                "complaint",
                _("Handle the complaint received on %(date)s (%(state)s)")
                % {
                    "date": timezone.localtime(complaint.filed_at).date().isoformat(),
                    "state": complaint.get_state_display(),
                },
                about,
                reverse("complaint", args=[complaint.pk]),
                None,
                today,
            )
        )
    return tasks


def _review_progress(user: User, today: date) -> list[Task]:
    """Applications applied for and waiting for a panel; applications in review: ready for the consensus, ready
    for a decision `user` may take, or with a review past the round's review date. The stage gaps of all of them from four queries (workflow.stage_gaps reads
    one application's)."""
    applications = list(
        Application.objects.filter(state=ApplicationState.IN_REVIEW, panel__isnull=False).select_related(
            "round__framework_version", "city"
        )
    )
    ids = [application.pk for application in applications]
    members: dict[int, set[int]] = defaultdict(set)
    for panel_id, assessor_id in PanelMember.objects.filter(
        panel_id__in={application.panel_id for application in applications}
    ).values_list("panel_id", "assessor_id"):
        members[panel_id].add(assessor_id)
    done: dict[tuple[int, str], set[int]] = defaultdict(set)
    for application_id, stage_id, assessor_id in ReviewSheet.objects.filter(
        application_id__in=ids, submitted_at__isnull=False
    ).values_list("application_id", "stage", "assessor_id"):
        done[(application_id, stage_id)].add(assessor_id)
    waived = set(
        StageWaiver.objects.filter(application_id__in=ids, state=WaiverState.APPROVED).values_list(
            "application_id", "stage"
        )
    )
    recorders: dict[int, set[int | None]] = defaultdict(set)
    for application_id, recorded_by in (
        ConsensusScore.objects.filter(application_id__in=ids).values_list("application_id", "recorded_by_id").distinct()
    ):
        recorders[application_id].add(recorded_by)
    tasks = []
    unassigned = Application.objects.filter(state=ApplicationState.APPLIED, panel__isnull=True).select_related(
        "round", "city"
    )
    for application in unassigned:
        tasks.append(
            Task(
                "assign",
                _("Assign a panel"),
                _about(application),
                reverse("round", args=[application.round_id]),
                application.round.review_on,
                today,
            )
        )
    for application in applications:
        panel = members[application.panel_id or 0]
        complete = True
        for stage in stages(application.round.framework_version.framework):
            if stage.assessors == 0 or (application.pk, stage.id) in waived:
                continue
            submitted = done[(application.pk, stage.id)] & panel
            needed = max(1, len(panel) if stage.assessors == "all" else int(stage.assessors))
            if len(submitted) < needed or (stage.assessors == "all" and submitted != panel):
                complete = False
        url = reverse("application", args=[application.pk])
        review_on, decision_on = application.round.review_on, application.round.decision_on
        if not complete:
            if review_on is not None and review_on < today:
                tasks.append(
                    Task(
                        "overdue",
                        _("Review overdue: stages not yet submitted"),
                        _about(application),
                        url + "#stages",
                        review_on,
                        today,
                    )
                )
        elif not recorders[application.pk]:
            tasks.append(
                Task(
                    "consensus",
                    _("Record the panel's consensus"),
                    _about(application),
                    url + "#consensus",
                    decision_on,
                    today,
                )
            )
        elif could_decide(
            user,
            application,
            sits_on_panel=user.pk in panel,
            recorded_consensus=user.pk in recorders[application.pk],
        ):
            tasks.append(Task("decide", _("Decide"), _about(application), url + "#decide", decision_on, today))
    return tasks


def _announcements(user: User, today: date) -> list[Task]:
    """Rounds whose results wait for the certifying body: the scheme announces whole rounds, every application is
    decided (or withdrawn), at least one is decided, and no announcement date will publish them by itself. Without
    this the decision that completes a round tells nobody and nobody has anything to do."""
    waiting = Application.objects.filter(round=OuterRef("pk")).exclude(
        state__in=(ApplicationState.DECIDED, ApplicationState.WITHDRAWN)
    )
    decided = Decision.objects.filter(application__round=OuterRef("pk"))
    rounds = (
        Round.objects.filter(Exists(decided), announced_at__isnull=True, announce_on__isnull=True)
        .exclude(Exists(waiting))
        .select_related("framework_version")
    )
    return [
        Task(
            "announce",
            _("Announce the results"),
            round_.name,
            reverse("round", args=[round_.pk]) + "#announcement",
            round_.decision_on,
            today,
        )
        for round_ in rounds
        if publication_of(round_.framework_version.framework).results != "at_decision" and can_announce(user, round_)
    ]


def _coming_due(today: date) -> Q:
    """A filter for DueAudit: due within the horizon, or its window open by then (a window may open months
    before its day)."""
    horizon = today + timedelta(days=DUE_HORIZON_DAYS)
    return Q(due_on__lte=horizon) | Q(opens_on__lte=horizon)


def _about(application: Application) -> str:
    return f"{application.city.name} · {application.round.name}"
