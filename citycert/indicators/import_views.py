"""Importing indicator values in the pages: upload a file, see what it would add, change and leave and every
rejected row, then confirm. The file waits between the two in the shared storage (citycert.pending_uploads), and
is read and checked again on confirming, since the series may have changed in the meantime."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_POST

from citycert import pending_uploads
from citycert.assessments.evidence import read_limited
from citycert.cities.models import City
from citycert.frameworks.schema import Node
from citycert.indicators.alerts import commit_and_alert
from citycert.indicators.forms import ImportForm
from citycert.indicators.importing.checking import CheckedRow, quantitative_items
from citycert.indicators.importing.planning import Plan, plan_import
from citycert.indicators.importing.reading import REQUIRED, ImportRefused
from citycert.indicators.template import template_csv, template_xlsx
from citycert.page_forms import INVALID
from citycert.permissions import indicator_city_for, require_certifier

SHOWN = 500  # rows per table of the preview; a file of a whole country's values is summed up, not listed


@dataclass(frozen=True)
class Line:
    """A row of the preview: what it will store, and what it replaces."""

    row: CheckedRow
    city: City
    node: Node | None
    before: Decimal | None = None


def _lines(plan: Plan) -> tuple[list[Line], list[Line]]:
    """The rows to add and to change, with their cities and items, at most SHOWN of each."""
    rows = [*plan.added[:SHOWN], *(row for row, _stored in plan.changed[:SHOWN])]
    cities = City.objects.select_related("parent").in_bulk({row.city_id for row in rows})
    qualified, _bare = quantitative_items()

    def node(row: CheckedRow) -> Node | None:
        found = qualified.get(f"{row.framework_id}:{row.item_id}")
        return found.node if found is not None else None

    added = [Line(row, cities[row.city_id], node(row)) for row in plan.added[:SHOWN]]
    changed = [Line(row, cities[row.city_id], node(row), stored.value) for row, stored in plan.changed[:SHOWN]]
    return added, changed


def _page(request: HttpRequest, city: City | None, status: int = 200, **context: Any) -> HttpResponse:
    plan: Plan | None = context.get("plan")
    if plan is not None:
        context["added"], context["changed"] = _lines(plan)
        context["rejected"] = plan.rejected[:SHOWN]
    context.setdefault("form", ImportForm())
    context |= {"city": city, "columns": REQUIRED, "shown": SHOWN}
    return render(request, "indicators/import.html", context, status=status)


def _preview(request: HttpRequest, city: City | None) -> HttpResponse:
    form = ImportForm(request.POST, request.FILES)
    if not form.is_valid():
        return _page(request, city, INVALID, form=form)
    upload = form.cleaned_data["file"]
    name = Path(upload.name or "values.csv").name[:255]
    data = read_limited(upload, settings.INDICATOR_IMPORT_MAX_BYTES)
    try:
        plan = plan_import(name, data, request.user, timezone.localdate(), only_city=city)
    except ImportRefused as refused:
        # Said at the file's field, with its name: a page cannot keep a chosen file, so it is chosen again.
        form.add_error("file", f"{name}: {refused}")
        return _page(request, city, INVALID, form=form)
    return _page(request, city, plan=plan, token=pending_uploads.keep(data), name=name)


def _confirm(request: HttpRequest, city: City | None) -> HttpResponse:
    name = Path(request.POST.get("name", "")).name[:255] or "values.csv"
    token = request.POST.get("token", "")
    data = pending_uploads.kept(token)
    if data is None:
        return _page(request, city, 400, refused=_("That upload has expired; choose the file again."))
    today = timezone.localdate()
    keep_good_rows = request.POST.get("keep_good_rows") == "1"
    # Read again: values stored since the preview make some rows changes, or no change at all.
    try:
        plan = plan_import(name, data, request.user, today, only_city=city)
    except ImportRefused as refused:
        return _page(request, city, 400, refused=str(refused))
    try:
        run, alerts = commit_and_alert(plan, request.user, keep_good_rows=keep_good_rows, today=today)
    except ImportRefused as refused:
        # The preview again, with the reason: the person may choose to keep the good rows this time.
        return _page(request, city, 400, refused=str(refused), plan=plan, token=token, name=name)
    pending_uploads.forget(token)
    messages.success(
        request,
        _("%(name)s imported: %(added)d added, %(changed)d changed, %(unchanged)d unchanged, %(rejected)d rejected.")
        % {
            "name": name,
            "added": run.added,
            "changed": run.changed,
            "unchanged": run.unchanged,
            "rejected": run.rejected,
        },
    )
    if alerts:
        messages.warning(
            request,
            ngettext("%(count)d alert raised.", "%(count)d alerts raised.", len(alerts)) % {"count": len(alerts)},
        )
    return redirect("indicators", code=city.code) if city is not None else redirect("monitoring")


@login_required
def city_import(request: HttpRequest, code: str) -> HttpResponse:
    """A city's values from a file: the form, and on upload the preview."""
    city = indicator_city_for(request.user, code, "import")
    return _preview(request, city) if request.method == "POST" else _page(request, city)


@login_required
@require_POST
def city_confirm(request: HttpRequest, code: str) -> HttpResponse:
    city = indicator_city_for(request.user, code, "import")
    return _confirm(request, city)


@login_required
def bulk_import(request: HttpRequest) -> HttpResponse:
    """Values of many cities from one file, for the certifying body."""
    require_certifier(request.user)
    return _preview(request, None) if request.method == "POST" else _page(request, None)


@login_required
@require_POST
def bulk_confirm(request: HttpRequest) -> HttpResponse:
    require_certifier(request.user)
    return _confirm(request, None)


@login_required
@require_GET
def import_template(request: HttpRequest, suffix: str) -> HttpResponse:
    """A blank file to fill in: the columns with Korean and English headers (and, as XLSX, the items and
    instructions). It holds nothing but the library's public item list, so anyone signed in may have it."""
    if suffix == "xlsx":
        content = template_xlsx()
        content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    else:
        content, content_type = template_csv(), "text/csv; charset=utf-8"
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="citycert-indicator-values.{suffix}"'
    return response
