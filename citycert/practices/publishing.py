"""A city publishes its own case: the one function that does it, with its checks and its audit event.

Rules: only the city's officers (asked of citycert.permissions), only on one of the city's applications whose
decision is public (its round announced), only items of that application's scheme; the level reached at each
item is read from the decided result, never typed.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from django.db import transaction
from django.utils import timezone
from django.utils.crypto import get_random_string
from django.utils.text import slugify
from django.utils.translation import gettext as _

from citycert.assessments.workflow import Actor, acting_user
from citycert.audit.log import record
from citycert.certification.models import Application, Decision, PublishedItem
from citycert.cities.models import SmartService
from citycert.permissions import may_publish_cases
from citycert.practices.choices import Origin
from citycert.practices.models import Case, CaseItem, CaseSource


class CaseRefused(Exception):
    """Publishing was refused; the message says why, in the reader's language."""


@dataclass(frozen=True)
class CaseText:
    """What the officer writes: title and description in Korean and English, an address where it is described."""

    title_ko: str
    title_en: str
    description_ko: str
    description_en: str
    url: str = ""


def announced_applications(city_id: int) -> list[Application]:
    """The city's applications whose decision is public now: what its cases may rest on, newest first."""
    return list(
        Application.objects.filter(Decision.public(timezone.now(), "decision__"), city_id=city_id)
        .select_related("round__framework_version", "city")
        .defer("round__framework_version__document")
        .order_by("-round__year", "-pk")
    )


def _reached(text: str) -> Decimal | None:
    if text in ("true", "false"):
        return Decimal(text == "true")
    try:
        return Decimal(text)
    except InvalidOperation:
        return None


def publish_case(
    actor: Actor,
    application: Application,
    items: Sequence[str],
    text: CaseText,
    service: SmartService | None = None,
) -> Case:
    """Publish a case of the application's city on its announced result; raises CaseRefused, saving nothing."""
    city = application.city
    if actor is None or not may_publish_cases(actor, city):
        raise CaseRefused(_("Only the officers of %(city)s may publish its cases.") % {"city": city.name})
    decision = getattr(application, "decision", None)
    if decision is None or not decision.is_public(timezone.now()):
        raise CaseRefused(
            _("A case can be published once the decision on the application has been announced; it has not been yet.")
        )
    framework = application.round.framework_version.framework
    known = {node.id for node in framework.nodes if node.assessable}
    unknown = [item for item in items if item not in known]
    if unknown or not items:
        raise CaseRefused(
            _("Choose one or more items of %(framework)s, the scheme of this application.")
            % {"framework": framework.id}
        )
    if service is not None and service.city_id != city.pk:
        raise CaseRefused(_("Choose one of the city's own smart services."))
    values = dict(
        PublishedItem.objects.filter(application=application, item_id__in=list(items)).values_list("item_id", "value")
    )
    with transaction.atomic():
        key = f"{slugify(city.code)}-{application.round.year}-{get_random_string(8).lower()}"
        case = Case.objects.create(
            key=key,
            city=city,
            year=application.round.year,
            framework_id=framework.id,
            title_ko=text.title_ko,
            title_en=text.title_en,
            description_ko=text.description_ko,
            description_en=text.description_en,
            origin=Origin.CITY,
            application=application,
            service=service,
            published_by=acting_user(actor),
            published_at=timezone.now(),
        )
        CaseItem.objects.bulk_create(
            CaseItem(case=case, item_id=item, reached=_reached(values.get(item, ""))) for item in items
        )
        CaseSource.objects.create(case=case, outlet=city.name_ko, url=text.url, published_on=timezone.localdate())
        record(
            actor,
            "case.published",
            "case",
            case.pk,
            after={"key": key, "city": city.code, "application": application.pk, "items": list(items)},
        )
    return case
