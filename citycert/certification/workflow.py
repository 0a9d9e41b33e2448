"""Every step of certification goes through here: checked, audited and saved in one transaction.

Apply → form panels and assign → each assessor scores each stage alone → reconcile → consensus → decide
→ certificate with its schedule → surveillance and extension → suspend, reinstate, withdraw.
"""

from __future__ import annotations

import hashlib
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from django.contrib.auth.models import User
from django.db import IntegrityError, connection, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop, override

from citycert.assessments.answers import parse_stored
from citycert.assessments.choices import AssessmentKind, State
from citycert.assessments.models import Assessment
from citycert.assessments.workflow import (
    Actor,
    InvalidAnswer,
    ResponseInput,
    acting_user,
    clean_response,
    start_from,
    transition,
)
from citycert.audit.log import record
from citycert.certification.announcement import city_told_at_decision, public_from_at_decision
from citycert.certification.choices import (
    ApplicationState,
    AuditKind,
    CertificateStatus,
    FindingKind,
    FindingState,
    Outcome,
    WaiverState,
)
from citycert.certification.models import (
    Application,
    Certificate,
    CertificateChange,
    ConflictOfInterest,
    ConsensusScore,
    Decision,
    DocumentRequest,
    DueAudit,
    Finding,
    Panel,
    PanelMember,
    PublishedItem,
    PublishedRows,
    ReviewScore,
    ReviewSheet,
    Round,
    StageWaiver,
)
from citycert.certification.published_rows import result_csv
from citycert.certification.reconcile import outside_range
from citycert.certification.scheme import category_label, classification_name, deciding_stage, stage_ids, stages
from citycert.cities.models import City
from citycert.frameworks.schema import Framework, ReviewStage
from citycert.language import in_each_data_language, in_english
from citycert.language import in_page_language as text
from citycert.permissions import (
    can_answer_waiver,
    four_eyes,
    may_sit_on_panel,
    possible_deciders,
    recorded_consensus,
    records_service_applications,
    reviews,
    sits_on_panel,
)
from citycert.scoring import Answer
from citycert.scoring import score as scored_with_plan
from citycert.scoring.engine import evaluate
from citycert.scoring.model import Item, compile_framework
from citycert.scoring.result import Result
from citycert.scoring.schedule import certificate_schedule


class Refused(Exception):
    """A step the workflow does not allow from where things stand; the message says why, `rule` names the rule
    that refused it (the API's error code, when there is one) and `details` what it concerns."""

    def __init__(self, message: str, rule: str = "", details: Any = None) -> None:
        super().__init__(message)
        self.rule, self.details = rule, details


class Conflict(Refused):
    """Somebody else got there first (two certifiers deciding at once); nothing of the late one was saved."""


# ---------------------------------------------------------------------------------------------- rounds


def open_round(
    framework_version: Any,
    year: int,
    *,
    name_ko: str,
    name_en: str,
    opens_on: date,
    closes_on: date,
    categories: list[str] | None = None,
    review_on: date | None = None,
    decision_on: date | None = None,
    announce_on: date | None = None,
    actor: Actor,
) -> Round:
    framework = framework_version.framework
    known = {category.id for category in framework.categories}
    unknown = sorted(set(categories or []) - known)
    if unknown:
        raise Refused(
            _("%(framework)s has no category %(unknown)s (it has: %(known)s).")
            % {"framework": framework.key, "unknown": ", ".join(unknown), "known": ", ".join(sorted(known)) or "-"}
        )
    if closes_on < opens_on:
        raise Refused(_("Applications cannot close before they open."))
    if announce_on is not None and announce_on < closes_on:
        raise Refused(_("Results cannot be announced before applications close."))
    with transaction.atomic():
        if Round.objects.filter(framework_version=framework_version, year=year).exists():
            raise Refused(
                _("There is already a %(year)s round for %(framework)s.") % {"year": year, "framework": framework.key}
            )
        round_ = Round.objects.create(
            framework_version=framework_version,
            year=year,
            name_ko=name_ko,
            name_en=name_en,
            categories=sorted(categories or []),
            opens_on=opens_on,
            closes_on=closes_on,
            review_on=review_on,
            decision_on=decision_on,
            announce_on=announce_on,
            created_by=acting_user(actor),
        )
        record(actor, "round.opened", "round", round_.pk, after=_round_snapshot(round_))
    return round_


# ---------------------------------------------------------------------------------------------- applying


def apply(round_: Round, source: Assessment, actor: Actor, today: date) -> Application:
    """A city applies with a submitted self-assessment; the application keeps a frozen copy of it. Where the
    scheme certifies services, the assessment is a service's, and the certifying body records its application."""
    framework = round_.framework_version.framework
    city = source.city
    service = source.service
    _check_applicant(framework, source, actor)
    if source.state != State.SUBMITTED:
        raise Refused(
            _("Only a submitted assessment can be used to apply; this one is %(state)s.")
            % {"state": source.get_state_display()}
        )
    if source.framework_version_id != round_.framework_version_id:
        raise Refused(
            _("This round reviews %(wanted)s; the assessment is on %(given)s.")
            % {"wanted": round_.framework_version.key, "given": source.framework_version.key}
        )
    if not round_.is_open(today):
        raise Refused(
            _("Applications to this round are taken from %(opens)s to %(closes)s; today is %(today)s.")
            % {"opens": round_.opens_on, "closes": round_.closes_on, "today": today}
        )
    category = city.category_in(framework, round_.year) or ""
    if round_.categories and category not in round_.categories:
        raise Refused(
            _("This round takes %(wanted)s cities; %(city)s is %(category)s in %(year)s.")
            % {
                "wanted": ", ".join(_category_name(framework, c) for c in round_.categories),
                "city": city.name,
                "category": _category_name(framework, category) if category else _("in no category"),
                "year": round_.year,
            }
        )
    with transaction.atomic():
        if service is not None:
            if Application.objects.select_for_update().filter(round=round_, service=service).exists():
                raise Refused(_("%(service)s has already applied to this round.") % {"service": service.name})
        elif Application.objects.select_for_update().filter(round=round_, city=city, service=None).exists():
            raise Refused(_("%(city)s has already applied to this round.") % {"city": city.name})
        # One self-assessment stands in one review at a time: a second round would review the same answers twice.
        elsewhere = (
            Application.objects.select_for_update()
            .filter(source=source, state__in=(ApplicationState.APPLIED, ApplicationState.IN_REVIEW))
            .select_related("round")
            .first()
        )
        if elsewhere is not None:
            raise Refused(
                _(
                    "This assessment already stands in %(round)s, whose review is still open; apply with another "
                    "assessment, or withdraw that application first."
                )
                % {"round": elsewhere.round}
            )
        frozen = start_from(source, kind=AssessmentKind.CERTIFICATION, year=round_.year, actor=actor)
        # The copy is what the panel reviews: the city's own answers, as they stood, confirmed.
        frozen.responses.update(prefilled_from="", confirmed=True)
        frozen.title = str(round_)
        frozen.save(update_fields=["title"])
        transition(frozen, State.SUBMITTED, actor)
        application = Application.objects.create(
            round=round_,
            city=city,
            service=service,
            category=category,
            source=source,
            frozen=frozen,
            state=ApplicationState.APPLIED,
            applied_by=acting_user(actor),
            applied_at=moment(today),
        )
        record(actor, "application.created", "application", application.pk, after=_application_snapshot(application))
    return application


