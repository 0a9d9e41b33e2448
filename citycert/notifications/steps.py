"""What each step of the process tells, and whom: one function per kind of audit event, reading the event's object.

A step says whom it concerns (`permissions.city_told_of`, `panel_told_of`, the certifying body…) and what it is
about; `permissions.told` keeps of those only the active accounts that may see it, and never whoever took the step.
The wording is a catalogue message said in Korean and in English when the step is told (`telling.said`).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field

from django.contrib.auth.models import AbstractBaseUser
from django.urls import reverse
from django.utils.translation import gettext_noop

from citycert.appeals.choices import AppealState
from citycert.appeals.models import Appeal
from citycert.audit.models import AuditEvent
from citycert.certification.choices import CertificateStatus, FindingKind, Outcome
from citycert.certification.models import Application, Certificate, Decision, DocumentRequest, Finding, ReviewSheet
from citycert.certification.scheme import stages
from citycert.certification.workflow import stage_gaps
from citycert.language import in_page_language
from citycert.permissions import (
    certifying_body,
    city_told_of,
    panel_told_of,
    possible_appeal_handlers,
    possible_deciders,
)

# A value said in each language when the message is: a callable is called with the language active.
Value = str | Callable[[], str]


@dataclass
class Step:
    """One thing to tell: its kind, what it is about (for the permission check and the link), the people it
    concerns, and its wording with the values to put in it."""

    kind: str
    about: object
    people: Iterable[AbstractBaseUser]
    wording: str
    values: dict[str, Value] = field(default_factory=dict)
    url: str = ""
    object_type: str = ""
    object_id: str = ""


def applicant(application: Application) -> Callable[[], str]:
    """The applicant's name as the language being spoken says it: the service for a service, else the city."""
    return lambda: application.service.name if application.service_id else application.city.name  # type: ignore[union-attr]


def application_url(application: Application, anchor: str = "") -> str:
    return reverse("application", args=[application.pk]) + (f"#{anchor}" if anchor else "")


def _application(pk: str | int) -> Application | None:
    return (
        Application.objects.select_related("round__framework_version", "city", "service", "panel").filter(pk=pk).first()
    )


def _on_application(application: Application) -> dict[str, Value]:
    return {"city": applicant(application), "round": lambda: application.round.name}


def assigned(event: AuditEvent) -> Iterator[Step]:
    application = _application(event.object_id)
    if application is None:
        return
    yield Step(
        "assigned",
        application,
        panel_told_of(application),
        gettext_noop("You are assigned to review %(city)s's application to %(round)s."),
        _on_application(application),
        application_url(application),
    )


def member_added(event: AuditEvent) -> Iterator[Step]:
    """An assessor added to a panel is assigned to every open application the panel already reviews."""
    username = (event.after or {}).get("assessor", "")
    for application in Application.objects.filter(panel_id=event.object_id, state="in_review").select_related(
        "round", "city", "service"
    ):
        yield Step(
            "assigned",
            application,
            [member for member in panel_told_of(application) if member.get_username() == username],
            gettext_noop("You are assigned to review %(city)s's application to %(round)s."),
            _on_application(application),
            application_url(application),
            "application",
            str(application.pk),
        )


def documents_asked(event: AuditEvent) -> Iterator[Step]:
    application = _application(event.object_id)
    after = event.after or {}
    if application is None:
        return
    request = (
        DocumentRequest.objects.filter(
            application=application, item_id=after.get("item"), question=after.get("question")
        )
        .order_by("-pk")
        .first()
    )
    yield Step(
        "request",
        application,
        city_told_of(application),
        gettext_noop("Documents are asked for on %(item)s of %(city)s's application to %(round)s: “%(question)s”"),
        {
            **_on_application(application),
            "item": str(after.get("item", "")),
            "question": str(after.get("question", "")),
        },
        application_url(application, f"request-{request.pk}" if request else ""),
    )


