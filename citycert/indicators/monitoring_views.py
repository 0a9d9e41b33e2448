"""The certifying body's monitoring view of certified cities, its CSV export, the watch list and the button
that projects every certificate again."""

from __future__ import annotations

import csv
from collections.abc import Iterator
from typing import cast

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.models import User as DjangoUser
from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse, StreamingHttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from citycert.cities.models import City
from citycert.indicators.models import Projection, WatchedCity
from citycert.indicators.monitoring import (
    BadFilter,
    csv_header,
    csv_rows,
    framework_options,
    monitored,
    read_filters,
    region_options,
)
from citycert.indicators.tasks import project_again
from citycert.permissions import require_certifier
from citycert.spreadsheet_cells import csv_row

PAGE_SIZE = 50
CSV_PIECE = 1_000  # lines


class _Echo:
    """A file that hands back what is written to it, for csv.writer to feed a streaming answer."""

    def write(self, text: str) -> str:
        return text


@login_required
@require_GET
def monitoring(request: HttpRequest) -> HttpResponseBase:
    """Every certificate valid today with its projected next review, smallest margin first; ?format=csv for all
    the rows the filters keep, as a file."""
    require_certifier(request.user)
    try:
        filters = read_filters(request.GET)
    except BadFilter as error:
        return render(request, "indicators/monitoring.html", {"error": str(error)}, status=400)
    rows = monitored(filters, request.user, timezone.localdate())
    if request.GET.get("format") == "csv":
        return _csv(rows)
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "page": page,
        "chosen": filters.chosen(),
        "filtered": filters.filtered,
        "frameworks": framework_options(),
        "regions": region_options(),
        "watched": set(WatchedCity.objects.filter(user_id=request.user.pk or 0).values_list("city_id", flat=True)),
    }
    return render(request, "indicators/monitoring.html", context)


def _csv(rows: QuerySet[Projection]) -> StreamingHttpResponse:
    writer = csv.writer(_Echo())

    def lines() -> Iterator[str]:
        # A byte-order mark first, so that spreadsheet programs read the Korean names as UTF-8.
        yield "\ufeff" + writer.writerow(csv_header())
        # A thousand lines a piece: the response's work per piece cost as much as writing a line.
        lines = []
        for row in csv_rows(rows):
            lines.append(writer.writerow(csv_row(row)))
            if len(lines) == CSV_PIECE:
                yield "".join(lines)
                lines = []
        yield "".join(lines)

    response = StreamingHttpResponse(lines(), content_type="text/csv; charset=utf-8")
    name = f"citycert-monitoring-{timezone.localdate():%Y-%m-%d}.csv"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@login_required
@require_POST
def recompute(request: HttpRequest) -> HttpResponse:
    """Queue a projection of every certificate valid today from the latest values (after a framework or rule
    change): with thousands of certified cities it takes longer than a request should."""
    require_certifier(request.user)
    project_again.enqueue()
    messages.success(
        request, _("Every certificate valid today is being projected again in the background; reload in a moment.")
    )
    return redirect("monitoring")


@login_required
@require_POST
def watch(request: HttpRequest) -> HttpResponse:
    """Star a city in the monitoring view, or unstar it; back to the same filters and page."""
    require_certifier(request.user)
    city = get_object_or_404(City, code=request.POST.get("city", ""))
    user = cast(DjangoUser, request.user)
    if request.POST.get("watch") == "1":
        WatchedCity.objects.get_or_create(user=user, city=city)
    else:
        WatchedCity.objects.filter(user=user, city=city).delete()
    back = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(back, allowed_hosts={request.get_host()}, require_https=request.is_secure()):
        back = reverse("monitoring")
    return redirect(back)