def _check_applicant(framework: Framework, source: Assessment, actor: Actor) -> None:
    """A service scheme takes a service's assessment, recorded by the certifying body; a city scheme a city's."""
    if framework.applicant == "service":
        if source.service_id is None:
            raise Refused(
                _("This round certifies smart-city services; the assessment is a city's own. Assess the service.")
            )
        if actor is None or not records_service_applications(actor):
            raise Refused(
                _(
                    "A service's application is recorded by the certifying body from what its provider submits; "
                    "a city's officers cannot apply for a service."
                )
            )
    elif source.service_id is not None:
        raise Refused(_("This round certifies cities; the assessment is a service's."))


def withdraw_application(application: Application, actor: Actor) -> Application:
    return transition_application(application, ApplicationState.WITHDRAWN, actor)


# The only moves an application can make; `transition_application` refuses anything else.
APPLICATION_MOVES: dict[str, tuple[str, ...]] = {
    ApplicationState.APPLIED: (ApplicationState.IN_REVIEW, ApplicationState.WITHDRAWN),
    # In review again: given to another panel.
    ApplicationState.IN_REVIEW: (ApplicationState.IN_REVIEW, ApplicationState.DECIDED, ApplicationState.WITHDRAWN),
    # Sent back for re-review on appeal.
    ApplicationState.DECIDED: (ApplicationState.IN_REVIEW,),
    ApplicationState.WITHDRAWN: (),
}


def transition_application(
    application: Application,
    to_state: str,
    actor: Actor,
    *,
    action: str = "",
    panel: Panel | None = None,
    before: Mapping[str, Any] | None = None,
    after: Mapping[str, Any] | None = None,
) -> Application:
    """The one way an application changes state: its row locked, the move checked against APPLICATION_MOVES,
    saved and audited in one transaction (inside the caller's, when the move is part of a larger step). The
    event is `action` (application.<state> by default) with the application before and after, to which `before`
    and `after` add; `panel` is the panel a move into review gives it to. `application` follows the move."""
    with transaction.atomic():
        locked = _locked(application)
        if to_state not in APPLICATION_MOVES[locked.state]:
            raise Refused(_("This application is %(state)s.") % {"state": locked.get_state_display()})
        was = _application_snapshot(locked)
        locked.state = to_state
        if panel is not None:
            locked.panel = panel
        locked.save(update_fields=["state", "panel"])
        record(
            actor,
            action or f"application.{to_state}",
            "application",
            locked.pk,
            before={**was, **(before or {})},
            after={**_application_snapshot(locked), **(after or {})},
        )
    application.state, application.panel_id = locked.state, locked.panel_id
    return locked


# ---------------------------------------------------------------------------------------------- panels


def declare_conflict(assessor: User, city: City, reason: str, actor: Actor) -> ConflictOfInterest:
    """An assessor declares a tie to a city; from then on they cannot be assigned to its applications."""
    if not reason.strip():
        raise Refused(_("Say what ties you to the city (for example: advised it in 2024)."))
    with transaction.atomic():
        conflict, _created = ConflictOfInterest.objects.get_or_create(
            assessor=assessor, city=city, defaults={"reason": reason.strip()[:300]}
        )
        record(
            actor,
            "conflict.declared",
            "conflict",
            conflict.pk,
            after={"assessor": assessor.get_username(), "city": city.code, "reason": conflict.reason},
        )
    return conflict


def conflicted(assessor_ids: Iterable[int], city: City) -> list[ConflictOfInterest]:
    return list(
        ConflictOfInterest.objects.filter(assessor_id__in=list(assessor_ids), city=city).select_related("assessor")
    )


def form_panel(
    round_: Round,
    name: str,
    assessors: Iterable[User],
    actor: Actor,
    *,
    category: str = "",
    common: Iterable[User] = (),
) -> Panel:
    """A panel of assessors for one category of a round; common members sit on every panel."""
    members = list(assessors)
    common_ids = {user.pk for user in common}
    for user in members:
        if not may_sit_on_panel(user):
            raise Refused(_("%(user)s is not an assessor.") % {"user": user.get_username()})
    if category and round_.categories and category not in round_.categories:
        raise Refused(_("The round takes no %(category)s cities.") % {"category": category})
    with transaction.atomic():
        if Panel.objects.filter(round=round_, name=name).exists():
            raise Refused(_("The round already has a panel called %(name)s.") % {"name": name})
        panel = Panel.objects.create(round=round_, name=name, category=category)
        PanelMember.objects.bulk_create(
            PanelMember(panel=panel, assessor=user, common=user.pk in common_ids) for user in members
        )
        record(
            actor,
            "panel.formed",
            "panel",
            panel.pk,
            after={
                "round": round_.pk,
                "name": name,
                "category": category,
                "members": [u.get_username() for u in members],
            },
        )
    return panel


def assign(application: Application, panel: Panel, actor: Actor) -> Application:
    """Give an application to a panel; refused while any member has declared a conflict with the city."""
    if panel.round_id != application.round_id:
        raise Refused(_("The panel belongs to another round."))
    ties = conflicted(panel.memberships.values_list("assessor_id", flat=True), application.city)
    if ties:
        raise Refused(
            _("%(people)s declared a conflict of interest with %(city)s and cannot review it.")
            % {"people": ", ".join(tie.assessor.get_username() for tie in ties), "city": application.city.name}
        )
    return transition_application(
        application, ApplicationState.IN_REVIEW, actor, action="application.assigned", panel=panel
    )


def add_member(panel: Panel, assessor: User, actor: Actor) -> PanelMember:
    """Add an assessor to a panel, unless they declared a conflict with a city the panel reviews."""
    if not may_sit_on_panel(assessor):
        raise Refused(_("%(user)s is not an assessor.") % {"user": assessor.get_username()})
    cities = City.objects.filter(applications__panel=panel)
    tie = ConflictOfInterest.objects.filter(assessor=assessor, city__in=cities).select_related("city").first()
    if tie is not None:
        raise Refused(
            _("%(user)s declared a conflict of interest with %(city)s, which this panel reviews.")
            % {"user": assessor.get_username(), "city": tie.city.name}
        )
    with transaction.atomic():
        member, _created = PanelMember.objects.get_or_create(panel=panel, assessor=assessor)
        record(actor, "panel.member_added", "panel", panel.pk, after={"assessor": assessor.get_username()})
    return member


