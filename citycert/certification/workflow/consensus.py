"""The panel's agreed score per item, checked against the range the panel gave, and scored by the engine."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from citycert.assessments.answers import parse_stored
from citycert.assessments.workflow import Actor, acting_user
from citycert.audit.log import record
from citycert.certification.choices import ApplicationState, Outcome
from citycert.certification.models import Application, ConsensusScore, ReviewScore
from citycert.certification.reconcile import outside_range
from citycert.certification.scheme import deciding_stage
from citycert.certification.workflow._shared import _canonical, _locked
from citycert.certification.workflow.refusals import Refused
from citycert.certification.workflow.stage_gates import _require_stages
from citycert.frameworks.schema import Framework
from citycert.scoring import Answer
from citycert.scoring.engine import evaluate
from citycert.scoring.result import Result


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
