"""The public registry: every certificate ever issued, filtered as asked, and each city's public profile."""

from __future__ import annotations

import hashlib
from datetime import date
from itertools import groupby

from django.core.cache import cache
from django.core.paginator import Paginator
from django.db.models import Count, Max, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language

from citycert.appeals.public import open_appeal, under_appeal
from citycert.certification.announcement import latest_announcement, public_certificates
from citycert.certification.choices import ApplicationState
from citycert.certification.listed import listed
from citycert.certification.models import Certificate, CertificateChange
from citycert.cities.models import City
from citycert.practices.on_profile import city_cases
from citycert.registry.filters import BadFilter, Filters, read_filters
from citycert.registry.options import Options, filter_options, region_of
from citycert.registry.published import (
    certificates_of,
    published_results,
    service_certificates_in,
)

PAGE_SIZE = 50
LISTING_SECONDS = 600


def registry(request: HttpRequest) -> HttpResponse:
    """Every valid, suspended, withdrawn and expired certificate; the same few queries for any number of rows."""
    try:
        filters = read_filters(request.GET)
    except BadFilter as error:
        return render(request, "registry/bad_filter.html", {"reason": str(error)}, status=400)
    today = timezone.localdate()
    chosen = filters.chosen()
    version = _registry_version(today)
    context = {
        "listing": _listing(request, filters, today, version),
        "chosen": chosen,
        "filtered": any(chosen.values()),
        "options": _options(version),
    }
    return render(request, "registry/registry.html", context)


def _registry_version(today: date) -> str:
    """What the registry's cached parts depend on: the certificates there are, their latest change of status,
    the latest announcement, the day (validity turns with it, and a round's announcement date comes with it) and
    the page's language. Three small queries instead of rebuilding."""
    # The latest change to an appeal on a certificate's decision moves it too: "under appeal" is in the rows.
    # A withdrawn application of a certified city moves it too: it may end a "valid, renewal pending" (the
    # announcement that ends a decided one is counted below).
    issued = Certificate.objects.aggregate(
        count=Count("pk", distinct=True),
        latest=Max("pk"),
        appealed=Max("application__appeals__updated_at"),
        withdrawn=Count(
            "city__applications", filter=Q(city__applications__state=ApplicationState.WITHDRAWN), distinct=True
        ),
    )
    latest_change = CertificateChange.objects.aggregate(latest=Max("pk"))["latest"]
    counts = (
        f"{issued['count']}:{issued['latest']}:{latest_change}:{latest_announcement()}:{issued['appealed']}:"
        f"{issued['withdrawn']}"
    )
    return f"{get_language()}|{today}|{counts}"


def _options(version: str) -> Options:
    """The filter form's choices, read from the certificates there are: kept until the registry changes."""
    # "2": the choices are query_string.FilterChoice; options kept under the old key name a class gone since.
    key = "registry:options:2:" + hashlib.sha256(version.encode()).hexdigest()
    options: Options | None = cache.get(key)
    if options is None:
        options = filter_options()
        cache.set(key, options, LISTING_SECONDS)
    return options


def _listing(request: HttpRequest, filters: Filters, today: date, version: str) -> SafeString:
    """The certificates the filters choose, one page of them, as HTML: kept in the cache until a certificate
    is added or changes status, or the day turns. On a busy day the registry is what the public opens, and
    rendering its fifty rows was most of the page's time."""
    asked = f"{version}|{request.GET.urlencode()}"
    key = "registry:listing:" + hashlib.sha256(asked.encode()).hexdigest()
    cached: str | None = cache.get(key)
    if cached is None:
        certificates = (
            Certificate.objects.filter(filters.query(today), public_certificates())
            .annotate(appealed=open_appeal())
            .select_related("city__parent", "service", "framework_version")
            .defer("framework_version__document")  # parsed once per process (FrameworkVersion.framework)
            .order_by("-issued_on", "number")
        )
        page = Paginator(certificates, PAGE_SIZE).get_page(request.GET.get("page"))
        chosen = filters.chosen()
        context = {
            "page": page,
            "rows": listed(page.object_list, today),
            "filtered": any(chosen.values()),
            "under_appeal": under_appeal(page.object_list),
        }
        cached = render_to_string("registry/_listing.html", context, request=request)
        cache.set(key, cached, LISTING_SECONDS)
    return mark_safe(cached)  # noqa: S308 (our own template's output)


def city_profile(request: HttpRequest, code: str) -> HttpResponse:
    """A city as the public sees it: certificates, decided results with their charts, smart services."""
    city = get_object_or_404(City.objects.select_related("parent__parent"), code=code)
    services = city.services.order_by("domain", "name_ko")
    by_domain = [list(group) for _domain, group in groupby(services, key=lambda service: service.domain)]
    context = {
        "city": city,
        "region": region_of(city),
        "certificates": certificates_of(city, timezone.localdate()),
        "results": published_results(city),
        "services": [(group[0].get_domain_display(), group) for group in by_domain],
        **city_cases(request, city),
        "service_certificates": service_certificates_in(city, timezone.localdate()),
    }
    return render(request, "registry/city.html", context)