# ---------------------------------------------------------------------------------------------- scoring


def sheet_for(application: Application, assessor: User, stage: str) -> ReviewSheet:
    """The assessor's own sheet for a stage, made on first use."""
    if stage not in stage_ids(application.round.framework_version.framework):
        raise Refused(_("%(stage)s is not a review stage of this scheme.") % {"stage": stage})
    if not reviews(assessor, application):
        raise Refused(_("You are not on the panel reviewing this application."))
    sheet, _created = ReviewSheet.objects.get_or_create(application=application, assessor=assessor, stage=stage)
    return sheet


def save_scores(sheet: ReviewSheet, scores: Mapping[str, tuple[str, str]], actor: Actor) -> int:
    """Store an assessor's scores (item → (value, comment)) on their unsubmitted sheet; all or nothing."""
    cleaned = {
        item_id: (_canonical(sheet.application.frozen, item_id, value), comment.strip())
        for item_id, (value, comment) in scores.items()
        if value.strip()
    }
    with transaction.atomic():
        locked = ReviewSheet.objects.select_for_update().get(pk=sheet.pk)
        if locked.submitted:
            raise Refused(_("These scores were submitted and can no longer be changed."))
        existing = {score.item_id: score for score in locked.scores.filter(item_id__in=list(cleaned))}
        now = timezone.now()
        created: list[ReviewScore] = []
        updated: list[ReviewScore] = []
        for item_id, (value, comment) in cleaned.items():
            score = existing.get(item_id) or ReviewScore(sheet=locked, item_id=item_id)
            score.value, score.comment, score.updated_at = value, comment, now
            (updated if score.pk else created).append(score)
        ReviewScore.objects.bulk_create(created)
        ReviewScore.objects.bulk_update(updated, ["value", "comment", "updated_at"])
        record(
            actor,
            "review.scored",
            "review_sheet",
            locked.pk,
            after={"stage": locked.stage, "scores": {k: v[0] for k, v in cleaned.items()}},
        )
    return len(cleaned)


def submit_sheet(sheet: ReviewSheet, actor: Actor) -> ReviewSheet:
    """Submit a sheet once every item has a score; then the assessor may see the others' submitted sheets."""
    framework = sheet.application.round.framework_version.framework
    with transaction.atomic():
        locked = ReviewSheet.objects.select_for_update().get(pk=sheet.pk)
        if locked.submitted:
            raise Refused(_("These scores were already submitted."))
        scored = set(locked.scores.values_list("item_id", flat=True))
        missing = [item.id for item in _items(framework) if item.id not in scored]
        if missing:
            raise Refused(
                _("Score every item before submitting; %(count)s without a score: %(items)s")
                % {"count": len(missing), "items": ", ".join(missing[:10]) + (" …" if len(missing) > 10 else "")}
            )
        locked.submitted_at = timezone.now()
        locked.save(update_fields=["submitted_at"])
        record(
            actor,
            "review.submitted",
            "review_sheet",
            locked.pk,
            after={
                "application": locked.application_id,
                "stage": locked.stage,
                "assessor": locked.assessor.get_username(),
            },
        )
    return locked


def submit_scores(sheet: ReviewSheet, scores: Mapping[str, tuple[str, str]], actor: Actor) -> ReviewSheet:
    """Store the sheet's last scores and submit it as one step: when the submission is refused, none of the
    scores sent with it is kept either."""
    with transaction.atomic():
        save_scores(sheet, scores, actor)
        return submit_sheet(sheet, actor)


def ask_city(application: Application, item_id: str, stage: str, question: str, actor: Actor) -> DocumentRequest:
    if not question.strip():
        raise Refused(_("Write what the city should send."))
    _item(application, item_id)
    with transaction.atomic():
        request = DocumentRequest.objects.create(
            application=application,
            item_id=item_id,
            stage=stage,
            question=question.strip(),
            asked_by=acting_user(actor),
        )
        record(
            actor,
            "request.asked",
            "application",
            application.pk,
            after={"item": item_id, "stage": stage, "question": request.question},
        )
    return request


def answer_request(request: DocumentRequest, answer: str, actor: Actor) -> DocumentRequest:
    if not answer.strip():
        raise Refused(_("Write an answer, or link the documents in it."))
    with transaction.atomic():
        locked = DocumentRequest.objects.select_for_update().get(pk=request.pk)
        before = {"answer": locked.answer}
        locked.answer, locked.answered_by, locked.answered_at = answer.strip(), acting_user(actor), timezone.now()
        locked.save(update_fields=["answer", "answered_by", "answered_at"])
        record(
            actor,
            "request.answered",
            "application",
            locked.application_id,
            before=before,
            after={"item": locked.item_id, "answer": locked.answer},
        )
    return locked


# ---------------------------------------------------------------------------------------------- consensus and decision


def record_consensus(application: Application, scores: Mapping[str, tuple[str, str]], actor: Actor) -> int:
    """The panel's agreed score per item (item → (value, rationale)), recorded by the certifier."""
    cleaned = {
        item_id: (_canonical(application.frozen, item_id, value), rationale.strip())
        for item_id, (value, rationale) in scores.items()
        if value.strip()
    }
    with transaction.atomic():
        locked = _locked(application)
        if locked.state != ApplicationState.IN_REVIEW:
            raise Refused(
                _("Consensus is recorded while an application is in review; this one is %(state)s.")
                % {"state": locked.get_state_display()}
            )
        _require_stages(locked)
        unexplained = outside_without_reason(locked, cleaned)
        if unexplained:
            raise Refused(
                _("A consensus outside the panel's range needs a reason for that item: %(items)s")
                % {"items": "; ".join(_("%(item)s %(value)s (panel %(low)s–%(high)s)") % row for row in unexplained)},
                rule="reason_needed_outside_range",
                details=unexplained,
            )
        existing = {score.item_id: score for score in locked.consensus.filter(item_id__in=list(cleaned))}
        user, now = acting_user(actor), timezone.now()
        created: list[ConsensusScore] = []
        updated: list[ConsensusScore] = []
        before: dict[str, str | None] = {}
        after: dict[str, dict[str, str]] = {}
        for item_id, (value, rationale) in cleaned.items():
            score = existing.get(item_id) or ConsensusScore(application=locked, item_id=item_id)
            if score.pk and (score.value, score.rationale) == (value, rationale):
                continue
            before[item_id] = score.value or None
            after[item_id] = {"value": value, "rationale": rationale}
            score.value, score.rationale, score.recorded_by, score.recorded_at = value, rationale, user, now
            (updated if score.pk else created).append(score)
        # In bulk, with one audit event for the whole sheet: a consensus is one act of the panel.
        ConsensusScore.objects.bulk_create(created)
        ConsensusScore.objects.bulk_update(updated, ["value", "rationale", "recorded_by", "recorded_at"])
        if after:
            record(actor, "consensus.recorded", "application", locked.pk, before=before, after=after)
    return len(cleaned)


