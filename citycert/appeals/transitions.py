"""Every change to an appeal or a complaint goes through here: checked, saved and audited in one transaction.

An appeal is filed by the city against a decision it has been told of, within the framework's appeal window;
a certifier who took no part in the decision takes it and decides it: the decision upheld, overturned (the
decision's outcome replaced, a certificate issued or withdrawn) or sent back for re-review. A complaint comes
from anyone; the certifying body records its triage and then its outcome.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from citycert.appeals.choices import (
    APPEAL_OUTCOMES,
    OPEN_APPEAL_STATES,
    AppealState,
    ComplaintAbout,
    ComplaintState,
)
from citycert.appeals.models import Appeal, AppealFile, Complaint
from citycert.assessments.evidence import download_name
from citycert.assessments.filetypes import RejectedFile, check_upload
from citycert.assessments.workflow import Actor, acting_user
from citycert.audit.log import record
from citycert.certification import workflow
from citycert.certification.announcement import public_certificates
from citycert.certification.choices import ApplicationState
from citycert.certification.models import Application, Certificate, Decision
from citycert.certification.scheme import appeal_deadline
from citycert.certification.workflow import Conflict, Refused
from citycert.language import translated
from citycert.permissions import (
    User,
    can_appeal,
    decides_appeal,
    manages,
    part_in_decision,
    possible_appeal_handlers,
    runs_certification,
)

MAX_FILES = 10
MAX_TEXT = 20_000

APPEAL_MOVES: dict[str, tuple[str, ...]] = {
    AppealState.FILED: (AppealState.IN_HANDLING,),
    AppealState.IN_HANDLING: APPEAL_OUTCOMES,
}
COMPLAINT_MOVES: dict[str, tuple[str, ...]] = {
    ComplaintState.RECEIVED: (ComplaintState.TRIAGED,),
    ComplaintState.TRIAGED: (ComplaintState.CLOSED,),
}


class Invalid(ValueError):
    """Input that cannot be taken, with the field it concerns and why, in the reader's language."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field, self.message = field, message


@dataclass(frozen=True)
class Upload:
    """A file as sent: the name the sender's computer gave it and its bytes."""

    name: str
    data: bytes


# ---------------------------------------------------------------------------------------------- who handles


def part_reason(user: User, application: Application) -> str:
    """Why `user` may not handle an appeal on the application, in words; blank when they may."""
    if not manages(user, application):
        return _("Appeals are handled by the certifying body.")
    return {
        "decided": _("You took the decision under appeal."),
        "consensus": _("You recorded the panel's consensus the decision rests on."),
        "panel": _("You sit on the application's panel."),
        "": "",
    }[part_in_decision(user, application)]


def possible_handlers(application: Application) -> list[AbstractBaseUser]:
    """Everyone at the certifying body who took no part in the decision, by username."""
    return possible_appeal_handlers(application)


def nobody_may_handle() -> str:
    return _(
        "Nobody at the certifying body may handle this appeal: every certifier took part in the decision (took it, "
        "recorded the consensus or sits on the panel). A certifier who took no part is needed."
    )


# ---------------------------------------------------------------------------------------------- appeals


def appeal_closes_on(application: Application, decision: Decision) -> date:
    return appeal_deadline(application.round.framework_version.framework, decision.decided_at)


def file_appeal(application: Application, reasons: str, uploads: Sequence[Upload], actor: Actor, today: date) -> Appeal:
    """The city appeals the decision it has been told of, within the framework's appeal window, with its reasons
    and files; one open appeal per decision. Nothing is saved when anything is refused."""
    reasons = reasons.strip()
    if not reasons:
        raise Invalid("reasons", _("Give the reasons for the appeal."))
    if len(reasons) > MAX_TEXT:
        raise Invalid("reasons", _("The reasons are longer than %(count)d characters.") % {"count": MAX_TEXT})
    if len(uploads) > MAX_FILES:
        raise Invalid("files", _("Send at most %(count)d files with an appeal.") % {"count": MAX_FILES})
    checked = [(upload, _checked(upload)) for upload in uploads]
    user = acting_user(actor)
    if user is None or not can_appeal(user, application):
        raise Refused(_("Only the city's own officers appeal its decision, once the city has been told of it."))
    with transaction.atomic():
        locked = (
            Application.objects.select_for_update(of=("self",))
            .select_related("round__framework_version")
            .get(pk=application.pk)
        )
        decision = Decision.objects.filter(application=locked).select_related("decided_by").first()
        if locked.state != ApplicationState.DECIDED or decision is None:
            raise Refused(
                _("Only a decision can be appealed; this application is %(state)s.")
                % {"state": locked.get_state_display()}
            )
        closes_on = appeal_closes_on(locked, decision)
        if today > closes_on:
            raise Refused(
                _("The time to appeal this decision ended on %(date)s (the decision was taken on %(decided)s).")
                % {
                    "date": closes_on.isoformat(),
                    "decided": timezone.localtime(decision.decided_at).date().isoformat(),
                }
            )
        earlier = Appeal.objects.filter(application=locked).order_by("-filed_at").first()
        if earlier is not None and earlier.is_open:
            raise Conflict(
                _("An appeal on this decision is already open (filed on %(date)s); it is decided before another.")
                % {"date": timezone.localtime(earlier.filed_at).date().isoformat()}
            )
        if (
            earlier is not None
            and earlier.state == AppealState.UPHELD
            and earlier.decision_decided_at == decision.decided_at
        ):
            raise Refused(
                _("This decision was already appealed and upheld on %(date)s.")
                % {"date": timezone.localtime(earlier.resolved_at or earlier.filed_at).date().isoformat()}
            )
        try:
            with transaction.atomic():
                appeal = Appeal.objects.create(
                    application=locked,
                    reasons=reasons,
                    filed_by=user,
                    filed_at=timezone.now(),
                    decision_outcome=decision.outcome,
                    decision_reasons=decision.reasons,
                    decision_decided_at=decision.decided_at,
                    decision_decided_by=decision.decided_by.get_username() if decision.decided_by else "",
                )
        except IntegrityError:
            raise Conflict(_("An appeal on this decision was filed a moment ago.")) from None
        AppealFile.objects.bulk_create(_stored(appeal, upload, kind) for upload, kind in checked)
        record(actor, "appeal.filed", "appeal", appeal.pk, after=_appeal_snapshot(appeal))
    return appeal


