"""A certificate is issued with its number and schedule; its one transition (suspend, reinstate, withdraw)."""

from __future__ import annotations

import hashlib
from datetime import date

from django.db import IntegrityError, connection, transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from citycert.assessments.workflow import Actor, acting_user
from citycert.audit.log import record
from citycert.certification.choices import AuditKind, CertificateStatus
from citycert.certification.models import Application, Certificate, CertificateChange, DueAudit
from citycert.certification.scheme import classification_name
from citycert.certification.workflow._shared import _certificate_snapshot, in_both_languages, moment
from citycert.certification.workflow.refusals import Conflict, Refused
from citycert.frameworks.schema import Framework
from citycert.language import in_each_data_language
from citycert.scoring.result import Result
from citycert.scoring.schedule import certificate_schedule


def _issue(
    application: Application, framework: Framework, result: Result, actor: Actor, issued_on: date
) -> Certificate:
    rules = framework.rules.certificate
    if rules is None:
        raise Refused(_("%(framework)s issues no certificates.") % {"framework": framework.key})
    in_force = Certificate.objects.filter(application=application).exclude(status=CertificateStatus.WITHDRAWN).first()
    if in_force is not None:
        raise Refused(
            _("Certificate %(number)s was already issued on this application; a second cannot be issued.")
            % {"number": in_force.number}
        )
    schedule = certificate_schedule(framework, issued_on)
    assert schedule is not None
    grade = classification_name(framework, result.classification)
    prefix = f"{rules.number_prefix}-{issued_on.year}-"
    _hold_numbering(prefix)
    taken = Certificate.objects.filter(number__startswith=prefix).values_list("number", flat=True)
    highest = max((int(suffix) for number in taken if (suffix := number[len(prefix) :]).isdigit()), default=0)
    try:
        with transaction.atomic():
            certificate = Certificate.objects.create(
                number=f"{prefix}{highest + 1:04d}",
                application=application,
                city=application.city,
                service=application.service,
                framework_version=application.round.framework_version,
                category=application.category,
                grade="" if result.classification is None else str(result.classification),
                grade_ko=grade.ko if grade else "",
                grade_en=grade.en if grade else "",
                issued_on=issued_on,
                expires_on=schedule.expires,
                status=CertificateStatus.VALID,
            )
    except IntegrityError:
        # Only a number written outside _issue (by hand, say) can get here: the unique index refuses it.
        raise Conflict(_("No free certificate number; try again.")) from None
    CertificateChange.objects.create(
        certificate=certificate,
        from_status="",
        to_status=CertificateStatus.VALID,
        reason=in_both_languages(gettext_noop("Issued on the decision.")),
        changed_by=acting_user(actor),
        changed_at=moment(issued_on),
    )
    for audit in rules.surveillance:
        window = schedule.windows[audit.id]
        DueAudit.objects.create(
            certificate=certificate,
            kind=AuditKind.SURVEILLANCE,
            schedule_id=audit.id,
            name_ko=audit.name.ko,
            name_en=audit.name.en,
            due_on=window.due,
            opens_on=window.opens,
            closes_on=window.closes,
        )
    if schedule.extension_deadline is not None:
        named = in_each_data_language(lambda: _("Last day to apply for an extension"))
        DueAudit.objects.create(
            certificate=certificate,
            kind=AuditKind.EXTENSION,
            schedule_id="extension",
            name_ko=named["ko"],
            name_en=named["en"],
            due_on=schedule.extension_deadline,
        )
    record(actor, "certificate.issued", "certificate", certificate.number, after=_certificate_snapshot(certificate))
    return certificate


def _hold_numbering(prefix: str) -> None:
    """Hold the numbers under `prefix` until the transaction ends, so that certificates issued at the same moment
    take the next number one after another instead of all reading the same highest one. On PostgreSQL that is an
    advisory lock named after the prefix; SQLite's transactions take the database's one write lock as they begin,
    which holds everything already."""
    if connection.vendor != "postgresql":
        return
    key = int.from_bytes(hashlib.sha256(f"certificate-number:{prefix}".encode()).digest()[:8], "big", signed=True)
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_advisory_xact_lock(%s)", [key])


# ---------------------------------------------------------------------------------------------- after issue


STATUS_MOVES: dict[str, tuple[str, ...]] = {
    CertificateStatus.VALID: (CertificateStatus.SUSPENDED, CertificateStatus.WITHDRAWN),
    CertificateStatus.SUSPENDED: (CertificateStatus.VALID, CertificateStatus.WITHDRAWN),
    CertificateStatus.WITHDRAWN: (),
}


def change_status(certificate: Certificate, to_status: str, reason: str, actor: Actor, today: date) -> Certificate:
    """Suspend, reinstate or withdraw a certificate, with the reason kept in its history."""
    if not reason.strip():
        raise Refused(_("Give the reason for the change."))
    with transaction.atomic():
        locked = Certificate.objects.select_for_update().get(pk=certificate.pk)
        if locked.status_on(today) == CertificateStatus.EXPIRED:
            raise Refused(
                _("The certificate expired on %(date)s; its status can no longer change.") % {"date": locked.expires_on}
            )
        if to_status not in STATUS_MOVES[locked.status]:
            raise Refused(
                _("A %(from)s certificate cannot become %(to)s.")
                % {"from": locked.get_status_display(), "to": CertificateStatus(to_status).label}
            )
        before = _certificate_snapshot(locked)
        CertificateChange.objects.create(
            certificate=locked,
            from_status=locked.status,
            to_status=to_status,
            reason=reason.strip(),
            changed_by=acting_user(actor),
            changed_at=moment(today),
        )
        locked.status = to_status
        locked.save(update_fields=["status"])
        record(
            actor,
            f"certificate.{to_status}",
            "certificate",
            locked.number,
            before=before,
            after={**_certificate_snapshot(locked), "reason": reason.strip()},
        )
    certificate.status = locked.status
    return locked