def outside_without_reason(application: Application, scores: Mapping[str, tuple[str, str]]) -> list[dict[str, str]]:
    """The consensus values (item → (canonical value, rationale)) outside the panel's range at the deciding stage
    that come without a reason: the items record_consensus refuses."""
    framework = application.round.framework_version.framework
    given = _panel_scores(application, framework)
    return [
        {"item": item_id, "value": value, "low": bounds[0], "high": bounds[1]}
        for item_id, (value, rationale) in scores.items()
        if not rationale and (bounds := outside_range(framework, item_id, value, given.get(item_id, [])))
    ]


def _answers(framework: Framework, scores: Iterable[ConsensusScore]) -> dict[str, Answer]:
    return {score.item_id: Answer(parse_stored(framework, score.item_id, score.value)) for score in scores}


def consensus_result(application: Application) -> Result:
    """The panel's agreed scores as the engine scores them."""
    framework = application.round.framework_version.framework
    return evaluate(framework, _answers(framework, application.consensus.all()))


def engine_outcome(result: Result) -> str:
    """The outcome the engine's result calls for; blank for a scheme without a bar."""
    if result.certified is None:
        return ""
    return Outcome.CERTIFIED if result.certified else Outcome.NOT_CERTIFIED


def outside_the_panel(application: Application, agreed: Iterable[ConsensusScore]) -> list[dict[str, str]]:
    """The consensus values outside the panel's range at the deciding stage, with the reason given for each."""
    framework = application.round.framework_version.framework
    given = _panel_scores(application, framework)
    rows = []
    for score in sorted(agreed, key=lambda score: score.item_id):
        bounds = outside_range(framework, score.item_id, score.value, given.get(score.item_id, []))
        if bounds is not None:
            rows.append(
                {
                    "item": score.item_id,
                    "value": score.value,
                    "low": bounds[0],
                    "high": bounds[1],
                    "reason": score.rationale,
                }
            )
    return rows


def _panel_scores(application: Application, framework: Framework) -> dict[str, list[str]]:
    """The scores the panel's submitted sheets give each item at the deciding stage."""
    given: dict[str, list[str]] = defaultdict(list)
    rows = ReviewScore.objects.filter(
        sheet__application=application, sheet__stage=deciding_stage(framework).id, sheet__submitted_at__isnull=False
    ).values_list("item_id", "value")
    for item_id, value in rows:
        given[item_id].append(value)
    return given


# ---------------------------------------------------------------------------------------------- stage gates


@dataclass(frozen=True)
class StageGap:
    """A required review stage not yet in: how many submissions it needs, how many it has, who is missing."""

    stage: ReviewStage
    needed: int
    submitted: int
    missing: list[str]

    def describe(self) -> str:
        name = text(self.stage.name)
        if self.stage.assessors == "all" and self.missing:
            return _("%(stage)s: not yet submitted by %(people)s") % {"stage": name, "people": ", ".join(self.missing)}
        return _("%(stage)s: %(submitted)s of the %(needed)s submissions needed") % {
            "stage": name,
            "submitted": self.submitted,
            "needed": self.needed,
        }


def stage_gaps(application: Application) -> list[StageGap]:
    """The review stages the framework requires of the panel (`assessors` of each stage) that are not yet in,
    leaving out a stage a second certifier agreed to waive."""
    framework = application.round.framework_version.framework
    panel = (
        PanelMember.objects.filter(panel_id=application.panel_id)
        if application.panel_id
        else PanelMember.objects.none()
    )
    members = list(panel.select_related("assessor").order_by("assessor__username"))
    member_ids = {member.assessor_id for member in members}
    waived = set(application.waivers.filter(state=WaiverState.APPROVED).values_list("stage", flat=True))
    done: dict[str, set[int]] = defaultdict(set)
    sheets = ReviewSheet.objects.filter(application=application, submitted_at__isnull=False)
    for stage_id, assessor_id in sheets.values_list("stage", "assessor_id"):
        if assessor_id in member_ids:
            done[stage_id].add(assessor_id)
    gaps = []
    for stage in stages(framework):
        if stage.assessors == 0 or stage.id in waived:
            continue
        needed = max(1, len(members) if stage.assessors == "all" else stage.assessors)
        missing = [member.assessor.get_username() for member in members if member.assessor_id not in done[stage.id]]
        if len(done[stage.id]) < needed or (stage.assessors == "all" and missing):
            gaps.append(StageGap(stage, needed, len(done[stage.id]), missing))
    return gaps


def _require_stages(application: Application) -> None:
    gaps = stage_gaps(application)
    if gaps:
        raise Refused(
            _(
                "Every assigned assessor must submit every required review stage first (%(gaps)s); "
                "a second certifier may approve waiving a stage."
            )
            % {"gaps": "; ".join(gap.describe() for gap in gaps)},
            rule="stages_incomplete",
            details=[{"stage": gap.stage.id, "missing": gap.missing, "needed": gap.needed} for gap in gaps],
        )


def request_waiver(application: Application, stage_id: str, reason: str, actor: Actor) -> StageWaiver:
    """A certifier asks to decide without a required stage; a second certifier approves or declines it."""
    framework = application.round.framework_version.framework
    stage = next((stage for stage in stages(framework) if stage.id == stage_id), None)
    if stage is None:
        raise Refused(_("%(stage)s is not a review stage of this scheme.") % {"stage": stage_id})
    if stage.decides:
        raise Refused(
            _("%(stage)s decides the result, and the consensus is checked against its scores: it cannot be waived.")
            % {"stage": text(stage.name)},
            rule="deciding_stage",
        )
    if not reason.strip():
        raise Refused(
            _("Write why the stage may be waived; the reason is printed on the decision letter."), rule="reason_needed"
        )
    with transaction.atomic():
        locked = _locked(application)
        if locked.state not in (ApplicationState.APPLIED, ApplicationState.IN_REVIEW):
            raise Refused(_("This application is %(state)s.") % {"state": locked.get_state_display()})
        if locked.waivers.filter(stage=stage.id, state__in=(WaiverState.REQUESTED, WaiverState.APPROVED)).exists():
            raise Refused(_("A waiver of %(stage)s was already asked for.") % {"stage": text(stage.name)})
        waiver = StageWaiver.objects.create(
            application=locked,
            stage=stage.id,
            reason=reason.strip(),
            requested_by=acting_user(actor),
            requested_at=timezone.now(),
        )
        record(
            actor,
            "waiver.requested",
            "application",
            locked.pk,
            after={"waiver": waiver.pk, "stage": stage.id, "reason": waiver.reason},
        )
    return waiver