def take_appeal(appeal: Appeal, actor: Actor, today: date) -> Appeal:
    """A certifier who took no part in the decision takes the appeal to handle it."""
    return transition(appeal, AppealState.IN_HANDLING, actor, today)


def decide_appeal(appeal: Appeal, outcome: str, reasons: str, actor: Actor, today: date) -> Appeal:
    """The handler decides: the decision upheld, overturned or sent back for re-review, with the reasons."""
    if outcome not in APPEAL_OUTCOMES:
        raise Invalid("outcome", _("Choose the appeal's outcome: upheld, overturned or sent back for re-review."))
    if not reasons.strip():
        raise Invalid("reasons", _("Give the reasons for the appeal's outcome."))
    if len(reasons) > MAX_TEXT:
        raise Invalid("reasons", _("The reasons are longer than %(count)d characters.") % {"count": MAX_TEXT})
    return transition(appeal, outcome, actor, today, resolution=reasons.strip())


def transition(appeal: Appeal, to_state: str, actor: Actor, today: date, *, resolution: str = "") -> Appeal:
    """The one way an appeal changes state: the application and the appeal locked, the move and the person
    checked, the decision changed where the outcome says so, saved and audited, all in one transaction."""
    user = acting_user(actor)
    with transaction.atomic():
        application = Application.objects.select_for_update(of=("self",)).get(pk=appeal.application_id)
        locked = Appeal.objects.select_for_update().get(pk=appeal.pk)
        if to_state not in APPEAL_MOVES.get(locked.state, ()):
            raise Refused(
                _("This appeal is %(state)s; it cannot be %(to)s.")
                % {"state": locked.get_state_display(), "to": AppealState(to_state).label}
            )
        if user is None:
            raise Refused(_("Appeals are handled by the certifying body."))
        why_not = part_reason(user, application)
        if why_not:
            raise Refused(_("You may not handle this appeal: %(reason)s") % {"reason": why_not})
        if locked.state == AppealState.IN_HANDLING and not decides_appeal(user, locked):
            raise Refused(
                _("%(who)s is handling this appeal; only they decide it.")
                % {"who": locked.handler.get_username() if locked.handler else "-"}
            )
        before = _appeal_snapshot(locked)
        now = timezone.now()
        if to_state == AppealState.IN_HANDLING:
            locked.handler, locked.taken_at = user, now
        else:
            if to_state != AppealState.UPHELD:
                change = "overturned" if to_state == AppealState.OVERTURNED else "sent_back"
                revision = workflow.revise_decision_on_appeal(application, change, resolution, actor, today)
                locked.new_outcome = revision.after
                locked.certificate_issued, locked.certificate_withdrawn = revision.issued, revision.withdrawn
            locked.resolution, locked.resolved_at = resolution, now
        locked.state = to_state
        locked.save()
        record(actor, f"appeal.{to_state}", "appeal", locked.pk, before=before, after=_appeal_snapshot(locked))
    return locked


def open_appeal_on(application: Application) -> Appeal | None:
    return Appeal.objects.filter(application=application, state__in=OPEN_APPEAL_STATES).first()


def _checked(upload: Upload) -> Any:
    try:
        return check_upload(upload.name, upload.data, max_bytes=settings.EVIDENCE_MAX_BYTES)
    except RejectedFile as rejected:
        message = translated(rejected.wording, rejected.values)
        raise Invalid("files", f"{upload.name}: {message}") from None


