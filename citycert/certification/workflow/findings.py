"""Findings raised on an application: answered by the city, then verified; a finding's one transition."""

from __future__ import annotations

from datetime import date

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from citycert.assessments.workflow import Actor, acting_user
from citycert.audit.log import record
from citycert.certification.choices import FindingKind, FindingState
from citycert.certification.models import Application, Finding
from citycert.certification.workflow._shared import _item
from citycert.certification.workflow.refusals import Refused


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