def answer_waiver(waiver: StageWaiver, approve: bool, actor: Actor, note: str = "") -> StageWaiver:
    """A waiver's one transition: a second certifier (never the one who asked) approves or declines it."""
    to_state = WaiverState.APPROVED if approve else WaiverState.DECLINED
    with transaction.atomic():
        application = _locked(waiver.application)
        locked = StageWaiver.objects.select_for_update().get(pk=waiver.pk)
        if locked.state != WaiverState.REQUESTED:
            raise Refused(_("This waiver was already %(state)s.") % {"state": locked.get_state_display()})
        if application.state not in (ApplicationState.APPLIED, ApplicationState.IN_REVIEW):
            raise Refused(_("This application is %(state)s.") % {"state": application.get_state_display()})
        user = acting_user(actor)
        if user is None or not can_answer_waiver(user, locked):
            raise Refused(
                _("A second certifier must answer this waiver: not the certifier who asked for it."),
                rule="second_certifier",
            )
        locked.state, locked.answered_by, locked.answered_at = to_state, user, timezone.now()
        locked.note = note.strip()
        locked.save(update_fields=["state", "answered_by", "answered_at", "note"])
        record(
            actor,
            f"waiver.{to_state}",
            "application",
            application.pk,
            before={"waiver": locked.pk, "state": WaiverState.REQUESTED},
            after={
                "waiver": locked.pk,
                "stage": locked.stage,
                "state": to_state,
                "reason": locked.reason,
                "note": locked.note,
            },
        )
    return locked


def why_not_decide(user: Any, application: Application) -> str:
    """Why four eyes keeps `user` from deciding, and who may; blank when nothing does."""
    if user is None or not four_eyes(application):
        return ""
    if sits_on_panel(user, application):
        own = _("You sit on this application's panel.")
    elif recorded_consensus(user, application):
        own = _("You recorded this application's consensus.")
    else:
        return ""
    others = [person.get_username() for person in possible_deciders(application)]
    who = (
        _("A certifier who took no part in the review decides: %(people)s.") % {"people": ", ".join(others)}
        if others
        else _(
            "Nobody at the certifying body may decide it now: every certifier sits on the panel or recorded the "
            "consensus. A certifier who took no part in the review is needed."
        )
    )
    return f"{own} {who}"


def decide(
    application: Application,
    outcome: str,
    reasons: str,
    actor: Actor,
    today: date,
    *,
    against_engine_reason: str = "",
) -> Decision:
    """Record the decision; certifying issues the certificate with its schedule in the same transaction.
    Refused until every required review stage is in (or waived), to anyone four eyes keeps from deciding, below
    the scheme's bar, and against the engine's outcome without a reason for it.

    The application row is locked first: of two certifiers deciding at once, the second finds it decided
    and gets a Conflict, and nothing of theirs is saved.
    """
    if outcome not in Outcome.values:
        raise Refused(_("Unknown outcome: %(outcome)s") % {"outcome": outcome})
    if not reasons.strip():
        raise Refused(_("Give the reasons for the decision."))
    with transaction.atomic():
        locked = _locked(application)
        if locked.state == ApplicationState.DECIDED:
            decision = Decision.objects.select_related("decided_by").get(application=locked)
            raise Conflict(
                _("%(who)s already decided this application at %(when)s (%(outcome)s); your decision was not saved.")
                % {
                    "who": decision.decided_by or "system",
                    "when": timezone.localtime(decision.decided_at).strftime("%Y-%m-%d %H:%M:%S"),
                    "outcome": decision.get_outcome_display(),
                }
            )
        if locked.state != ApplicationState.IN_REVIEW:
            raise Refused(
                _("Only an application in review can be decided; this one is %(state)s.")
                % {"state": locked.get_state_display()}
            )
        _require_stages(locked)
        barrier = why_not_decide(acting_user(actor), locked)
        if barrier:
            raise Refused(barrier, rule="four_eyes")
        framework = locked.round.framework_version.framework
        # Read once: the same scores are checked, scored and published.
        agreed = list(locked.consensus.all())
        agreed_ids = {score.item_id for score in agreed}
        missing = [item.id for item in _items(framework) if item.id not in agreed_ids]
        if missing:
            raise Refused(
                _("Record the panel's consensus for every item first; missing: %(items)s")
                % {"items": ", ".join(missing[:10])}
            )
        # Scored with its gap plan, which the decision letter prints as the improvement plan.
        result = scored_with_plan(framework, _answers(framework, agreed))
        if outcome == Outcome.CERTIFIED and not result.certified:
            failed = "; ".join(text(condition.name) for condition in result.failed_conditions) or "-"
            raise Refused(
                _("The consensus result does not meet the scheme's bar (%(failed)s); it cannot be certified.")
                % {"failed": failed},
                rule="below_bar",
            )
        engine = engine_outcome(result)
        against = against_engine_reason.strip() if engine and outcome != engine else ""
        if engine and outcome != engine and not against:
            raise Refused(
                _(
                    "The engine's outcome for the consensus is %(engine)s; deciding %(outcome)s needs a reason against "
                    "it, which the decision letter prints."
                )
                % {"engine": Outcome(engine).label, "outcome": Outcome(outcome).label},
                rule="reason_needed_against_engine",
            )
        outside = outside_the_panel(locked, agreed)
        waived = [
            {"stage": waiver.stage, "reason": waiver.reason}
            for waiver in locked.waivers.filter(state=WaiverState.APPROVED)
        ]
        decided_at = moment(today)
        public_from = public_from_at_decision(locked.round, framework, decided_at)
        try:
            with transaction.atomic():
                decision = Decision.objects.create(
                    application=locked,
                    outcome=outcome,
                    reasons=reasons.strip(),
                    result=result.as_dict(),
                    engine_outcome=engine,
                    against_engine_reason=against,
                    outside_range=outside,
                    decided_by=acting_user(actor),
                    decided_at=decided_at,
                    public_from=public_from,
                    city_told_from=city_told_at_decision(framework, decided_at, public_from),
                )
        except IntegrityError:
            # A backend without row locks let both through; the one-decision-per-application index did not.
            raise Conflict(
                _("Somebody else decided this application a moment ago; your decision was not saved.")
            ) from None
        _publish(locked, framework, result, agreed, outcome)
        transition_application(
            application,
            ApplicationState.DECIDED,
            actor,
            action="application.decided",
            after={
                "outcome": outcome,
                "reasons": decision.reasons,
                "engine_outcome": engine,
                "against_engine_reason": against,
                "outside_range": outside,
                "waived": waived,
            },
        )
        if outcome == Outcome.CERTIFIED:
            _issue(locked, framework, result, actor, today)
    return decision


