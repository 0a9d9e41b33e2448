"""The decision: four eyes, the scheme's bar and the engine's outcome checked, the result published and the
certificate issued in one transaction."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from citycert.assessments.workflow import Actor, acting_user
from citycert.certification.announcement import city_told_at_decision, public_from_at_decision
from citycert.certification.choices import ApplicationState, Outcome, WaiverState
from citycert.certification.models import Application, ConsensusScore, Decision, PublishedItem, PublishedRows
from citycert.certification.published_rows import result_csv
from citycert.certification.workflow._shared import _items, _locked, moment
from citycert.certification.workflow.applications import transition_application
from citycert.certification.workflow.certificates import _issue
from citycert.certification.workflow.consensus import _answers, engine_outcome, outside_the_panel
from citycert.certification.workflow.refusals import Conflict, Refused
from citycert.certification.workflow.stage_gates import _require_stages
from citycert.frameworks.schema import Framework
from citycert.language import in_page_language as text
from citycert.language import said_in_each_data_language
from citycert.permissions import four_eyes, possible_deciders, recorded_consensus, sits_on_panel
from citycert.scoring import score as scored_with_plan
from citycert.scoring.model import compile_framework
from citycert.scoring.result import Result


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
                    result=result.as_dict(said_in_each_data_language),
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
