"""The library's pages: cases browsed by scheme, item, city and size; one case; a city publishing its own."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from citycert.cities.models import City
from citycert.page_forms import INVALID, REFUSED_BY_RULE
from citycert.permissions import may_publish_cases
from citycert.practices.browse import BadCaseFilter, all_cases, chosen_cases, cities_with_cases, read_case_filters
from citycert.practices.choices import Size
from citycert.practices.forms import PublishCaseForm
from citycert.practices.naming import Schemes
from citycert.practices.publishing import CaseRefused, CaseText, announced_applications, publish_case
from citycert.practices.sizes import sizes_of


def case_list(request: HttpRequest) -> HttpResponse:
    """Every case, or those the query string's filters choose; the cities with cases one click away."""
    try:
        filters = read_case_filters(request.GET)
    except BadCaseFilter as error:
        return render(request, "practices/bad_filter.html", {"reason": str(error)}, status=400)
    schemes = Schemes()
    cases = chosen_cases(filters)
    every = list(all_cases())
    frameworks = sorted({case.framework_id for case in every})
    items: dict[str, str] = {}
    for case in every:
        if not filters.framework or case.framework_id == filters.framework:
            for shown in schemes.items(case):
                items.setdefault(shown.item_id, f"{shown.item_id} {shown.name}")
    chosen_city = City.objects.filter(code=filters.city).first() if filters.city else None
    context = {
        "cases": [(case, schemes.name(case.framework_id), schemes.items(case)) for case in cases],
        "chosen": filters.chosen(),
        "filtered": any(filters.chosen().values()),
        "chosen_city": chosen_city,
        "frameworks": [(framework_id, schemes.name(framework_id)) for framework_id in frameworks],
        "items": sorted(items.items()),
        "cities": cities_with_cases(),
        "sizes": Size.choices,
    }
    return render(request, "practices/cases.html", context)


def case_page(request: HttpRequest, key: str) -> HttpResponse:
    """One case: the city, the scheme and items with the level reached, the description and the sources."""
    case = get_object_or_404(all_cases(), key=key)
    schemes = Schemes()
    size = sizes_of([case.city]).get(case.city_id, "")
    context = {
        "case": case,
        "scheme": schemes.name(case.framework_id),
        "items": schemes.items(case),
        "size": Size(size).label if size else "",
        "sources": list(case.sources.all()),
    }
    return render(request, "practices/case.html", context)


def _refused(request: HttpRequest, reason: str, back: str, status: int) -> HttpResponse:
    return render(request, "certification/refused.html", {"reason": reason, "back": back}, status=status)


@login_required
def publish(request: HttpRequest, code: str) -> HttpResponse:
    """A city's officer publishes one of the city's practices or services as a case, on an announced result."""
    city = get_object_or_404(City, code=code)
    back = f"/registry/cities/{city.code}/"
    if not may_publish_cases(request.user, city):
        return _refused(
            request, _("Only the officers of %(city)s may publish its cases.") % {"city": city.name}, back, 403
        )
    applications = announced_applications(city.pk)
    if not applications:
        return _refused(
            request,
            _(
                "%(city)s has no announced result yet: a case can be published once the decision on one of its "
                "applications has been announced."
            )
            % {"city": city.name},
            back,
            REFUSED_BY_RULE,
        )
    services = list(city.services.order_by("domain", "name_ko"))
    form = PublishCaseForm(applications, services, request.POST or None)
    status = 200
    if request.method == "POST":
        status = INVALID
        if form.is_valid():
            data = form.cleaned_data
            application = next(one for one in applications if one.pk == data["application"])
            service = next((one for one in services if one.pk == data["service"]), None)
            text = CaseText(
                data["title_ko"], data["title_en"], data["description_ko"], data["description_en"], data["url"]
            )
            try:
                case = publish_case(request.user, application, data["items"], text, service)
            except CaseRefused as error:
                form.add_error("items", str(error))
                status = REFUSED_BY_RULE
            else:
                messages.success(request, _("Published. The case is in the good-practice library."))
                return redirect("case", key=case.key)
    return render(request, "practices/publish.html", {"city": city, "form": form}, status=status)
