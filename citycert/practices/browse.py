"""Browsing the library: the filters read from the query string, checked, and the cases they choose."""

from __future__ import annotations

from typing import Literal

from django.db.models import Prefetch, Q, QuerySet
from django.http import QueryDict
from django.utils.translation import gettext as _

from citycert.cities.models import City, Population
from citycert.practices.choices import Size
from citycert.practices.models import Case
from citycert.practices.sizes import sizes_of
from citycert.query_string import QUOTED, BadQuery, Identifier, QueryFilters

# The library's word for a refused filter.
BadCaseFilter = BadQuery


class CaseFilters(QueryFilters):
    """What the reader chose; empty means no filter."""

    framework: Identifier = ""
    item: Identifier = ""
    city: Identifier = ""
    size: Literal[tuple(Size.values)] | Literal[""] = ""  # type: ignore[valid-type]

    @classmethod
    def refusal(cls, name: str, value: str) -> str:
        quoted = value[:QUOTED]
        if name == "size":
            return _("Size: choose one of %(choices)s, not “%(value)s”.") % {
                "choices": ", ".join(Size.values),
                "value": quoted,
            }
        label = {"framework": _("Scheme"), "item": _("Item")}.get(name) or _("City")
        return _("%(filter)s: “%(value)s” is not an id or code the library knows.") % {
            "filter": label,
            "value": quoted,
        }


def read_case_filters(params: QueryDict) -> CaseFilters:
    """The filters in a query string; raises BadCaseFilter, naming the filter, for a value that cannot be used."""
    return CaseFilters.from_query(params)


def all_cases() -> QuerySet[Case]:
    """Every case with what its listing shows, in a fixed number of queries."""
    return Case.objects.select_related("city__parent").prefetch_related(
        "items", "sources", Prefetch("city__populations", queryset=Population.objects.order_by())
    )


def chosen_cases(filters: CaseFilters) -> list[Case]:
    """The cases the filters choose, newest first."""
    cases = all_cases()
    if filters.framework:
        cases = cases.filter(framework_id=filters.framework)
    if filters.item:
        cases = cases.filter(items__item_id=filters.item).distinct()
    if filters.city:
        # A region chooses its own cases and those of every city in it (Seoul: Seoul's and its districts').
        cases = cases.filter(Q(city__code=filters.city) | Q(city__parent__code=filters.city))
    found = list(cases.order_by("-year", "key"))
    if filters.size:
        sizes = sizes_of({case.city for case in found})
        found = [case for case in found if sizes.get(case.city_id) == filters.size]
    return found


def cities_with_cases() -> list[tuple[City, int]]:
    """Each city that has cases, with how many, the upper-level governments counting their cities' cases too."""
    counts: dict[int, int] = {}
    cities: dict[int, City] = {}
    for case in Case.objects.select_related("city__parent").order_by():
        for city in (case.city, case.city.parent):
            if city is not None:
                cities[city.pk] = city
                counts[city.pk] = counts.get(city.pk, 0) + 1
    return sorted(((cities[pk], count) for pk, count in counts.items()), key=lambda pair: pair[0].code)
