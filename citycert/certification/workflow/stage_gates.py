"""The review stages a decision waits for, and the waiver a second certifier may grant for one."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from citycert.assessments.workflow import Actor, acting_user
from citycert.audit.log import record
from citycert.certification.choices import ApplicationState, WaiverState
from citycert.certification.models import Application, PanelMember, ReviewSheet, StageWaiver
from citycert.certification.scheme import stages
from citycert.certification.workflow._shared import _locked
from citycert.certification.workflow.refusals import Refused
from citycert.frameworks.schema import ReviewStage
from citycert.language import in_page_language as text
from citycert.permissions import can_answer_waiver


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