def documents_sent(event: AuditEvent) -> Iterator[Step]:
    application = _application(event.object_id)
    item = str((event.after or {}).get("item", ""))
    if application is None:
        return
    request = (
        DocumentRequest.objects.filter(application=application, item_id=item, answered_at__isnull=False)
        .select_related("asked_by__profile")
        .order_by("-answered_at", "-pk")
        .first()
    )
    if request is None or request.asked_by is None:
        return
    yield Step(
        "request_answered",
        application,
        [request.asked_by],
        gettext_noop("%(city)s answered your request for documents on %(item)s."),
        {**_on_application(application), "item": item},
        application_url(application, f"request-{request.pk}"),
    )


FINDING_WORDING = {
    "finding.raised": (
        "finding",
        gettext_noop("A finding (%(severity)s) was raised on %(item)s of %(city)s's application: “%(text)s”"),
    ),
    "finding.answered": (
        "finding_answered",
        gettext_noop("%(city)s closed the finding on %(item)s; it awaits verification."),
    ),
    "finding.verified": (
        "finding_verified",
        gettext_noop("The finding on %(item)s of %(city)s's application was verified and closed."),
    ),
}


def finding(event: AuditEvent) -> Iterator[Step]:
    found = Finding.objects.select_related("application__round", "application__city").filter(pk=event.object_id).first()
    if found is None:
        return
    application = found.application
    kind, wording = FINDING_WORDING[event.action]
    # The city closes a finding, the panel verifies how it did.
    people = panel_told_of(application) if event.action == "finding.answered" else city_told_of(application)
    severity = FindingKind(found.kind).label
    yield Step(
        kind,
        application,
        people,
        wording,
        {**_on_application(application), "item": found.item_id, "text": found.text, "severity": lambda: str(severity)},
        application_url(application, f"finding-{found.pk}"),
    )


def stage_submitted(event: AuditEvent) -> Iterator[Step]:
    """To the certifying body: a stage an assessor submitted, and, with the last one the rules require, that the
    application is ready for consensus."""
    sheet = ReviewSheet.objects.select_related("assessor").filter(pk=event.object_id).first()
    if sheet is None:
        return
    application = _application(sheet.application_id)
    if application is None:
        return
    stage = next((s for s in stages(application.round.framework_version.framework) if s.id == sheet.stage), None)
    stage_name: Value = (lambda: in_page_language(stage.name)) if stage is not None else sheet.stage
    yield Step(
        "stage_submitted",
        application,
        certifying_body(),
        gettext_noop("%(assessor)s submitted the review stage %(stage)s of %(city)s's application."),
        {**_on_application(application), "assessor": sheet.assessor.get_username(), "stage": stage_name},
        application_url(application),
    )
    last = (
        ReviewSheet.objects.filter(application=application, submitted_at__isnull=False)
        .order_by("-submitted_at", "-pk")
        .values_list("pk", flat=True)
        .first()
    )
    # Told with the sheet that completed the review, not again with a later one (a stage beyond the required).
    if last == sheet.pk and not stage_gaps(application):
        yield Step(
            "consensus_ready",
            application,
            certifying_body(),
            gettext_noop("Every required review stage of %(city)s's application is in: it is ready for consensus."),
            _on_application(application),
            application_url(application),
        )


def consensus_recorded(event: AuditEvent) -> Iterator[Step]:
    """The first consensus recorded makes the application decidable: told to whoever may decide it."""
    if any(value is not None for value in (event.before or {}).values()):
        return  # a consensus changed again is not news to the deciders
    application = _application(event.object_id)
    if application is None:
        return
    yield Step(
        "decision_ready",
        application,
        possible_deciders(application),
        gettext_noop("The consensus on %(city)s's application is recorded: it may be decided."),
        _on_application(application),
        application_url(application),
    )


def _decision_values(decision: Decision) -> dict[str, Value]:
    outcome = Outcome(decision.outcome).label
    return {**_on_application(decision.application), "outcome": lambda: str(outcome)}


def decided(event: AuditEvent) -> Iterator[Step]:
    """The city and the panel, each once the decision is theirs to read (for most schemes, at the announcement)."""
    application = _application(event.object_id)
    decision = Decision.objects.filter(application_id=event.object_id).first()
    if application is None or decision is None:
        return
    decision.application = application
    yield Step(
        "decision",
        decision,
        [*city_told_of(application), *panel_told_of(application)],
        gettext_noop("Decision on %(city)s's application to %(round)s: %(outcome)s."),
        _decision_values(decision),
        application_url(application),
        "application",
        str(application.pk),
    )


