"""A city's cases on its public profile, and whether the reader may publish one."""

from __future__ import annotations

from typing import Any

from django.db.models import Q
from django.http import HttpRequest

from citycert.cities.models import City
from citycert.permissions import may_publish_cases
from citycert.practices.browse import all_cases
from citycert.practices.naming import Schemes


def city_cases(request: HttpRequest, city: City) -> dict[str, Any]:
    """The profile's context for its cases: the city's own and its districts' (Seoul lists Seocho-gu's too)."""
    schemes = Schemes()
    cases = all_cases().filter(Q(city=city) | Q(city__parent=city)).order_by("-year", "key")
    return {
        "cases": [(case, schemes.name(case.framework_id), schemes.items(case)) for case in cases],
        "may_publish_case": may_publish_cases(request.user, city),
    }
