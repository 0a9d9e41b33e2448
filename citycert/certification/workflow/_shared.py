"""What the workflow's steps share: the moment a step took effect, the locked application, items checked
against the framework, snapshots for the audit log. Private to the package: its underscored names are for the step
modules beside it, not for callers."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import override

from citycert.assessments.models import Assessment
from citycert.assessments.workflow import InvalidAnswer, ResponseInput, clean_response
from citycert.certification.models import Application, Certificate
from citycert.certification.workflow.refusals import Refused
from citycert.frameworks.schema import Framework
from citycert.scoring.model import Item, compile_framework


def in_both_languages(message: str, **params: str | tuple[str, str]) -> str:
    """A reason the system writes into a record everyone reads, in Korean and English at once, since the
    record outlives the language of whoever's action wrote it. A (ko, en) pair fills each side."""
    sides = []
    for index, language in enumerate(("ko", "en")):
        with override(language):
            values = {key: value[index] if isinstance(value, tuple) else value for key, value in params.items()}
            sides.append(_(message) % values if values else _(message))
    return " · ".join(sides)


def moment(day: date) -> datetime:
    """When something took effect: now, on the day the caller says it happened (a decision dated the day
    the committee met, a demo replaying a past round)."""
    now = timezone.localtime()
    return now if now.date() == day else now.replace(year=day.year, month=day.month, day=day.day)


def _locked(application: Application) -> Application:
    """The application's row, locked until the transaction ends; only that row (`of`): the round, city and
    framework rows read with it stay free, so that decisions on different applications do not wait for each
    other."""
    return (
        Application.objects.select_for_update(of=("self",))
        .select_related("round__framework_version", "city", "frozen")
        .get(pk=application.pk)
    )


def _items(framework: Framework) -> list[Item]:
    return compile_framework(framework).items


def _item(application: Application, item_id: str) -> None:
    if item_id not in compile_framework(application.round.framework_version.framework).item_by_id:
        raise Refused(_("%(item)s is not an item of this framework.") % {"item": item_id})


def _canonical(assessment: Assessment, item_id: str, value: str) -> str:
    """A score checked against its item, as canonical text; InvalidAnswer names what is wrong."""
    try:
        fields = clean_response(assessment, item_id, ResponseInput(value=value.strip()))
    except InvalidAnswer as error:
        raise Refused(f"{item_id}: {error}") from None
    return str(fields["value"])


def _application_snapshot(application: Application) -> dict[str, Any]:
    return {
        "round": application.round_id,
        "city": application.city.code,
        **({"service": application.service_id} if application.service_id else {}),
        "category": application.category,
        "state": application.state,
        "panel": application.panel_id,
        "frozen": application.frozen_id,
    }


def _certificate_snapshot(certificate: Certificate) -> dict[str, Any]:
    return {
        "number": certificate.number,
        "city": certificate.city.code,
        **({"service": certificate.service_id} if certificate.service_id else {}),
        "framework": certificate.framework_version.key,
        "grade": certificate.grade,
        "issued_on": str(certificate.issued_on),
        "expires_on": str(certificate.expires_on),
        "status": certificate.status,
    }
