"""A surveillance audit's scores, scored by the engine; below the bar suspends the certificate."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date

from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from citycert.assessments.answers import parse_stored
from citycert.assessments.workflow import Actor, acting_user
from citycert.audit.log import record
from citycert.certification.choices import AuditKind, CertificateStatus
from citycert.certification.models import DueAudit
from citycert.certification.workflow._shared import _canonical, _items, in_both_languages, moment
from citycert.certification.workflow.certificates import change_status
from citycert.certification.workflow.refusals import Conflict, Refused
from citycert.scoring import Answer
from citycert.scoring.engine import evaluate


def record_surveillance(
    due: DueAudit, levels: Mapping[str, str], actor: Actor, today: date, *, keep_valid_reason: str = ""
) -> DueAudit:
    """The assessor's surveillance levels, scored by the engine; below the bar suspends the certificate,
    unless the certifier records why it should stay valid."""
    if due.kind != AuditKind.SURVEILLANCE:
        raise Refused(_("Only a surveillance audit takes scores."))
    certificate = due.certificate
    framework = certificate.framework_version.framework
    frozen = certificate.application.frozen
    canonical = {item_id: _canonical(frozen, item_id, value) for item_id, value in levels.items() if value.strip()}
    missing = [item.id for item in _items(framework) if item.id not in canonical]
    if missing:
        raise Refused(
            _("Score every item of the surveillance audit; missing: %(items)s") % {"items": ", ".join(missing[:10])}
        )
    answers = {item_id: Answer(parse_stored(framework, item_id, value)) for item_id, value in canonical.items()}
    result = evaluate(framework, answers)
    with transaction.atomic():
        locked = DueAudit.objects.select_for_update().get(pk=due.pk)
        if locked.done_at is not None:
            raise Conflict(_("This surveillance audit was already recorded."))
        locked.scores, locked.passed, locked.done_at = canonical, bool(result.certified), moment(today)
        locked.assessor = acting_user(actor)
        locked.note = keep_valid_reason.strip()
        locked.save()
        record(
            actor,
            "surveillance.recorded",
            "certificate",
            certificate.number,
            after={"audit": locked.schedule_id, "passed": locked.passed, "scores": canonical},
        )
        if not result.certified and not keep_valid_reason.strip():
            below = ", ".join(short.item for failed in result.failed_conditions for short in failed.items)
            change_status(
                certificate,
                CertificateStatus.SUSPENDED,
                in_both_languages(
                    gettext_noop("%(audit)s found items below the bar: %(items)s"),
                    audit=(locked.name_ko, locked.name_en),
                    items=below or "-",
                ),
                actor,
                today,
            )
    return locked
