"""Every change to an assessment goes through here: checked, audited and saved in one transaction."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, cast

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser, User
from django.db import connection, transaction
from django.db.models import Field
from django.utils import timezone
from django.utils.translation import gettext as _

from citycert.assessments.answers import stored_text
from citycert.assessments.choices import DataQuality, State
from citycert.assessments.models import Assessment, Evidence, EvidenceLink, Response
from citycert.assessments.refusals import refusal_text
from citycert.assessments.scored import after_save
from citycert.audit.log import record
from citycert.cities.models import City, SmartService
from citycert.library.models import FrameworkVersion
from citycert.scoring.model import compile_framework
from citycert.scoring.responses import AnswerRefused, coerce_answer

Actor = AbstractBaseUser | AnonymousUser | None


def acting_user(actor: Actor) -> User | None:
    """The account behind an action, or None for the system (demo loading, scheduled work)."""
    return actor if isinstance(actor, User) else None


# The only moves an assessment can make; anything else is refused.
TRANSITIONS: dict[str, set[str]] = {
    State.DRAFT: {State.SUBMITTED, State.WITHDRAWN},
    State.SUBMITTED: {State.WITHDRAWN},
    State.WITHDRAWN: set(),
}

RESPONSE_FIELDS = ("value", "not_applicable", "value_year", "data_source", "data_quality", "justification")


class TransitionRefused(Exception):
    """A change of state the assessment cannot make from where it is."""


class StaleRevision(Exception):
    """Somebody changed the assessment since the caller read it; nothing of the caller's change was saved."""

    def __init__(self, expected: int, current: int) -> None:
        super().__init__(f"the assessment is at revision {current}, not {expected}")
        self.expected, self.current = expected, current


def _check_revision(assessment: Assessment, expected: int | None) -> None:
    if expected is not None and assessment.revision != expected:
        raise StaleRevision(expected, assessment.revision)


class InvalidAnswer(ValueError):
    """A value an item does not accept; the message names what is wrong, in the reader's language, and `field`
    which of the item's fields it is (the page marks that field); `code` is the scoring refusal's, if any."""

    def __init__(self, message: str, field: str = "value", code: str = "") -> None:
        super().__init__(message)
        self.field, self.code = field, code


def create_assessment(
    city: City,
    framework_version: FrameworkVersion,
    kind: str,
    year: int,
    actor: Actor,
    *,
    title: str = "",
    service: SmartService | None = None,
) -> Assessment:
    """A new draft assessment, with an audit event; of `service` (run in `city`) where the scheme certifies
    services."""
    if service is not None and service.city_id != city.pk:
        raise TransitionRefused(
            _("%(service)s runs in %(city)s, not in %(other)s.")
            % {"service": service.name, "city": service.city.name, "other": city.name}
        )
    with transaction.atomic():
        assessment = Assessment.objects.create(
            city=city,
            service=service,
            framework_version=framework_version,
            kind=kind,
            year=year,
            title=title,
            created_by=acting_user(actor),
        )
        record(actor, "assessment.created", "assessment", assessment.pk, after=_snapshot(assessment))
    return assessment


def transition(
    assessment: Assessment, to_state: str, actor: Actor, *, expected_revision: int | None = None
) -> Assessment:
    """Move an assessment to `to_state` if its state machine allows; audit and save together.

    The row is locked first, so two people submitting or withdrawing at once cannot both succeed; with
    `expected_revision`, the move is refused (StaleRevision) if the answers changed since the caller read them.
    """
    with transaction.atomic():
        current = Assessment.objects.select_for_update().get(pk=assessment.pk)
        _check_revision(current, expected_revision)
        if to_state not in TRANSITIONS[current.state]:
            raise TransitionRefused(
                _("An assessment that is %(state)s cannot become %(to)s.")
                % {"state": current.get_state_display(), "to": State(to_state).label}
            )
        before = _snapshot(current)
        current.state = to_state
        if to_state == State.SUBMITTED:
            current.submitted_at = timezone.now()
        current.save(update_fields=["state", "submitted_at", "updated_at"])
        record(actor, f"assessment.{to_state}", "assessment", current.pk, before=before, after=_snapshot(current))
    assessment.refresh_from_db()
    return assessment


@dataclass(frozen=True)
class ResponseInput:
    """The fields a person can set on one item; None leaves a field as it is."""

    value: str | None = None
    not_applicable: bool | None = None
    value_year: int | str | None = ""
    data_source: str | None = None
    data_quality: str | None = None
    justification: str | None = None


