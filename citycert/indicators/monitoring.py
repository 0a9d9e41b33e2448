"""The certifying body's monitoring of certified cities: every certificate valid today with its stored
projection, filtered and sorted in the database, so the page reads rows and never runs the engine."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from decimal import Decimal
from typing import Annotated

from django.db.models import (
    Count,
    DecimalField,
    ExpressionWrapper,
    F,
    FloatField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
)
from django.db.models.functions import Coalesce
from django.http import QueryDict
from django.utils.translation import gettext as _
from pydantic import BeforeValidator

from citycert.certification.choices import CertificateStatus
from citycert.cities.models import City
from citycert.indicators.models import Alert, Projection, WatchedCity
from citycert.indicators.series import figure
from citycert.language import data_language
from citycert.library.models import FrameworkVersion
from citycert.permissions import User
from citycert.query_string import QUOTED, BadQuery, FilterChoice, Identifier, QueryFilters
from citycert.spreadsheet_cells import bilingual

SORTS = ("margin", "-margin", "city", "-city", "total", "-total", "alerts", "-alerts")


# The monitoring page's word for a refused filter.
BadFilter = BadQuery


def _ticked(value: object) -> bool:
    # A box the form ticks sends "1"; anything else leaves it unticked, as an unticked box does.
    return value == "1" or value is True


def _known_sort(value: object) -> object:
    # An order the page does not offer falls back to the default rather than refusing the page.
    return value if value in SORTS else "margin"


Ticked = Annotated[bool, BeforeValidator(_ticked)]


class Filters(QueryFilters):
    """What the certifying body chose to see; empty means everything, smallest margin first."""

    framework: Identifier = ""
    region: Identifier = ""
    below: Ticked = False
    overdue: Ticked = False
    watched: Ticked = False
    sort: Annotated[str, BeforeValidator(_known_sort)] = "margin"

    @classmethod
    def refusal(cls, name: str, value: str) -> str:
        label = _("Framework") if name == "framework" else _("Region")
        return _("%(filter)s: “%(value)s” is not an id or code.") % {"filter": label, "value": value[:QUOTED]}

    @property
    def filtered(self) -> bool:
        return any((self.framework, self.region, self.below, self.overdue, self.watched))


def read_filters(params: QueryDict) -> Filters:
    """The filters of a query string; BadFilter for a framework or region that cannot be an id."""
    return Filters.from_query(params)


def monitored(filters: Filters, user: User, today: date) -> QuerySet[Projection]:
    """One query: the projections of certificates valid today, with their cities, frameworks and alert counts."""
    # Each condition counts once, though a projected fall below the bar is told to the city and to the body.
    alerts = (
        Alert.objects.filter(city=OuterRef("certificate__city"))
        .order_by()
        .values("city")
        .annotate(count=Count("condition", distinct=True))
        .values("count")
    )
    rows = (
        Projection.objects.filter(certificate__status=CertificateStatus.VALID, certificate__expires_on__gte=today)
        .select_related("certificate__city__parent", "certificate__framework_version")
        .defer("certificate__framework_version__document")
        .annotate(
            margin_points=ExpressionWrapper(
                F("total") - F("bar"), output_field=DecimalField(max_digits=13, decimal_places=4)
            ),
            alert_count=Coalesce(Subquery(alerts), Value(0)),
        )
    )
    if filters.framework:
        rows = rows.filter(certificate__framework_version__framework_id=filters.framework)
    if filters.region:
        rows = rows.filter(
            Q(certificate__city__parent__code=filters.region) | Q(certificate__city__code=filters.region)
        )
    if filters.below:
        rows = rows.filter(passes=False)
    if filters.overdue:
        rows = rows.exclude(overdue=[])
    if filters.watched:
        rows = rows.filter(certificate__city__in=WatchedCity.objects.filter(user_id=user.pk or 0).values("city"))
    name = f"certificate__city__name_{data_language()}"
    descending = filters.sort.startswith("-")
    key = {"margin": "margin_points", "city": name, "total": "total", "alerts": "alert_count"}[filters.sort.lstrip("-")]
    first = F(key).desc(nulls_last=True) if descending else F(key).asc(nulls_last=True)
    return rows.order_by(first, "certificate__number")


def framework_options() -> list[FilterChoice]:
    """The frameworks some certificate is on, named as their newest certified version names them."""
    versions = FrameworkVersion.objects.filter(certificates__isnull=False).defer("document").distinct()
    names = {version.framework_id: version.name for version in versions.order_by("framework_id", "imported_at")}
    return [FilterChoice(key, name) for key, name in sorted(names.items())]


def region_options() -> list[FilterChoice]:
    """The governments some certified city belongs to (Seoul for Seocho-gu)."""
    regions = City.objects.filter(children__certificates__isnull=False).distinct().order_by("code")
    return [FilterChoice(region.code, region.name) for region in regions]


def csv_header() -> list[str]:
    """The columns, headed "Korean / english" as every spreadsheet the product makes."""
    return [bilingual(korean, name) for korean, name in _CSV_COLUMNS]


_CSV_COLUMNS = [
    ("지자체 코드", "city_code"),
    ("지자체", "city"),
    ("광역 지자체", "region"),
    ("평가 체계", "framework"),
    ("인증서", "certificate"),
    ("기준", "bar"),
    ("예상 총점", "projected_total"),
    ("만점", "maximum"),
    ("여유", "margin"),
    ("결정 총점", "decided_total"),
    ("기준 미달(1)", "below_bar"),
    ("기한 지난 자료", "overdue"),
    ("경보", "alerts"),
]


# The figures of a monitored row the CSV export writes, read as the database holds them (see csv_rows).
_CSV_FIGURES = ("bar", "total", "maximum", "margin_points", "decided_total")


def csv_rows(rows: QuerySet[Projection]) -> Iterator[list[str]]:
    """The monitored rows as the CSV export writes them (the same figures as the page). Read as tuples of the
    columns it needs, the figures without Django's conversion to Decimal (_figure reads them as text): model
    objects made the export of 10,000 certificates take two seconds, the conversions another 200 ms."""
    name = f"certificate__city__name_{data_language()}"
    raw = {f"raw_{field}": ExpressionWrapper(F(field), output_field=FloatField()) for field in _CSV_FIGURES}
    found = rows.annotate(**raw).values_list(
        "certificate__city__code",
        name,
        "certificate__city__parent__code",
        "certificate__framework_version__framework_id",
        "certificate__number",
        *raw,
        "passes",
        "overdue",
        "alert_count",
    )
    for code, city, region, framework, number, *figures, passes, overdue, alerts in found.iterator(chunk_size=2_000):
        bar, total, maximum, margin, decided = (_figure(value) for value in figures)
        yield [
            code,
            city,
            region or "",
            framework,
            number,
            bar,
            total,
            maximum,
            margin,
            decided,
            "0" if passes else "1",
            str(len(overdue)),
            str(alerts),
        ]


def _figure(number: Decimal | None) -> str:
    return "" if number is None else figure(Decimal(str(number)))
