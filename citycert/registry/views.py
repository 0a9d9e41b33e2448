"""The public registry: every certificate ever issued, filtered as asked, and each city's public profile."""

from __future__ import annotations

from itertools import groupby

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils import timezone

from citycert.certification.models import Certificate
from citycert.cities.models import City
from citycert.registry.filters import BadFilter, read_filters
from citycert.registry.options import filter_options, region_of
from citycert.registry.published import certificates_of, listed, published_results

PAGE_SIZE = 50


def registry(request: HttpRequest) -> HttpResponse:
    """Every valid, suspended, withdrawn and expired certificate; the same few queries for any number of rows."""
    try:
        filters = read_filters(request.GET)
    except BadFilter as error:
        return render(request, "registry/bad_filter.html", {"reason": str(error)}, status=400)
    today = timezone.localdate()
    certificates = (
        Certificate.objects.filter(filters.query(today))
        .select_related("city__parent", "framework_version")
        .defer("framework_version__document")  # parsed once per process (FrameworkVersion.framework)
        .order_by("-issued_on", "number")
    )
    page = Paginator(certificates, PAGE_SIZE).get_page(request.GET.get("page"))
    chosen = filters.chosen()
    context = {
        "page": page,
        "rows": listed(page.object_list, today),
        "chosen": chosen,
        "filtered": any(chosen.values()),
        "options": filter_options(),
    }
    return render(request, "registry/registry.html", context)


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
    }
    return render(request, "registry/city.html", context)