def _stored(appeal: Appeal, upload: Upload, kind: Any) -> AppealFile:
    """The file kept once under its hash in the default storage (a folder or a bucket)."""
    digest = hashlib.sha256(upload.data).hexdigest()
    name = f"appeals/{digest[:2]}/{digest}"
    if not default_storage.exists(name):
        name = default_storage.save(name, ContentFile(upload.data))
    return AppealFile(
        appeal=appeal,
        name=download_name(upload.name, kind),
        stored_as=name,
        sha256=digest,
        size=len(upload.data),
        mime=kind.mime,
    )


def _appeal_snapshot(appeal: Appeal) -> dict[str, Any]:
    return {
        "application": appeal.application_id,
        "state": appeal.state,
        "reasons": appeal.reasons,
        "decision": {
            "outcome": appeal.decision_outcome,
            "reasons": appeal.decision_reasons,
            "decided_at": appeal.decision_decided_at.isoformat(),
            "decided_by": appeal.decision_decided_by,
        },
        "handler": appeal.handler.get_username() if appeal.handler else None,
        "resolution": appeal.resolution,
        "new_outcome": appeal.new_outcome,
        "certificate_issued": appeal.certificate_issued,
        "certificate_withdrawn": appeal.certificate_withdrawn,
        "files": [{"name": file.name, "sha256": file.sha256} for file in (appeal.files.all() if appeal.pk else [])],
    }


# ---------------------------------------------------------------------------------------------- complaints


def file_complaint(
    about: str,
    text: str,
    actor: Actor,
    *,
    certificate_number: str = "",
    name: str = "",
    contact: str = "",
) -> Complaint:
    """Anyone files a complaint about a certified city (naming its certificate) or the body's conduct."""
    if about not in ComplaintAbout.values:
        raise Invalid("about", _("Say what the complaint is about: a certified city or the certifying body."))
    text = text.strip()
    if not text:
        raise Invalid("text", _("Write the complaint."))
    if len(text) > MAX_TEXT:
        raise Invalid("text", _("The complaint is longer than %(count)d characters.") % {"count": MAX_TEXT})
    if len(name) > 100:
        raise Invalid("name", _("A name is at most 100 characters."))
    if len(contact) > 200:
        raise Invalid("contact", _("A contact is at most 200 characters."))
    certificate = None
    if about == ComplaintAbout.CITY:
        number = certificate_number.strip()
        if not number:
            raise Invalid("certificate", _("Give the number of the city's certificate (it is on the certificate)."))
        certificate = Certificate.objects.filter(public_certificates(), number=number).first()
        if certificate is None:
            raise Invalid("certificate", _("No certificate numbered %(number)s is published.") % {"number": number})
    with transaction.atomic():
        complaint = Complaint.objects.create(
            about=about,
            certificate=certificate,
            text=text,
            name=name.strip(),
            contact=contact.strip(),
            filed_by=acting_user(actor),
            filed_at=timezone.now(),
        )
        record(actor, "complaint.received", "complaint", complaint.pk, after=_complaint_snapshot(complaint))
    return complaint


def move_complaint(complaint: Complaint, to_state: str, note: str, actor: Actor) -> Complaint:
    """The one way a complaint changes state: triaged with a note, then closed with the outcome."""
    note = note.strip()
    if not note:
        field = "note"
        raise Invalid(
            field,
            _("Write the triage: what the complaint concerns and who looks into it.")
            if to_state == ComplaintState.TRIAGED
            else _("Write the outcome the complaint is closed with."),
        )
    if len(note) > MAX_TEXT:
        raise Invalid("note", _("The note is longer than %(count)d characters.") % {"count": MAX_TEXT})
    user = acting_user(actor)
    if user is None or not runs_certification(user):
        raise Refused(_("Complaints are handled by the certifying body."))
    with transaction.atomic():
        locked = Complaint.objects.select_for_update().get(pk=complaint.pk)
        if to_state not in COMPLAINT_MOVES.get(locked.state, ()):
            raise Refused(
                _("This complaint is %(state)s; it cannot be %(to)s.")
                % {"state": locked.get_state_display(), "to": ComplaintState(to_state).label}
            )
        before = _complaint_snapshot(locked)
        now = timezone.now()
        if to_state == ComplaintState.TRIAGED:
            locked.triage_note, locked.triaged_by, locked.triaged_at = note, user, now
        else:
            locked.outcome_note, locked.closed_by, locked.closed_at = note, user, now
        locked.state = to_state
        locked.save()
        record(actor, f"complaint.{to_state}", "complaint", locked.pk, before=before, after=_complaint_snapshot(locked))
    return locked


def _complaint_snapshot(complaint: Complaint) -> dict[str, Any]:
    return {
        "about": complaint.about,
        "certificate": complaint.certificate.number if complaint.certificate else None,
        "state": complaint.state,
        "text": complaint.text,
        "triage": complaint.triage_note,
        "outcome": complaint.outcome_note,
    }