def announced(event: AuditEvent) -> Iterator[Step]:
    decisions = Decision.objects.filter(application__round_id=event.object_id).select_related(
        "application__round__framework_version", "application__city", "application__service", "application__panel"
    )
    for decision in decisions:
        application = decision.application
        yield Step(
            "announcement",
            decision,
            [*city_told_of(application), *panel_told_of(application)],
            gettext_noop("The results of %(round)s are announced: %(city)s, %(outcome)s."),
            _decision_values(decision),
            application_url(application),
            "application",
            str(application.pk),
        )


def certificate_changed(event: AuditEvent) -> Iterator[Step]:
    certificate = (
        Certificate.objects.select_related("application__round", "application__panel", "city", "service")
        .filter(number=event.object_id)
        .first()
    )
    if certificate is None:
        return
    application = certificate.application
    url = reverse("certificate", args=[certificate.number])
    values: dict[str, Value] = {
        "city": applicant(application),
        "number": certificate.number,
        "expires": f"{certificate.expires_on:%Y-%m-%d}",
        "reason": str((event.after or {}).get("reason", "")),
    }
    if event.action == "certificate.issued":
        wording = gettext_noop("Certificate %(number)s was issued to %(city)s, valid until %(expires)s.")
        kind = "certificate_issued"
    else:
        status = CertificateStatus(event.action.removeprefix("certificate.")).label
        values["status"] = lambda: str(status)
        wording = gettext_noop("Certificate %(number)s of %(city)s is now %(status)s: %(reason)s")
        kind = "certificate_status"
    yield Step(kind, certificate, city_told_of(application), wording, values, url)


APPEAL_WORDING: dict[str, str] = {
    AppealState.FILED: gettext_noop("%(city)s appealed the decision on its application to %(round)s."),
    AppealState.IN_HANDLING: gettext_noop("The appeal of %(city)s on its application to %(round)s is being handled."),
}


def appeal(event: AuditEvent) -> Iterator[Step]:
    """Filed: to whoever may handle it. Taken in hand and decided: to the city that appealed."""
    found = (
        Appeal.objects.select_related("application__round", "application__city", "application__service", "filed_by")
        .filter(pk=event.object_id)
        .first()
    )
    if found is None:
        return
    application = found.application
    state = event.action.removeprefix("appeal.")
    if state == AppealState.FILED:
        people: list[AbstractBaseUser] = possible_appeal_handlers(application)
    else:
        people = [*city_told_of(application), *([found.filed_by] if found.filed_by else [])]
    outcome = AppealState(state).label
    wording = APPEAL_WORDING.get(
        state, gettext_noop("The appeal of %(city)s on its application to %(round)s is decided: %(outcome)s.")
    )
    yield Step(
        "appeal",
        found,
        people,
        wording,
        {**_on_application(application), "outcome": lambda: str(outcome)},
        reverse("appeal", args=[found.pk]),
    )


STEPS: dict[str, Callable[[AuditEvent], Iterator[Step]]] = {
    "application.assigned": assigned,
    "panel.member_added": member_added,
    "request.asked": documents_asked,
    "request.answered": documents_sent,
    "finding.raised": finding,
    "finding.answered": finding,
    "finding.verified": finding,
    "review.submitted": stage_submitted,
    "consensus.recorded": consensus_recorded,
    "application.decided": decided,
    "round.announced": announced,
    "certificate.issued": certificate_changed,
    "certificate.suspended": certificate_changed,
    "certificate.withdrawn": certificate_changed,
    "certificate.valid": certificate_changed,
    "appeal.filed": appeal,
    "appeal.in_handling": appeal,
    "appeal.upheld": appeal,
    "appeal.overturned": appeal,
    "appeal.sent_back": appeal,
}


def steps_of(event: AuditEvent) -> list[Step]:
    """What an audit event tells, and whom; nothing for an event no step follows from."""
    step_of = STEPS.get(event.action)
    if step_of is None:
        return []
    found = []
    for step in step_of(event):
        step.object_type = step.object_type or event.object_type
        step.object_id = step.object_id or event.object_id
        found.append(step)
    return found
