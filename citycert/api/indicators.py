"""A city's indicator series through the API: read it, import values in bulk (checked row by row as a file
is, with a dry run to see what would change), and read the projections of its next reviews. For the city's
officers and the certifying body, as in the pages."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.http import HttpRequest
from django.utils import timezone
from ninja import Field, Query, Router, Schema, Status

from citycert.api.auth import SIGNED_IN
from citycert.api.common import Page, Paging, caller, documented_responses, narrowed, page
from citycert.api.errors import ApiError
from citycert.api.throttles import WRITES
from citycert.certification.choices import CertificateStatus
from citycert.indicators.alerts import commit_and_alert
from citycert.indicators.importing.planning import plan_rows
from citycert.indicators.importing.reading import ImportRefused
from citycert.indicators.models import IndicatorValue, Projection
from citycert.permissions import indicator_city_for
from citycert.query_string import Identifier

router = Router(tags=["indicators"], auth=SIGNED_IN)

MAX_ROWS = 100_000


class ValueOut(Schema):
    framework: str
    item: str
    period: str = Field(description="a year (2024) or a month (2024-03)")
    value: float
    unit: str
    source: str
    quality: str
    current: bool = Field(description="false for a value a later revision replaced")
    reason: str = Field(description="why this value replaced an earlier one, where it did")
    recorded_at: str


class SeriesFilters(Schema):
    framework: Identifier | None = Field(None, max_length=64)
    item: str | None = Field(None, max_length=80)
    history: bool = Field(False, description="also the values later revisions replaced")


class ValueIn(Schema):
    city: str = Field(max_length=16)
    item: str = Field(max_length=150, description="framework:item, or a bare item id where it is unambiguous")
    period: str = Field(max_length=7, description="a year (2024) or a month (2024-03)")
    value: str | float = Field(description="a number; text is refused row by row")
    unit: str = Field("", max_length=40)
    source: str = Field("", max_length=300)
    quality: str = Field("", max_length=20)
    reason: str = Field("", max_length=300, description="why this value replaces the one stored for its period")


class ImportIn(Schema):
    rows: list[ValueIn] = Field(min_length=1, max_length=MAX_ROWS)
    dry_run: bool = Field(False, description="say what would change; save nothing")
    keep_good_rows: bool = Field(False, description="import the good rows even if some are rejected")


class ImportOut(Schema):
    run: int | None = Field(description="the import's id; none for a dry run")
    added: int
    changed: int
    unchanged: int
    rejected: list[dict[str, Any]]
    alerts: int


class ProjectionOut(Schema):
    certificate: str
    framework: str
    decided_total: float
    projected_total: float
    maximum: float
    bar: float | None
    margin: float | None
    passes: bool
    drivers: list[dict[str, Any]]
    below: list[dict[str, Any]]
    overdue: list[str]
    computed_at: str


def value_out(value: IndicatorValue) -> dict[str, Any]:
    return {
        "framework": value.framework_id,
        "item": value.item_id,
        "period": value.period,
        "value": float(value.value),
        "unit": value.unit,
        "source": value.source,
        "quality": value.quality,
        "current": value.current,
        "reason": value.reason,
        "recorded_at": value.recorded_at.isoformat(),
    }


@router.get(
    "/cities/{code}/indicators", response=documented_responses(Page[ValueOut]), summary="A city's indicator series"
)
def series(request: HttpRequest, code: str, filters: Query[SeriesFilters], paging: Query[Paging]) -> dict[str, Any]:
    city = indicator_city_for(caller(request), code)
    rows = IndicatorValue.objects.filter(city=city).order_by("framework_id", "item_id", "year", "month", "pk")
    if not filters.history:
        rows = rows.filter(current=True)
    return page(narrowed(rows, framework_id=filters.framework, item_id=filters.item), paging, value_out)


@router.post(
    "/indicators/import",
    response=documented_responses({200: ImportOut, 201: ImportOut}, writes=True),
    summary="Import values in bulk (rows as in an import file, each checked and rejected with its reason)",
    throttle=WRITES,
)
def import_values(request: HttpRequest, given: ImportIn) -> Status[dict[str, Any]]:
    user = caller(request)
    cells = (
        (
            index,
            {
                **row.model_dump(),
                "value": f"{Decimal(str(row.value)):f}" if isinstance(row.value, float) else row.value,
            },
        )
        for index, row in enumerate(given.rows)
    )
    today = timezone.localdate()
    plan = plan_rows("API", "", cells, user, today)
    rejected = [
        {"field": f"body.rows.{r.line}.{r.field}" if r.field else f"body.rows.{r.line}", "message": r.reason}
        for r in plan.rejected
    ]
    counts = {"added": len(plan.added), "changed": len(plan.changed), "unchanged": plan.unchanged, "rejected": rejected}
    if given.dry_run:
        return Status(200, {"run": None, **counts, "alerts": 0})
    try:
        run, alerts = commit_and_alert(plan, user, keep_good_rows=given.keep_good_rows, today=today)
    except ImportRefused as refused:  # rows were rejected and the good ones were not to be kept alone
        raise ApiError(422, "invalid", str(refused), rejected) from None
    return Status(201, {"run": run.pk, **counts, "alerts": len(alerts)})


@router.get(
    "/cities/{code}/projections",
    response=documented_responses(list[ProjectionOut]),
    summary="The city's next reviews projected from its latest values",
)
def projections(request: HttpRequest, code: str) -> list[dict[str, Any]]:
    city = indicator_city_for(caller(request), code)
    today = timezone.localdate()
    found = Projection.objects.filter(
        certificate__city=city, certificate__status=CertificateStatus.VALID, certificate__expires_on__gte=today
    ).select_related("certificate__framework_version")
    return [
        {
            "certificate": projection.certificate.number,
            "framework": projection.certificate.framework_version.framework_id,
            "decided_total": float(projection.decided_total),
            "projected_total": float(projection.total),
            "maximum": float(projection.maximum),
            "bar": float(projection.bar) if projection.bar is not None else None,
            "margin": projection.margin,
            "passes": projection.passes,
            "drivers": projection.drivers,
            "below": projection.below,
            "overdue": projection.overdue,
            "computed_at": projection.computed_at.isoformat(),
        }
        for projection in found.order_by("certificate__number")
    ]
