"""Cities: public, as in the registry (names, kind, the body they belong to, populations, smart services)."""

from __future__ import annotations

from typing import Any, Literal

from django.db.models import Q
from django.http import Http404, HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema

from citycert.api.auth import ANYONE
from citycert.api.common import Page, Paging, documented_responses, narrowed, page
from citycert.cities.choices import Kind
from citycert.cities.models import City
from citycert.query_string import Identifier

router = Router(tags=["cities"], auth=ANYONE)


class CityOut(Schema):
    code: str
    name: dict[str, str]
    kind: str
    parent: str | None = Field(description="the code of the province or metropolitan city it belongs to")


class CityDetail(CityOut):
    populations: list[dict[str, Any]]
    services: list[dict[str, Any]]


class CityFilters(Schema):
    q: str | None = Field(None, max_length=100, description="part of the Korean or English name, or the code")
    kind: Literal[tuple(Kind.values)] | None = None  # type: ignore[valid-type]
    parent: Identifier | None = Field(None, max_length=16, description="the code of the body they belong to")
    order: Literal["code", "-code", "name_ko", "-name_ko", "name_en", "-name_en"] = "code"


def city_out(city: City) -> dict[str, Any]:
    return {
        "code": city.code,
        "name": {"ko": city.name_ko, "en": city.name_en},
        "kind": city.kind,
        "parent": city.parent.code if city.parent else None,
    }


@router.get("/cities", response=documented_responses(Page[CityOut]), summary="Cities, filtered and ordered")
def list_cities(request: HttpRequest, filters: Query[CityFilters], paging: Query[Paging]) -> dict[str, Any]:
    rows = City.objects.select_related("parent").order_by(filters.order, "code")
    if filters.q:
        rows = rows.filter(Q(name_ko__icontains=filters.q) | Q(name_en__icontains=filters.q) | Q(code=filters.q))
    rows = narrowed(rows, kind=filters.kind, parent__code=filters.parent)
    return page(rows, paging, city_out)


@router.get("/cities/{code}", response=documented_responses(CityDetail), summary="One city")
def show_city(request: HttpRequest, code: str) -> dict[str, Any]:
    city = City.objects.select_related("parent").filter(code=code).first()
    if city is None:
        raise Http404(_("No city has the code %(code)s.") % {"code": code})
    return {
        **city_out(city),
        "populations": [
            {"year": row.year, "population": row.population, "source": row.source}
            for row in city.populations.order_by("year")
        ],
        "services": [
            {
                "name": {"ko": service.name_ko, "en": service.name_en},
                "domain": service.domain,
                "since": service.since,
                "scale": {"ko": service.scale_ko, "en": service.scale_en},
            }
            for service in city.services.order_by("domain", "name_ko")
        ],
    }
