"""A round at a glance, for the certifying body: where each application stands, how far each assessor has got,
what is overdue and how the decisions came out. The page and its CSV read the same rows from here."""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date

from django.db.models import Count, Q
from django.utils.translation import gettext as _

from citycert.assessments.presenter import text
from citycert.certification.choices import ApplicationState, FindingState, Outcome
from citycert.certification.models import Application, PanelMember, ReviewSheet, Round
from citycert.certification.scheme import stages
from citycert.certification.workflow.stage_gates import StageGap, stage_gaps


@dataclass
class ApplicationRow:
    """One application: its step, who of its panel has submitted which stages, and what is overdue."""

    application: Application
    step: str
    submitted: dict[str, list[str]]  # stage name -> the assessors who submitted it
    open_requests: int
    open_findings: int
    overdue: list[str] = field(default_factory=list)


@dataclass
class AssessorRow:
    """One assessor across the round: applications assigned, stage sheets submitted of those expected."""

    username: str
    applications: int = 0
    submitted: int = 0
    expected: int = 0


@dataclass
class RoundProgress:
    applications: list[ApplicationRow]
    assessors: list[AssessorRow]
    outcomes: list[tuple[str, int]]

    @property
    def overdue(self) -> int:
        return sum(1 for row in self.applications if row.overdue)


def round_progress(round_: Round, today: date) -> RoundProgress:
    """Every application of the round with its step; a query or two per application for its stage gates, which
    are the same function the decision checks (`stage_gaps`), so the page never disagrees with a refusal."""
    framework = round_.framework_version.framework
    review_stages = stages(framework)
    applications = list(
        round_.applications.select_related("city", "panel", "decision", "round__framework_version")
        .annotate(
            open_requests=Count("requests", filter=Q(requests__answered_at__isnull=True), distinct=True),
            open_findings=Count("findings", filter=~Q(findings__state=FindingState.VERIFIED), distinct=True),
            overdue_findings=Count(
                "findings",
                filter=~Q(findings__state=FindingState.VERIFIED) & Q(findings__due_on__lt=today),
                distinct=True,
            ),
            agreed=Count("consensus", distinct=True),
        )
        .order_by("category", "city__name_ko")
    )
    members: dict[int, list[str]] = defaultdict(list)
    for panel_id, username in PanelMember.objects.filter(panel__round=round_).values_list(
        "panel_id", "assessor__username"
    ):
        members[panel_id].append(username)
    done: dict[tuple[int, str], list[str]] = defaultdict(list)
    for application_id, stage, username in (
        ReviewSheet.objects.filter(application__round=round_, submitted_at__isnull=False)
        .order_by("assessor__username")
        .values_list("application_id", "stage", "assessor__username")
    ):
        done[(application_id, stage)].append(username)

    rows: list[ApplicationRow] = []
    assessors: dict[str, AssessorRow] = {}
    for application in applications:
        gaps = stage_gaps(application) if application.state == ApplicationState.IN_REVIEW else []
        row = ApplicationRow(
            application,
            _step(application, gaps, bool(application.agreed)),
            {text(stage.name): done[(application.pk, stage.id)] for stage in review_stages},
            application.open_requests,
            application.open_findings,
        )
        undecided = application.state in (ApplicationState.APPLIED, ApplicationState.IN_REVIEW)
        if undecided and gaps and round_.review_on and round_.review_on < today:
            row.overdue.append(_("review due %(day)s") % {"day": round_.review_on.isoformat()})
        if undecided and round_.decision_on and round_.decision_on < today:
            row.overdue.append(_("decision due %(day)s") % {"day": round_.decision_on.isoformat()})
        if application.overdue_findings:
            row.overdue.append(_("findings past their due date: %(count)s") % {"count": application.overdue_findings})
        rows.append(row)
        if application.state == ApplicationState.WITHDRAWN:
            continue
        for username in members.get(application.panel_id or 0, []):
            person = assessors.setdefault(username, AssessorRow(username))
            person.applications += 1
            person.expected += len(review_stages)
            person.submitted += sum(username in done[(application.pk, stage.id)] for stage in review_stages)

    outcomes = Counter(_outcome(application) for application in applications)
    order = [_("certified"), _("not certified"), _("awaiting a decision"), _("withdrawn")]
    return RoundProgress(
        rows, sorted(assessors.values(), key=lambda row: row.username), [(name, outcomes[name]) for name in order]
    )


def _step(application: Application, gaps: list[StageGap], agreed: bool) -> str:
    if application.state == ApplicationState.WITHDRAWN:
        return _("withdrawn")
    if application.state == ApplicationState.DECIDED:
        return _("decided: %(outcome)s") % {"outcome": str(application.decision.get_outcome_display())}
    if application.panel_id is None:
        return _("waiting for a panel")
    if gaps:
        return gaps[0].describe()
    if not agreed:
        return _("ready for the consensus")
    return _("ready for a decision")


def _outcome(application: Application) -> str:
    if application.state == ApplicationState.WITHDRAWN:
        return _("withdrawn")
    if application.state == ApplicationState.DECIDED:
        return _("certified") if application.decision.outcome == Outcome.CERTIFIED else _("not certified")
    return _("awaiting a decision")
