"""The open-data page and its downloads: public, like everything a decision made public."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import render
from django.utils import timezone

from citycert.reports.open_data import CONTENT_TYPES, DATASETS, FORMATS, chunks, dictionary


def open_data_page(request: HttpRequest) -> HttpResponse:
    return render(request, "reports/open_data.html", {"dictionary": dictionary(), "formats": FORMATS})


def download(request: HttpRequest, dataset: str, form: str) -> StreamingHttpResponse:
    if dataset not in DATASETS or form not in FORMATS:
        raise Http404("no such dataset or format")
    today = timezone.localdate()
    response = StreamingHttpResponse(chunks(dataset, form, today), content_type=CONTENT_TYPES[form])
    response["Content-Disposition"] = f'attachment; filename="citycert-{dataset}-{today:%Y%m%d}.{form}"'
    return response
