"""Announcement: when a round's decisions leave the certifying body.

A scheme that announces whole rounds (Korea's national certification) keeps each decision private until the
certifier announces the round, or until the announcement date set on the round, whichever comes first; a
continuous scheme (the BSI Kitemark) publishes each decision when it is taken. Whether results wait is the
framework's `certificate.publication` rule. A decision's `public_from` is the one fact every public reader
asks: the registry, city profiles, certificate pages and PDFs, verification, open data, benchmarks and the API.
"""

from __future__ import annotations

from datetime import date, datetime, time

from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from citycert.assessments.workflow import Actor, acting_user
from citycert.audit.log import record
from citycert.certification.choices import ApplicationState
from citycert.certification.models import Application, Decision, Round
from citycert.frameworks.schema import Framework, Publication


class NotAnnounceable(Exception):
    """The round cannot be announced as things stand; the message says why."""


def publication_of(framework: Framework) -> Publication:
    """The framework's rule; a scheme without certificate rules announces whole rounds."""
    rules = framework.rules.certificate
    return rules.publication if rules is not None else Publication()


def public_from_at_decision(round_: Round, framework: Framework, decided_at: datetime) -> datetime | None:
    """When a decision taken now becomes public: at once where the scheme publishes decisions or the round is
    already announced, at the start of the round's announcement date where one is set, else not yet."""
    if publication_of(framework).results == "at_decision":
        return decided_at
    if round_.announced_at is not None:
        return decided_at
    if round_.announce_on is not None:
        return max(decided_at, _start_of(round_))
    return None


def city_told_at_decision(framework: Framework, decided_at: datetime, public_from: datetime | None) -> datetime | None:
    """The city learns of its decision when the public does, or at the decision where the scheme says so."""
    if publication_of(framework).city_sees == "at_decision":
        return decided_at
    return public_from


def undecided(round_: Round) -> list[Application]:
    """Applications of the round that still wait for a decision (withdrawn ones wait for nothing)."""
    waiting = ~Q(state__in=[ApplicationState.DECIDED, ApplicationState.WITHDRAWN])
    return list(round_.applications.filter(waiting).select_related("city").order_by("city__name_ko"))


def announce_round(round_: Round, actor: Actor, on: date | None = None) -> Round:
    """Make every decision of the round public now, in one transaction with its audit event (`on` dates it to
    the day the announcement was made, for a demo replaying past rounds).

    Refused when the round is announced already, when nothing is decided, or while an application still
    waits for its decision: a round is announced whole, as the ministry's press release lists it."""
    with transaction.atomic():
        locked = Round.objects.select_for_update().select_related("framework_version").get(pk=round_.pk)
        if locked.announced_at is not None:
            raise NotAnnounceable(
                _("This round was announced on %(when)s.")
                % {"when": timezone.localtime(locked.announced_at).strftime("%Y-%m-%d %H:%M")}
            )
        waiting = undecided(locked)
        if waiting:
            names = ", ".join(application.city.name for application in waiting[:10])
            raise NotAnnounceable(
                _("%(count)d applications still wait for a decision (%(cities)s); decide or withdraw them first.")
                % {"count": len(waiting), "cities": names}
            )
        decisions = Decision.objects.filter(application__round=locked)
        if not decisions.exists():
            raise NotAnnounceable(_("Nothing in this round has been decided yet; there is nothing to announce."))
        now = timezone.now() if on is None else _on_day(on)
        private = decisions.filter(Q(public_from__isnull=True) | Q(public_from__gt=now))
        made_public = private.update(public_from=now)
        decisions.filter(Q(city_told_from__isnull=True) | Q(city_told_from__gt=now)).update(city_told_from=now)
        locked.announced_at = now
        locked.announced_by = acting_user(actor)
        locked.save(update_fields=["announced_at", "announced_by"])
        record(
            actor,
            "round.announced",
            "round",
            locked.pk,
            before={"announced_at": None},
            after={"announced_at": now.isoformat(), "decisions": decisions.count(), "made_public": made_public},
        )
    round_.announced_at, round_.announced_by = locked.announced_at, locked.announced_by
    return round_


def latest_announcement() -> str:
    """A token that changes whenever a round is announced: cached public pages include it in their key."""
    latest = (
        Round.objects.filter(announced_at__isnull=False)
        .order_by("-announced_at")
        .values_list("announced_at", flat=True)
    )
    first = latest.first()
    return first.isoformat() if first is not None else "-"


def _on_day(day: date) -> datetime:
    now = timezone.localtime()
    return now.replace(year=day.year, month=day.month, day=day.day)


def _start_of(round_: Round) -> datetime:
    assert round_.announce_on is not None
    return timezone.make_aware(datetime.combine(round_.announce_on, time.min))


def public_certificates() -> Q:
    """Certificates whose decision is public now: what every public page, whoever reads it, shows."""
    return Decision.public(timezone.now(), "application__decision__")
