"""The open-data page and its downloads, and the page of the audit log's signed checkpoints (an open dataset too):
public, like everything a decision made public."""

from __future__ import annotations

from django.core.files.storage import default_storage
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, JsonResponse, StreamingHttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _

from citycert.audit.models import AuditCheckpoint
from citycert.public_address import public_base
from citycert.reports.open_data import CONTENT_TYPES, FORMATS, chunks, described
from citycert.reports.open_data_catalogue import catalogue
from citycert.reports.open_data_columns import DATASETS
from citycert.reports.open_data_package import bundle, descriptor
from citycert.reports.open_data_snapshots import current_snapshot

CHECKPOINTS_SHOWN = 100  # the newest on the checkpoints page; every one is in the open-data file


def open_data_page(request: HttpRequest) -> HttpResponse:
    # Each dataset's columns with their meaning in the page's language.
    columns = {
        name: [{"column": c.name, "type": c.dtype, "meaning": described(c)} for c in dataset]
        for name, dataset in DATASETS.items()
    }
    return render(request, "reports/open_data.html", {"dictionary": columns, "formats": FORMATS})


def download(request: HttpRequest, dataset: str, form: str) -> StreamingHttpResponse:
    """The stored snapshot when the worker has written one for the data as they stand; else assembled now."""
    if dataset not in DATASETS or form not in FORMATS:
        raise Http404(_("No such dataset or format."))
    today = timezone.localdate()
    name = f"citycert-{dataset}-{today:%Y%m%d}.{form}"
    stored = current_snapshot(dataset, form, today)
    if stored is not None:
        opened = default_storage.open(stored, "rb")
        return FileResponse(opened, as_attachment=True, filename=name, content_type=CONTENT_TYPES[form])
    response = StreamingHttpResponse(chunks(dataset, form, today), content_type=CONTENT_TYPES[form])
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


def package(request: HttpRequest, dataset: str) -> JsonResponse:
    """The dataset's datapackage.json, its resources' paths the download addresses beside it."""
    if dataset not in DATASETS:
        raise Http404(_("No such dataset or format."))
    described = descriptor(dataset, base=public_base(request), linked=True)
    return JsonResponse(described, json_dumps_params={"ensure_ascii": False, "indent": 2})


def catalogue_file(request: HttpRequest) -> JsonResponse:
    """The open-data catalogue as DCAT-AP in JSON-LD; the open-data page links it as an alternate form of itself."""
    return JsonResponse(
        catalogue(public_base(request)),
        content_type="application/ld+json",
        json_dumps_params={"ensure_ascii": False, "indent": 2},
    )


def package_bundle(request: HttpRequest, dataset: str) -> FileResponse:
    """The dataset's three files and its datapackage.json as one ZIP file."""
    if dataset not in DATASETS:
        raise Http404(_("No such dataset or format."))
    today = timezone.localdate()
    name = f"citycert-{dataset}-{today:%Y%m%d}.zip"
    return FileResponse(bundle(dataset, today), as_attachment=True, filename=name, content_type="application/zip")


def checkpoints_page(request: HttpRequest) -> HttpResponse:
    """Anyone sees where the audit log stood at each signed checkpoint, and can keep a copy to check it later."""
    newest = list(AuditCheckpoint.objects.order_by("-number")[:CHECKPOINTS_SHOWN])
    total = newest[0].number if newest else 0
    context = {"checkpoints": newest, "total": total, "shown": CHECKPOINTS_SHOWN, "formats": FORMATS}
    return render(request, "audit/checkpoints.html", context)