def _publish(
    application: Application, framework: Framework, result: Result, agreed: list[ConsensusScore], outcome: str
) -> None:
    """Freeze the decided result item by item: what the registry and the open data show, never changed after."""
    items = compile_framework(framework).item_by_id
    units = {item_id: item.node.unit.en for item_id, item in items.items() if item.node.unit is not None}
    version = application.round.framework_version
    published = PublishedItem.objects.bulk_create(
        PublishedItem(
            application=application,
            city_id=application.city_id,
            framework_version=version,
            year=application.round.year,
            item_id=score.item_id,
            value=score.value,
            unit=units.get(score.item_id, ""),
            points=result.item_points.get(score.item_id),
        )
        for score in sorted(agreed, key=lambda score: score.item_id)
        if score.item_id in items
    )
    city = application.city
    PublishedRows.objects.create(
        application=application,
        city=city,
        framework_version=version,
        year=application.round.year,
        csv=result_csv(
            city=(city.code, city.name_ko, city.name_en),
            framework=version.framework_id,
            version=version.version,
            year=application.round.year,
            outcome=outcome,
            items=((row.item_id, row.value, row.unit, row.points) for row in published),
        ),
    )


def _issue(
    application: Application, framework: Framework, result: Result, actor: Actor, issued_on: date
) -> Certificate:
    rules = framework.rules.certificate
    if rules is None:
        raise Refused(_("%(framework)s issues no certificates.") % {"framework": framework.key})
    in_force = Certificate.objects.filter(application=application).exclude(status=CertificateStatus.WITHDRAWN).first()
    if in_force is not None:
        raise Refused(
            _("Certificate %(number)s was already issued on this application; a second cannot be issued.")
            % {"number": in_force.number}
        )
    schedule = certificate_schedule(framework, issued_on)
    assert schedule is not None
    grade = classification_name(framework, result.classification)
    prefix = f"{rules.number_prefix}-{issued_on.year}-"
    _hold_numbering(prefix)
    taken = Certificate.objects.filter(number__startswith=prefix).values_list("number", flat=True)
    highest = max((int(suffix) for number in taken if (suffix := number[len(prefix) :]).isdigit()), default=0)
    try:
        with transaction.atomic():
            certificate = Certificate.objects.create(
                number=f"{prefix}{highest + 1:04d}",
                application=application,
                city=application.city,
                service=application.service,
                framework_version=application.round.framework_version,
                category=application.category,
                grade="" if result.classification is None else str(result.classification),
                grade_ko=grade.ko if grade else "",
                grade_en=grade.en if grade else "",
                issued_on=issued_on,
                expires_on=schedule.expires,
                status=CertificateStatus.VALID,
            )
    except IntegrityError:
        # Only a number written outside _issue (by hand, say) can get here: the unique index refuses it.
        raise Conflict(_("No free certificate number; try again.")) from None
    CertificateChange.objects.create(
        certificate=certificate,
        from_status="",
        to_status=CertificateStatus.VALID,
        reason=in_both_languages(gettext_noop("Issued on the decision.")),
        changed_by=acting_user(actor),
        changed_at=moment(issued_on),
    )
    for audit in rules.surveillance:
        window = schedule.windows[audit.id]
        DueAudit.objects.create(
            certificate=certificate,
            kind=AuditKind.SURVEILLANCE,
            schedule_id=audit.id,
            name_ko=audit.name.ko,
            name_en=audit.name.en,
            due_on=window.due,
            opens_on=window.opens,
            closes_on=window.closes,
        )
    if schedule.extension_deadline is not None:
        named = in_each_data_language(lambda: _("Last day to apply for an extension"))
        DueAudit.objects.create(
            certificate=certificate,
            kind=AuditKind.EXTENSION,
            schedule_id="extension",
            name_ko=named["ko"],
            name_en=named["en"],
            due_on=schedule.extension_deadline,
        )
    record(actor, "certificate.issued", "certificate", certificate.number, after=_certificate_snapshot(certificate))
    return certificate


def _hold_numbering(prefix: str) -> None:
    """Hold the numbers under `prefix` until the transaction ends, so that certificates issued at the same moment
    take the next number one after another instead of all reading the same highest one. On PostgreSQL that is an
    advisory lock named after the prefix; SQLite's transactions take the database's one write lock as they begin,
    which holds everything already."""
    if connection.vendor != "postgresql":
        return
    key = int.from_bytes(hashlib.sha256(f"certificate-number:{prefix}".encode()).digest()[:8], "big", signed=True)
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_advisory_xact_lock(%s)", [key])


# ---------------------------------------------------------------------------------------------- after issue


STATUS_MOVES: dict[str, tuple[str, ...]] = {
    CertificateStatus.VALID: (CertificateStatus.SUSPENDED, CertificateStatus.WITHDRAWN),
    CertificateStatus.SUSPENDED: (CertificateStatus.VALID, CertificateStatus.WITHDRAWN),
    CertificateStatus.WITHDRAWN: (),
}


def change_status(certificate: Certificate, to_status: str, reason: str, actor: Actor, today: date) -> Certificate:
    """Suspend, reinstate or withdraw a certificate, with the reason kept in its history."""
    if not reason.strip():
        raise Refused(_("Give the reason for the change."))
    with transaction.atomic():
        locked = Certificate.objects.select_for_update().get(pk=certificate.pk)
        if locked.status_on(today) == CertificateStatus.EXPIRED:
            raise Refused(
                _("The certificate expired on %(date)s; its status can no longer change.") % {"date": locked.expires_on}
            )
        if to_status not in STATUS_MOVES[locked.status]:
            raise Refused(
                _("A %(from)s certificate cannot become %(to)s.")
                % {"from": locked.get_status_display(), "to": CertificateStatus(to_status).label}
            )
        before = _certificate_snapshot(locked)
        CertificateChange.objects.create(
            certificate=locked,
            from_status=locked.status,
            to_status=to_status,
            reason=reason.strip(),
            changed_by=acting_user(actor),
            changed_at=moment(today),
        )
        locked.status = to_status
        locked.save(update_fields=["status"])
        record(
            actor,
            f"certificate.{to_status}",
            "certificate",
            locked.number,
            before=before,
            after={**_certificate_snapshot(locked), "reason": reason.strip()},
        )
    certificate.status = locked.status
    return locked


