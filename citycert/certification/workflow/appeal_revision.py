"""What an appeal's outcome does to the decision it was against: overturned, or sent back for re-review."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from citycert.assessments.workflow import Actor, acting_user
from citycert.audit.log import record
from citycert.certification.choices import ApplicationState, CertificateStatus, Outcome
from citycert.certification.models import Application, Certificate, Decision, PublishedItem, PublishedRows
from citycert.certification.workflow._shared import _application_snapshot, _locked, in_both_languages, moment
from citycert.certification.workflow.applications import transition_application
from citycert.certification.workflow.certificates import _issue, change_status
from citycert.certification.workflow.consensus import _answers
from citycert.certification.workflow.decision import _publish
from citycert.certification.workflow.refusals import Refused
from citycert.language import in_page_language as text
from citycert.scoring.engine import evaluate


@dataclass(frozen=True)
class Revision:
    """What an appeal's outcome did to a decision: its outcome before and after (blank once sent back for
    re-review) and the certificate issued or withdrawn on the way."""

    before: str
    after: str
    issued: str
    withdrawn: str


APPEAL_CHANGES = ("overturned", "sent_back")


def revise_decision_on_appeal(
    application: Application, change: str, reasons: str, actor: Actor, today: date
) -> Revision:
    """An appeal's outcome on the decision it was against (ISO/IEC 17065 7.13), in one transaction with its audit
    event. `overturned` replaces the decision's outcome and reasons, publishes its frozen rows again with the new
    outcome and issues the certificate (refused below the scheme's bar) or withdraws it; `sent_back` returns the
    application to review, its decision and published rows removed and its certificate withdrawn. The decision as
    it was stays in the audit event (and on the appeal, which calls this inside its own transaction)."""
    if change not in APPEAL_CHANGES:
        raise Refused(_("Unknown change on appeal: %(change)s") % {"change": change})
    if not reasons.strip():
        raise Refused(_("Give the reasons for the appeal's outcome."))
    with transaction.atomic():
        locked = _locked(application)
        decision = Decision.objects.filter(application=locked).select_related("decided_by").first()
        if locked.state != ApplicationState.DECIDED or decision is None:
            raise Refused(
                _("Only a decided application's decision can be changed on appeal; this one is %(state)s.")
                % {"state": locked.get_state_display()}
            )
        framework = locked.round.framework_version.framework
        # The certificate in force on the decision; one withdrawn earlier (sent back before) stays as it is.
        certificate = Certificate.objects.filter(application=locked).exclude(status=CertificateStatus.WITHDRAWN).first()
        before = {
            **_application_snapshot(locked),
            "outcome": decision.outcome,
            "reasons": decision.reasons,
            "decided_at": decision.decided_at.isoformat(),
            "decided_by": decision.decided_by.get_username() if decision.decided_by else None,
            "certificate": certificate.number if certificate is not None else None,
        }
        withdraw_reason = f"{in_both_languages(gettext_noop('Withdrawn on appeal.'))} {reasons.strip()}"
        withdrawn = ""
        if change == "overturned":
            outcome = Outcome.NOT_CERTIFIED if decision.outcome == Outcome.CERTIFIED else Outcome.CERTIFIED
            agreed = list(locked.consensus.all())
            result = evaluate(framework, _answers(framework, agreed))
            if outcome == Outcome.CERTIFIED and not result.certified:
                failed = "; ".join(text(condition.name) for condition in result.failed_conditions) or "-"
                raise Refused(
                    _("The decided result does not meet the scheme's bar (%(failed)s); it cannot be certified.")
                    % {"failed": failed}
                )
            if outcome == Outcome.CERTIFIED and certificate is not None:
                raise Refused(
                    _("Certificate %(number)s was already issued on this application; a second cannot be issued.")
                    % {"number": certificate.number}
                )
            decision.outcome, decision.reasons = outcome, reasons.strip()
            decision.decided_by, decision.decided_at = acting_user(actor), moment(today)
            decision.save(update_fields=["outcome", "reasons", "decided_by", "decided_at"])
            PublishedItem.objects.filter(application=locked).delete()
            PublishedRows.objects.filter(application=locked).delete()
            _publish(locked, framework, result, agreed, outcome)
            issued = _issue(locked, framework, result, actor, today).number if outcome == Outcome.CERTIFIED else ""
            if certificate is not None and certificate.status != CertificateStatus.WITHDRAWN:
                change_status(certificate, CertificateStatus.WITHDRAWN, withdraw_reason, actor, today)
                withdrawn = certificate.number
            revision = Revision(before["outcome"], outcome, issued, withdrawn)
        else:
            if certificate is not None and certificate.status != CertificateStatus.WITHDRAWN:
                change_status(certificate, CertificateStatus.WITHDRAWN, withdraw_reason, actor, today)
                withdrawn = certificate.number
            PublishedItem.objects.filter(application=locked).delete()
            PublishedRows.objects.filter(application=locked).delete()
            decision.delete()
            revision = Revision(before["outcome"], "", "", withdrawn)
        after = {
            "outcome": revision.after or None,
            "reasons": reasons.strip(),
            "certificate_issued": revision.issued or None,
            "certificate_withdrawn": revision.withdrawn or None,
        }
        if change == "overturned":
            # The application stays decided; only its decision changed.
            record(
                actor,
                "application.decision_overturned",
                "application",
                locked.pk,
                before=before,
                after={**_application_snapshot(locked), **after},
            )
        else:
            transition_application(
                application,
                ApplicationState.IN_REVIEW,
                actor,
                action="application.sent_back",
                before=before,
                after=after,
            )
    return revision
