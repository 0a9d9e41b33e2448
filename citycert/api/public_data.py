"""Open data and peer benchmarks: public, made only of what decisions published."""

from __future__ import annotations

from typing import Any, Literal

from django.db.models import FloatField
from django.db.models.functions import Cast
from django.http import Http404, HttpRequest, StreamingHttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema

from citycert.api.auth import ANYONE
from citycert.api.common import documented_responses
from citycert.certification.models import PublishedItem
from citycert.cities.models import City
from citycert.public_address import public_base
from citycert.registry.benchmark_views import read_choice
from citycert.registry.benchmarks import (
    Spread,
    area_map,
    area_points,
    decided_applications,
    figures_for,
    members_of,
    peer_applications,
)
from citycert.reports.open_data import CONTENT_TYPES, chunks, dictionary
from citycert.reports.open_data_package import descriptor

router = Router(tags=["open data"], auth=ANYONE)


class Described(Schema):
    column: str
    type: str
    ko: str
    en: str


class DownloadChoice(Schema):
    format: Literal["csv", "json", "parquet"] = Field("csv", description="json is one record per line")


class BenchmarkChoice(Schema):
    framework: str | None = Field(None, max_length=64, description="default: the latest the city was decided on")
    year: str | None = Field(None, max_length=4, description="default: the latest year")
    peers: Literal["category", "population", "list"] = "category"
    cities: str | None = Field(None, max_length=2000, description="city codes, comma-separated (peers=list)")


class Figure(Schema):
    key: str
    points: float | None
    rank: int | None
    peer_count: int
    lower_quartile: float | None
    median: float | None
    upper_quartile: float | None


class Benchmark(Schema):
    city: str
    framework: str
    version: str
    year: int
    peers: str
    members: int
    total: Figure
    areas: list[Figure]
    items: list[Figure]
    leaders: dict[str, list[dict[str, Any]]]


@router.get(
    "/open-data", response=documented_responses(dict[str, list[Described]]), summary="The datasets and their columns"
)
def open_data_dictionary(request: HttpRequest) -> dict[str, list[dict[str, str]]]:
    return dictionary()


@router.get(
    "/open-data/{dataset}",
    summary="A whole dataset, streamed",
    response=documented_responses({200: Any}),
    openapi_extra={
        "responses": {
            200: {
                "description": "the dataset as a file",
                "content": {
                    media: {"schema": {"type": "string", "format": "binary"}} for media in CONTENT_TYPES.values()
                },
            }
        }
    },
)
def download(
    request: HttpRequest,
    dataset: Literal["results", "certificates", "audit-checkpoints"],
    choice: Query[DownloadChoice],
) -> StreamingHttpResponse:
    today = timezone.localdate()
    response = StreamingHttpResponse(chunks(dataset, choice.format, today), content_type=CONTENT_TYPES[choice.format])
    response["Content-Disposition"] = f'attachment; filename="citycert-{dataset}-{today:%Y%m%d}.{choice.format}"'
    return response


@router.get(
    "/open-data/{dataset}/datapackage.json",
    response=documented_responses(dict[str, Any]),
    summary="A dataset's Frictionless Data Package descriptor",
    description="Its files (CSV, JSON lines, Parquet) with their download addresses, columns, types and keys.",
)
def open_data_package(
    request: HttpRequest, dataset: Literal["results", "certificates", "audit-checkpoints"]
) -> dict[str, Any]:
    return descriptor(dataset, base=public_base(request), linked=True)


def _figure(key: str, points: float | None, spread: Spread | None) -> dict[str, Any]:
    return {
        "key": key,
        "points": points,
        "rank": spread.rank(points) if spread is not None and points is not None else None,
        "peer_count": spread.count if spread is not None else 0,
        "lower_quartile": spread.lower if spread else None,
        "median": spread.median if spread else None,
        "upper_quartile": spread.upper if spread else None,
    }


@router.get(
    "/cities/{code}/benchmark",
    response=documented_responses(Benchmark),
    tags=["benchmarks"],
    summary="A city beside its peers",
)
def benchmark(request: HttpRequest, code: str, choice: Query[BenchmarkChoice]) -> dict[str, Any]:
    city = City.objects.filter(code=code).first()
    if city is None:
        raise Http404(_("No city has the code %(code)s.") % {"code": code})
    decided = decided_applications(city)
    if not decided:
        raise Http404(_("%(code)s has no published result to compare.") % {"code": code})
    chosen = read_choice(request.GET, city, decided)
    application = chosen.application
    framework = application.round.framework_version.framework
    peers = peer_applications(application, chosen.peers)
    members = members_of(peers, english=False)
    figures = figures_for(peers, members, application, framework)
    own = dict(
        PublishedItem.objects.filter(application=application).values_list("item_id", Cast("points", FloatField()))
    )
    areas = area_points(own, area_map(framework))
    total = round(sum(points for points in own.values() if points is not None), 4)
    return {
        "city": city.code,
        "framework": framework.id,
        "version": framework.version,
        "year": application.round.year,
        "peers": chosen.peers.kind,
        "members": figures.members,
        "total": _figure("total", total, figures.total),
        "areas": [_figure(area, points, figures.areas.get(area)) for area, points in sorted(areas.items())],
        "items": [_figure(item, own.get(item), spread) for item, spread in sorted(figures.items.items())],
        "leaders": {
            item: [{"city": leader.code, "points": leader.points} for leader in leaders if leader.code != city.code][:3]
            for item, leaders in sorted(figures.leaders.items())
        },
    }