def record_surveillance(
    due: DueAudit, levels: Mapping[str, str], actor: Actor, today: date, *, keep_valid_reason: str = ""
) -> DueAudit:
    """The assessor's surveillance levels, scored by the engine; below the bar suspends the certificate,
    unless the certifier records why it should stay valid."""
    if due.kind != AuditKind.SURVEILLANCE:
        raise Refused(_("Only a surveillance audit takes scores."))
    certificate = due.certificate
    framework = certificate.framework_version.framework
    frozen = certificate.application.frozen
    canonical = {item_id: _canonical(frozen, item_id, value) for item_id, value in levels.items() if value.strip()}
    missing = [item.id for item in _items(framework) if item.id not in canonical]
    if missing:
        raise Refused(
            _("Score every item of the surveillance audit; missing: %(items)s") % {"items": ", ".join(missing[:10])}
        )
    answers = {item_id: Answer(parse_stored(framework, item_id, value)) for item_id, value in canonical.items()}
    result = evaluate(framework, answers)
    with transaction.atomic():
        locked = DueAudit.objects.select_for_update().get(pk=due.pk)
        if locked.done_at is not None:
            raise Conflict(_("This surveillance audit was already recorded."))
        locked.scores, locked.passed, locked.done_at = canonical, bool(result.certified), moment(today)
        locked.assessor = acting_user(actor)
        locked.note = keep_valid_reason.strip()
        locked.save()
        record(
            actor,
            "surveillance.recorded",
            "certificate",
            certificate.number,
            after={"audit": locked.schedule_id, "passed": locked.passed, "scores": canonical},
        )
        if not result.certified and not keep_valid_reason.strip():
            below = ", ".join(short.item for failed in result.failed_conditions for short in failed.items)
            change_status(
                certificate,
                CertificateStatus.SUSPENDED,
                in_both_languages(
                    gettext_noop("%(audit)s found items below the bar: %(items)s"),
                    audit=(locked.name_ko, locked.name_en),
                    items=below or "-",
                ),
                actor,
                today,
            )
    return locked


def raise_finding(
    application: Application, item_id: str, kind: str, text: str, due_on: date | None, actor: Actor
) -> Finding:
    if kind not in FindingKind.values:
        raise Refused(_("Unknown severity: %(kind)s") % {"kind": kind})
    if not text.strip():
        raise Refused(_("Describe the finding."))
    _item(application, item_id)
    with transaction.atomic():
        finding = Finding.objects.create(
            application=application,
            item_id=item_id,
            kind=kind,
            text=text.strip(),
            due_on=due_on,
            raised_by=acting_user(actor),
        )
        record(
            actor,
            "finding.raised",
            "finding",
            finding.pk,
            after={
                "application": application.pk,
                "item": item_id,
                "kind": kind,
                "due_on": str(due_on) if due_on else None,
            },
        )
    return finding


def close_finding(finding: Finding, response: str, actor: Actor) -> Finding:
    """The city says how it closed the finding; an assessor then verifies."""
    return transition_finding(finding, FindingState.ANSWERED, actor, response=response)


def verify_finding(finding: Finding, actor: Actor) -> Finding:
    return transition_finding(finding, FindingState.VERIFIED, actor)


# The only moves a finding can make: answered by the city, then verified.
FINDING_MOVES: dict[str, tuple[str, ...]] = {
    FindingState.OPEN: (FindingState.ANSWERED,),
    FindingState.ANSWERED: (FindingState.VERIFIED,),
    FindingState.VERIFIED: (),
}


def transition_finding(finding: Finding, to_state: str, actor: Actor, response: str = "") -> Finding:
    """The one way a finding changes state: locked, the move checked against FINDING_MOVES, saved and audited."""
    with transaction.atomic():
        locked = Finding.objects.select_for_update().get(pk=finding.pk)
        from_state = locked.state
        if to_state not in FINDING_MOVES[from_state]:
            raise Refused(_("The finding is %(state)s.") % {"state": locked.get_state_display()})
        if to_state == FindingState.ANSWERED:
            if not response.strip():
                raise Refused(_("Say how the finding was closed."))
            locked.city_response, locked.answered_at = response.strip(), timezone.now()
        else:
            locked.verified_by, locked.verified_at = acting_user(actor), timezone.now()
        locked.state = to_state
        locked.save()
        record(
            actor, f"finding.{to_state}", "finding", locked.pk, before={"state": from_state}, after={"state": to_state}
        )
    return locked


@dataclass(frozen=True)
class DueItem:
    due: DueAudit
    overdue: bool


def due_items(today: date, *, horizon_days: int = 90, cities: Iterable[int] | None = None) -> list[DueItem]:
    """Surveillance audits not yet done and extension deadlines not yet passed, of certificates still in force."""
    query = DueAudit.objects.filter(done_at__isnull=True, certificate__expires_on__gte=today).exclude(
        certificate__status=CertificateStatus.WITHDRAWN
    )
    query = query.filter(Q(kind=AuditKind.SURVEILLANCE) | Q(due_on__gte=today))
    query = query.filter(due_on__lte=today + timedelta(days=horizon_days))
    if cities is not None:
        query = query.filter(certificate__city_id__in=list(cities))
    found = query.select_related("certificate", "certificate__city")
    return [DueItem(due, due.state_on(today) == "overdue") for due in found]


# ---------------------------------------------------------------------------------------------- helpers


def in_both_languages(message: str, **params: str | tuple[str, str]) -> str:
    """A reason the system writes into a record everyone reads, in Korean and English at once, since the
    record outlives the language of whoever's action wrote it. A (ko, en) pair fills each side."""
    sides = []
    for index, language in enumerate(("ko", "en")):
        with override(language):
            values = {key: value[index] if isinstance(value, tuple) else value for key, value in params.items()}
            sides.append(_(message) % values if values else _(message))
    return " · ".join(sides)


def moment(day: date) -> datetime:
    """When something took effect: now, on the day the caller says it happened (a decision dated the day
    the committee met, a demo replaying a past round)."""
    now = timezone.localtime()
    return now if now.date() == day else now.replace(year=day.year, month=day.month, day=day.day)


def _locked(application: Application) -> Application:
    """The application's row, locked until the transaction ends; only that row (`of`): the round, city and
    framework rows read with it stay free, so that decisions on different applications do not wait for each
    other."""
    return (
        Application.objects.select_for_update(of=("self",))
        .select_related("round__framework_version", "city", "frozen")
        .get(pk=application.pk)
    )


