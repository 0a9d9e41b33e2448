"""The open-data page and its downloads: public, like everything a decision made public."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import render
from django.utils import timezone

DATASETS = ("results", "certificates")
CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "json": "application/x-ndjson",
    "parquet": "application/vnd.apache.parquet",
}


def open_data_page(request: HttpRequest) -> HttpResponse:
    # Polars loads only when open data is asked for, not with every page.
    from citycert.reports.open_data import FORMATS, dictionary

    return render(request, "reports/open_data.html", {"dictionary": dictionary(), "formats": FORMATS})


def download(request: HttpRequest, dataset: str, form: str) -> StreamingHttpResponse:
    if dataset not in DATASETS or form not in CONTENT_TYPES:
        raise Http404("no such dataset or format")
    from citycert.reports.open_data import chunks

    today = timezone.localdate()
    response = StreamingHttpResponse(chunks(dataset, form, today), content_type=CONTENT_TYPES[form])
    response["Content-Disposition"] = f'attachment; filename="citycert-{dataset}-{today:%Y%m%d}.{form}"'
    return response
