"""A city's indicator dashboard: its series with their trends, the projections of its certificates' next
reviews, its alerts, and the revisions behind a value."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from citycert.assessments.models import Evidence
from citycert.certification.choices import CertificateStatus
from citycert.certification.models import Certificate
from citycert.charts.common_charts import trend_chart
from citycert.frameworks.schema import Node
from citycert.indicators.models import Alert, IndicatorValue, Projection
from citycert.indicators.projection import expiring_evidence, next_review
from citycert.indicators.series import Series, item_names, revisions, series_of
from citycert.indicators.to_assessment import fill_from_series as fill
from citycert.language import in_page_language
from citycert.permissions import assessment_for, indicator_city_for, runs_certification

ALERTS_SHOWN = 20  # one import can raise an alert per item; the page lists the newest


@dataclass(frozen=True)
class Shown:
    """A series with its chart, ready for the page."""

    series: Series
    chart: SafeString

    @property
    def name(self) -> str:
        node = self.series.node
        if node is None:
            return self.series.item_id
        return in_page_language(node.name)

    @property
    def unit(self) -> str:
        node = self.series.node
        if node is None or node.unit is None:
            return self.series.latest.unit
        return in_page_language(node.unit)


@dataclass(frozen=True)
class Projected:
    """A valid certificate of the city with its projection (None until one has been worked out)."""

    certificate: Certificate
    projection: Projection | None
    items: dict[str, Node]
    review: date  # the certificate's next review
    expiring: list[Evidence]  # the application's evidence that expires before it


def _shown(series: Series) -> Shown:
    reference = series.reference
    unit = series.node.unit if series.node is not None else None
    unit_text = in_page_language(unit) if unit is not None else series.latest.unit
    chart = trend_chart(
        [(value.period, float(value.value)) for value in series.values],
        title=series.item_id,
        unit=unit_text,
        reference=float(reference) if reference is not None else None,
        reference_label=_("target") if reference is not None else "",
    )
    # The chart module escapes every text it draws.
    return Shown(series, mark_safe(chart))  # noqa: S308


@login_required
@require_GET
def dashboard(request: HttpRequest, code: str) -> HttpResponse:
    """Everything the city's series say now, for its officers and the certifying body."""
    city = indicator_city_for(request.user, code)
    today = timezone.localdate()
    certificates = (
        Certificate.objects.filter(city=city, status=CertificateStatus.VALID, expires_on__gte=today)
        .select_related("framework_version", "projection")
        .order_by("number")
    )
    projected = []
    for certificate in certificates:
        projection = getattr(certificate, "projection", None)
        mentioned = [driver["item"] for driver in projection.drivers] + list(projection.overdue) if projection else []
        items = item_names(certificate.framework_version.framework, mentioned)
        review = next_review(certificate, today)
        expiring = expiring_evidence(certificate, review)
        projected.append(Projected(certificate, projection, items, review, expiring))
    alerts = Alert.objects.filter(city=city).select_related("city").order_by("-raised_at", "-pk")
    if not runs_certification(request.user):
        alerts = alerts.filter(audience=Alert.Audience.CITY)
    alerts_total = alerts.count()
    shown = alerts_total if request.GET.get("alerts") == "all" else ALERTS_SHOWN
    context = {
        "city": city,
        "series": [_shown(series) for series in series_of(city)],
        "projected": projected,
        "alerts": alerts[:shown],
        "alerts_total": alerts_total,
        "alerts_more": alerts_total > shown,
    }
    return render(request, "indicators/dashboard.html", context)


@login_required
@require_GET
def history(request: HttpRequest, code: str, pk: int) -> HttpResponse:
    """A value and the values it replaced, newest first, with who entered each and why it was revised."""
    city = indicator_city_for(request.user, code)
    value = get_object_or_404(IndicatorValue.objects.select_related("entered_by", "imported_in"), pk=pk, city=city)
    context = {"city": city, "value": value, "period": value.period, "chain": revisions(value)}
    template = "indicators/_history.html" if request.htmx else "indicators/history.html"  # type: ignore[attr-defined]
    return render(request, template, context)


@login_required
@require_POST
def fill_from_series(request: HttpRequest, pk: int) -> HttpResponse:
    """Take the unanswered quantitative values from the city's indicator series for the assessment's year.

    The page of an assessment posts here, but the view lives with the indicators: the series are theirs, and
    assessments (which indicators read) then need nothing of indicators."""
    assessment = assessment_for(request.user, pk, "edit")
    count = fill(assessment, request.user)
    if count:
        messages.success(
            request, _("%(count)d values taken from the indicator series; check and confirm them.") % {"count": count}
        )
    else:
        messages.info(request, _("The indicator series has no value for an unanswered item of this year."))
    return redirect("assessment", pk=pk)