def clean_response(assessment: Assessment, item_id: str, given: ResponseInput) -> dict[str, Any]:
    """The fields to store for one item, checked against the framework; InvalidAnswer says what is wrong."""
    framework = assessment.framework_version.framework
    item = compile_framework(framework).item_by_id.get(item_id)
    if item is None:
        raise InvalidAnswer(
            _("%(item)s is not an item of %(framework)s.") % {"item": item_id, "framework": framework.key}
        )
    fields: dict[str, Any] = {}
    if given.not_applicable is not None:
        fields["not_applicable"] = given.not_applicable
    if given.value is not None or given.not_applicable:
        raw = "NA" if given.not_applicable else given.value
        try:
            answer = coerce_answer(item, raw)
        except AnswerRefused as refused:
            raise InvalidAnswer(refusal_text(refused), code=refused.code) from None
        except ValueError as error:
            raise InvalidAnswer(str(error)) from None
        fields["value"] = "" if answer is None or answer.not_applicable else stored_text(answer.value)
    if given.value_year != "":
        if given.value_year is not None and not 1900 <= int(given.value_year) <= 2100:
            raise InvalidAnswer(_("The year of the value must be between 1900 and 2100."), "value_year")
        fields["value_year"] = int(given.value_year) if given.value_year is not None else None
    if given.data_source is not None:
        fields["data_source"] = given.data_source.strip()[:300]
    if given.data_quality is not None:
        if given.data_quality and given.data_quality not in DataQuality.values:
            raise InvalidAnswer(_("Unknown data quality: %(value)s") % {"value": given.data_quality}, "data_quality")
        fields["data_quality"] = given.data_quality
    if given.justification is not None:
        fields["justification"] = given.justification.strip()
    return fields


def save_response(
    assessment: Assessment,
    item_id: str,
    given: ResponseInput,
    actor: Actor,
    *,
    channel: str = "direct",
    expected_revision: int | None = None,
) -> Response:
    """Store one item's answer on a draft; a person saving it confirms a pre-filled answer.

    With `expected_revision` (the revision the page was read at), StaleRevision refuses a change made from an
    out-of-date page."""
    fields = clean_response(assessment, item_id, given)
    return save_responses(assessment, {item_id: fields}, actor, channel=channel, expected_revision=expected_revision)[0]


# How answers reach save_responses, named in each audit event of changed answers.
CHANNELS = ("page", "api", "spreadsheet", "crosswalk", "series", "demo", "direct")
ANSWERS_CHANGED = "assessment.answers_changed"
# What a response is before it is first saved: the old side of an answer given for the first time.
_BLANK: dict[str, Any] = {
    "value": "",
    "not_applicable": False,
    "value_year": None,
    "data_source": "",
    "data_quality": "",
    "justification": "",
    "confirmed": True,
}


def save_responses(
    assessment: Assessment,
    changes: dict[str, dict[str, Any]],
    actor: Actor,
    *,
    channel: str = "direct",
    expected_revision: int | None = None,
    prefilled_from: dict[str, str] | None = None,
    origin: str = "",
) -> list[Response]:
    """Store checked fields for several items at once, all or nothing, on a draft only; return the responses
    of the items given, as they now stand.

    Only answers that change are written, and they are recorded in ONE audit event (`assessment.answers_changed`):
    each changed field as [item, field, old, new], with the `channel` they came through (CHANNELS) and, for
    values filled in by the system, their `origin`. The event's actor and time say who and when. Items named in
    `prefilled_from` are saved unconfirmed, marked with where they came from, for a person to confirm; any other
    item saved is confirmed. A save that changes nothing writes nothing and leaves the revision as it was.

    With `expected_revision` (the API's If-Match), a caller who read an older revision is refused with
    StaleRevision, under the row lock, so that of two clients saving at once the late one cannot overwrite."""
    if channel not in CHANNELS:
        raise ValueError(f"unknown channel {channel!r}")
    marked = prefilled_from or {}
    with transaction.atomic():
        locked = Assessment.objects.select_for_update().get(pk=assessment.pk)
        _check_revision(locked, expected_revision)
        if locked.state != State.DRAFT:
            raise TransitionRefused(
                _("This assessment is %(state)s and can no longer be changed.") % {"state": locked.get_state_display()}
            )
        existing = {response.item_id: response for response in locked.responses.filter(item_id__in=list(changes))}
        user, now = acting_user(actor), timezone.now()
        created: list[Response] = []
        updated: list[Response] = []
        given: list[Response] = []
        changed: list[list[Any]] = []
        touched = {"confirmed", "prefilled_from", "updated_by", "updated_at"}
        for item_id, fields in changes.items():
            response = existing.get(item_id) or Response(assessment=locked, item_id=item_id)
            given.append(response)
            confirmed = item_id not in marked
            wanted = {**fields, "confirmed": confirmed}
            differs = [
                [item_id, name, old, value]
                for name, value in wanted.items()
                if (old := getattr(response, name) if response.pk else _BLANK[name]) != value
            ]
            if response.pk and not differs:
                continue
            # A first answer that only repeats the blank is still stored (the row says who answered, and when).
            changed.extend(row for row in differs if row[1] != "confirmed" or response.pk)
            for name, value in wanted.items():
                setattr(response, name, value)
                touched.add(name)
            if not confirmed:
                response.prefilled_from = marked[item_id][:200]
            response.updated_by, response.updated_at = user, now
            (updated if response.pk else created).append(response)
        if not created and not updated:
            return given
        # In bulk: a thousand values in one request are an insert and one update statement run many times.
        Response.objects.bulk_create(created, batch_size=500)
        _update_rows(updated, sorted(touched))
        saved = created + updated
        locked.revision += 1
        locked.save(update_fields=["revision", "updated_at"])
        after: dict[str, Any] = {"channel": channel, "revision": locked.revision, "changes": changed}
        if origin:
            after["from"] = origin
        record(actor, ANSWERS_CHANGED, "assessment", locked.pk, after=after)
        # The score kept for the revision before follows to this one by these items alone, once this commits.
        after_save(assessment, locked.revision - 1, locked.revision, saved)
    assessment.revision = locked.revision
    return given


