"""The steps of an assessor's competence record, each one function that checks, saves and writes its audit event in
one transaction: the certifying body records and changes a qualification; an assessor declares their impartiality
for a round. And the one question the certification workflow asks before it seats an assessor on a panel or gives
a panel an application: who of them is not qualified for the round's scheme on that day, or has not declared for
the round (`unready`)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser, User
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop, override

from citycert.audit.log import record
from citycert.competence.models import ImpartialityDeclaration, Qualification
from citycert.library.models import FrameworkVersion
from citycert.permissions import declares_impartiality, may_sit_on_panel, records_competence

Actor = AbstractBaseUser | AnonymousUser | None

# What an assessor may lack for a round: codes kept in the audit event, each said by `said_missing`.
NOT_QUALIFIED = "qualification"
NOT_DECLARED = "declaration"

# The statement an assessor affirms for a round, kept with the declaration in Korean and English.
STATEMENT = gettext_noop(
    "I declare that I have no commercial, financial or other interest in, and no tie to, any city or service "
    "applying in this round that could compromise my impartiality, other than those I list here; that I will tell "
    "the certifying body at once of any that arises; and that I will keep confidential what I learn in the review."
)


class Refused(Exception):
    """A step on the competence record that cannot be taken; `field` names the form field it concerns."""

    def __init__(self, message: str, field: str | None = None) -> None:
        super().__init__(message)
        self.field = field


@dataclass(frozen=True)
class QualificationInput:
    """A qualification as the certifying body gives it."""

    title: str
    schemes: list[str]
    valid_from: date
    valid_until: date | None = None
    training: str = ""
    trained_on: date | None = None


@dataclass(frozen=True)
class Unready:
    """An assessor not ready to sit for a round: what they lack (NOT_QUALIFIED, NOT_DECLARED)."""

    assessor: User
    missing: tuple[str, ...]


def known_schemes() -> list[str]:
    """The framework ids of the stored framework versions: the schemes a qualification may cover."""
    return sorted(set(FrameworkVersion.objects.values_list("framework_id", flat=True)))


def _checked(given: QualificationInput, today: date) -> QualificationInput:
    title, training = given.title.strip(), given.training.strip()
    if not title:
        raise Refused(_("Name the qualification (for example: ISO 37106 lead assessor, 2024)."), "title")
    if not given.schemes:
        raise Refused(_("Tick at least one scheme the qualification lets them assess."), "schemes")
    unknown = sorted(set(given.schemes) - set(known_schemes()))
    if unknown:
        raise Refused(_("No such scheme: %(schemes)s.") % {"schemes": ", ".join(unknown)}, "schemes")
    if given.valid_until is not None and given.valid_until < given.valid_from:
        raise Refused(_("A qualification cannot end before it starts."), "valid_until")
    if given.trained_on is not None and given.trained_on > today:
        raise Refused(_("The training date cannot be in the future."), "trained_on")
    return QualificationInput(
        title=title[:300],
        schemes=sorted(set(given.schemes)),
        valid_from=given.valid_from,
        valid_until=given.valid_until,
        training=training[:300],
        trained_on=given.trained_on,
    )


def _snapshot(qualification: Qualification) -> dict[str, Any]:
    return {
        "assessor": qualification.assessor.get_username(),
        "title": qualification.title,
        "schemes": list(qualification.schemes),
        "valid_from": str(qualification.valid_from),
        "valid_until": str(qualification.valid_until) if qualification.valid_until else None,
        "training": qualification.training,
        "trained_on": str(qualification.trained_on) if qualification.trained_on else None,
    }


def _may_record(actor: Actor) -> None:
    if actor is None or not records_competence(actor):
        raise Refused(_("Only the certifying body records assessors' qualifications."))


def record_qualification(assessor: User, given: QualificationInput, actor: Actor) -> Qualification:
    """The certifying body records one qualification of an assessor."""
    _may_record(actor)
    if not may_sit_on_panel(assessor):
        raise Refused(_("%(user)s is not an assessor.") % {"user": assessor.get_username()})
    checked = _checked(given, timezone.localdate())
    with transaction.atomic():
        qualification = Qualification.objects.create(
            assessor=assessor,
            title=checked.title,
            schemes=checked.schemes,
            valid_from=checked.valid_from,
            valid_until=checked.valid_until,
            training=checked.training,
            trained_on=checked.trained_on,
            recorded_by=actor if isinstance(actor, User) else None,
            recorded_at=timezone.now(),
        )
        record(actor, "qualification.recorded", "qualification", qualification.pk, after=_snapshot(qualification))
    return qualification


def change_qualification(qualification: Qualification, given: QualificationInput, actor: Actor) -> Qualification:
    """The certifying body changes a qualification (a later end, a new training date); the event keeps both."""
    _may_record(actor)
    checked = _checked(given, timezone.localdate())
    with transaction.atomic():
        locked = Qualification.objects.select_for_update().select_related("assessor").get(pk=qualification.pk)
        before = _snapshot(locked)
        locked.title, locked.schemes = checked.title, checked.schemes
        locked.valid_from, locked.valid_until = checked.valid_from, checked.valid_until
        locked.training, locked.trained_on = checked.training, checked.trained_on
        after = _snapshot(locked)
        if after == before:
            raise Refused(_("Nothing was changed."))
        locked.recorded_by = actor if isinstance(actor, User) else None
        locked.recorded_at = timezone.now()
        locked.save()
        record(actor, "qualification.changed", "qualification", locked.pk, before=before, after=after)
    return locked


def statement_in_both_languages() -> str:
    """The statement as it is kept with a declaration: Korean, then English."""
    sides = []
    for language in ("ko", "en"):
        with override(language):
            sides.append(_(STATEMENT))
    return "\n\n".join(sides)


def declare_impartiality(
    assessor: User, round_id: int, interests: str, actor: Actor, *, at: datetime | None = None
) -> ImpartialityDeclaration:
    """An assessor declares, for themself, their impartiality for a round, listing any interest they have (none:
    left empty); once per round, dated `at` (now, unless the demo replays a past round)."""
    if actor is None or not declares_impartiality(actor, assessor):
        raise Refused(_("Only %(user)s declares their own impartiality.") % {"user": assessor.get_username()})
    try:
        with transaction.atomic():
            declaration = ImpartialityDeclaration.objects.create(
                assessor=assessor,
                round_id=round_id,
                declared_at=at or timezone.now(),
                statement=statement_in_both_languages(),
                interests=interests.strip(),
            )
            record(
                actor,
                "impartiality.declared",
                "impartiality_declaration",
                declaration.pk,
                after={
                    "assessor": assessor.get_username(),
                    "round": round_id,
                    "declared_at": declaration.declared_at.isoformat(),
                    "interests": declaration.interests,
                },
            )
    except IntegrityError:
        earlier = ImpartialityDeclaration.objects.get(assessor=assessor, round_id=round_id)
        raise Refused(
            _("You declared your impartiality for this round on %(day)s.")
            % {"day": timezone.localtime(earlier.declared_at).strftime("%Y-%m-%d")}
        ) from None
    return declaration


def unready(assessors: Iterable[User], *, framework_id: str, round_id: int, day: date) -> list[Unready]:
    """The assessors who are not qualified for the scheme on `day` or have not declared their impartiality for the
    round, in the order given, with what each lacks; two queries whatever their number."""
    people = list(assessors)
    ids = [person.pk for person in people]
    qualified = {
        qualification.assessor_id
        for qualification in Qualification.objects.filter(assessor_id__in=ids)
        if qualification.covers(framework_id, day)
    }
    declared = set(
        ImpartialityDeclaration.objects.filter(assessor_id__in=ids, round_id=round_id).values_list(
            "assessor_id", flat=True
        )
    )
    found = []
    for person in people:
        missing = tuple(
            code
            for code, lacking in (
                (NOT_QUALIFIED, person.pk not in qualified),
                (NOT_DECLARED, person.pk not in declared),
            )
            if lacking
        )
        if missing:
            found.append(Unready(person, missing))
    return found


def said_missing(code: str) -> str:
    """What an assessor lacks, in the page's language."""
    return {
        NOT_QUALIFIED: _("no qualification for the round's scheme on the day"),
        NOT_DECLARED: _("no impartiality declaration for the round"),
    }.get(code, code)
