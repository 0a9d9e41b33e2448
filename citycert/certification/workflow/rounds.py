"""A round is opened: a scheme's call for applications in one year."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from citycert.assessments.workflow import Actor, acting_user
from citycert.audit.log import record
from citycert.certification.models import Round
from citycert.certification.workflow.refusals import Refused
from citycert.permissions import body_to_open_round_in, runs_body


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
    body: Any = None,
) -> Round:
    """A round of `body` (a CertifyingBody); without one, of the only body the actor certifies for (or, for the
    system, of the only body there is)."""
    body_id = body.pk if body is not None else body_to_open_round_in(actor)
    if body_id is None:
        raise Refused(_("Say which certifying body runs the round: you certify for none, or for more than one."))
    if actor is not None and actor.is_authenticated and not runs_body(actor, body_id):
        raise Refused(_("Only a certifier or administrator of the certifying body opens its rounds."))
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
            body_id=body_id,
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


def _round_snapshot(round_: Round) -> dict[str, Any]:
    return {
        "framework": round_.framework_version.key,
        "body": round_.body_id,
        "year": round_.year,
        "categories": round_.categories,
        "opens_on": str(round_.opens_on),
        "closes_on": str(round_.closes_on),
        "announce_on": str(round_.announce_on or ""),
    }