def _update_rows(rows: list[Response], names: list[str]) -> None:
    """Write the named fields of existing responses with one UPDATE statement run once per row.

    Why not bulk_update: it builds a CASE expression per row and field, and for a thousand answers that
    took most of a second; executemany of a plain UPDATE by id takes milliseconds on both databases."""
    if not rows:
        return
    fields = [cast("Field[Any, Any]", Response._meta.get_field(name)) for name in names]
    quote = connection.ops.quote_name
    assignments = ", ".join(f"{quote(str(field.column))} = %s" for field in fields)
    table, key = quote(Response._meta.db_table), quote(str(Response._meta.pk.column if Response._meta.pk else "id"))
    statement = f"UPDATE {table} SET {assignments} WHERE {key} = %s"  # noqa: S608
    with connection.cursor() as cursor:
        cursor.executemany(
            statement,
            [
                [field.get_db_prep_save(getattr(row, field.attname), connection) for field in fields] + [row.pk]
                for row in rows
            ],
        )


def start_from(previous: Assessment, *, kind: str, year: int, actor: Actor) -> Assessment:
    """A new draft that begins with the answers and evidence of an earlier assessment, marked unconfirmed."""
    with transaction.atomic():
        assessment = create_assessment(
            previous.city, previous.framework_version, kind, year, actor, service=previous.service
        )
        assessment.started_from = previous
        assessment.save(update_fields=["started_from"])
        label = f"#{previous.pk} ({previous.year} {previous.get_kind_display()})"
        Response.objects.bulk_create(
            Response(
                assessment=assessment,
                prefilled_from=label,
                confirmed=False,
                **{name: getattr(response, name) for name in RESPONSE_FIELDS},
                item_id=response.item_id,
            )
            for response in previous.responses.all()
        )
        for evidence in previous.evidence.prefetch_related("links"):
            copy = Evidence.objects.create(
                assessment=assessment,
                title=evidence.title,
                file=evidence.file,
                file_name=evidence.file_name,
                url=evidence.url,
                effective_from=evidence.effective_from,
                expires_on=evidence.expires_on,
                uploaded_by=evidence.uploaded_by,
            )
            EvidenceLink.objects.bulk_create(
                EvidenceLink(evidence=copy, item_id=link.item_id) for link in evidence.links.all()
            )
        record(actor, "assessment.started_from", "assessment", assessment.pk, after={"from": previous.pk})
    return assessment


def confirm_prefilled(assessment: Assessment, item_ids: list[str] | None, actor: Actor) -> int:
    """Mark pre-filled answers as checked by a person (all of them, or the items named)."""
    with transaction.atomic():
        locked = Assessment.objects.select_for_update().get(pk=assessment.pk)
        if locked.state != State.DRAFT:
            raise TransitionRefused(
                _("This assessment is %(state)s and can no longer be changed.") % {"state": locked.get_state_display()}
            )
        pending = locked.responses.filter(confirmed=False)
        if item_ids is not None:
            pending = pending.filter(item_id__in=item_ids)
        # Which answers a person vouched for is part of the record, not only how many.
        confirmed = sorted(pending.values_list("item_id", flat=True))
        count = pending.update(confirmed=True)
        if count:
            locked.revision += 1
            locked.save(update_fields=["revision", "updated_at"])
            record(
                actor,
                "assessment.prefill_confirmed",
                "assessment",
                locked.pk,
                after={"items": count, "confirmed": confirmed},
            )
    return count


def _snapshot(assessment: Assessment) -> dict[str, Any]:
    return {
        "city": assessment.city.code,
        "framework": assessment.framework_version.key,
        "kind": assessment.kind,
        "year": assessment.year,
        "state": assessment.state,
        **({"service": assessment.service_id} if assessment.service_id else {}),
    }