def _items(framework: Framework) -> list[Item]:
    return compile_framework(framework).items


def _item(application: Application, item_id: str) -> None:
    if item_id not in compile_framework(application.round.framework_version.framework).item_by_id:
        raise Refused(_("%(item)s is not an item of this framework.") % {"item": item_id})


def _canonical(assessment: Assessment, item_id: str, value: str) -> str:
    """A score checked against its item, as canonical text; InvalidAnswer names what is wrong."""
    try:
        fields = clean_response(assessment, item_id, ResponseInput(value=value.strip()))
    except InvalidAnswer as error:
        raise Refused(f"{item_id}: {error}") from None
    return str(fields["value"])


def _category_name(framework: Framework, category_id: str) -> str:
    return category_label(framework, category_id, in_english())


def _round_snapshot(round_: Round) -> dict[str, Any]:
    return {
        "framework": round_.framework_version.key,
        "year": round_.year,
        "categories": round_.categories,
        "opens_on": str(round_.opens_on),
        "closes_on": str(round_.closes_on),
        "announce_on": str(round_.announce_on or ""),
    }


def _application_snapshot(application: Application) -> dict[str, Any]:
    return {
        "round": application.round_id,
        "city": application.city.code,
        **({"service": application.service_id} if application.service_id else {}),
        "category": application.category,
        "state": application.state,
        "panel": application.panel_id,
        "frozen": application.frozen_id,
    }


def _certificate_snapshot(certificate: Certificate) -> dict[str, Any]:
    return {
        "number": certificate.number,
        "city": certificate.city.code,
        **({"service": certificate.service_id} if certificate.service_id else {}),
        "framework": certificate.framework_version.key,
        "grade": certificate.grade,
        "issued_on": str(certificate.issued_on),
        "expires_on": str(certificate.expires_on),
        "status": certificate.status,
    }


# ---------------------------------------------------------------------------------------------- appeals


@dataclass(frozen=True)
class Revision:
    """What an appeal's outcome did to a decision: its outcome before and after (blank once sent back for
    re-review) and the certificate issued or withdrawn on the way."""

    before: str
    after: str
    issued: str
    withdrawn: str


APPEAL_CHANGES = ("overturned", "sent_back")


def revise_decision_on_appeal(
    application: Application, change: str, reasons: str, actor: Actor, today: date
) -> Revision:
    """An appeal's outcome on the decision it was against (ISO/IEC 17065 7.13), in one transaction with its audit
    event. `overturned` replaces the decision's outcome and reasons, publishes its frozen rows again with the new
    outcome and issues the certificate (refused below the scheme's bar) or withdraws it; `sent_back` returns the
    application to review, its decision and published rows removed and its certificate withdrawn. The decision as
    it was stays in the audit event (and on the appeal, which calls this inside its own transaction)."""
    if change not in APPEAL_CHANGES:
        raise Refused(_("Unknown change on appeal: %(change)s") % {"change": change})
    if not reasons.strip():
        raise Refused(_("Give the reasons for the appeal's outcome."))
    with transaction.atomic():
        locked = _locked(application)
        decision = Decision.objects.filter(application=locked).select_related("decided_by").first()
        if locked.state != ApplicationState.DECIDED or decision is None:
            raise Refused(
                _("Only a decided application's decision can be changed on appeal; this one is %(state)s.")
                % {"state": locked.get_state_display()}
            )
        framework = locked.round.framework_version.framework
        # The certificate in force on the decision; one withdrawn earlier (sent back before) stays as it is.
        certificate = Certificate.objects.filter(application=locked).exclude(status=CertificateStatus.WITHDRAWN).first()
        before = {
            **_application_snapshot(locked),
            "outcome": decision.outcome,
            "reasons": decision.reasons,
            "decided_at": decision.decided_at.isoformat(),
            "decided_by": decision.decided_by.get_username() if decision.decided_by else None,
            "certificate": certificate.number if certificate is not None else None,
        }
        withdraw_reason = f"{in_both_languages(gettext_noop('Withdrawn on appeal.'))} {reasons.strip()}"
        withdrawn = ""
        if change == "overturned":
            outcome = Outcome.NOT_CERTIFIED if decision.outcome == Outcome.CERTIFIED else Outcome.CERTIFIED
            agreed = list(locked.consensus.all())
            result = evaluate(framework, _answers(framework, agreed))
            if outcome == Outcome.CERTIFIED and not result.certified:
                failed = "; ".join(text(condition.name) for condition in result.failed_conditions) or "-"
                raise Refused(
                    _("The decided result does not meet the scheme's bar (%(failed)s); it cannot be certified.")
                    % {"failed": failed}
                )
            if outcome == Outcome.CERTIFIED and certificate is not None:
                raise Refused(
                    _("Certificate %(number)s was already issued on this application; a second cannot be issued.")
                    % {"number": certificate.number}
                )
            decision.outcome, decision.reasons = outcome, reasons.strip()
            decision.decided_by, decision.decided_at = acting_user(actor), moment(today)
            decision.save(update_fields=["outcome", "reasons", "decided_by", "decided_at"])
            PublishedItem.objects.filter(application=locked).delete()
            PublishedRows.objects.filter(application=locked).delete()
            _publish(locked, framework, result, agreed, outcome)
            issued = _issue(locked, framework, result, actor, today).number if outcome == Outcome.CERTIFIED else ""
            if certificate is not None and certificate.status != CertificateStatus.WITHDRAWN:
                change_status(certificate, CertificateStatus.WITHDRAWN, withdraw_reason, actor, today)
                withdrawn = certificate.number
            revision = Revision(before["outcome"], outcome, issued, withdrawn)
        else:
            if certificate is not None and certificate.status != CertificateStatus.WITHDRAWN:
                change_status(certificate, CertificateStatus.WITHDRAWN, withdraw_reason, actor, today)
                withdrawn = certificate.number
            PublishedItem.objects.filter(application=locked).delete()
            PublishedRows.objects.filter(application=locked).delete()
            decision.delete()
            revision = Revision(before["outcome"], "", "", withdrawn)
        after = {
            "outcome": revision.after or None,
            "reasons": reasons.strip(),
            "certificate_issued": revision.issued or None,
            "certificate_withdrawn": revision.withdrawn or None,
        }
        if change == "overturned":
            # The application stays decided; only its decision changed.
            record(
                actor,
                "application.decision_overturned",
                "application",
                locked.pk,
                before=before,
                after={**_application_snapshot(locked), **after},
            )
        else:
            transition_application(
                application,
                ApplicationState.IN_REVIEW,
                actor,
                action="application.sent_back",
                before=before,
                after=after,
            )
    return revision
