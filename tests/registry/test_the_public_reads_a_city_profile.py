"""The public reads a city's profile: its names, kind and region, its certificates, the results the
certifying body decided on (with a chart of the areas), and its smart services by domain."""

from __future__ import annotations

import re

import pytest
from django.test import Client
from django.utils import timezone

from citycert.certification.choices import CertificateStatus, Outcome
from citycert.certification.models import Decision
from citycert.cities.models import SmartService
from citycert.library.store import find_version
from tests.certification.story import DECISION_DAY, agree, decide, item_ids
from tests.people import People
from tests.registry.story import Decided, in_english, numbers_on, seocho_certified

pytestmark = pytest.mark.django_db


@pytest.fixture
def decided(people: People) -> Decided:
    return seocho_certified(people)


def areas(english: bool) -> list[str]:
    framework = find_version("bsi-iso37106").framework
    top = [node for node in framework.nodes if node.parent is None and not node.assessable]
    return [node.name.en if english else node.name.ko for node in top]


def chart_description(html: str) -> str:
    found: list[str] = re.findall(r'<desc id="chart-[0-9a-f]+-desc">([^<]*)</desc>', html)
    assert len(found) == 1
    return found[0]


def test_the_public_reads_who_the_city_is(client: Client, decided: Decided) -> None:
    html = in_english(client).get("/registry/cities/11650/").content.decode()
    assert "<h1>Seocho-gu, Seoul</h1>" in html
    assert "서초구" in html and "autonomous district" in html and "11650" in html
    assert '<a href="/registry/?region=11000">Seoul</a>' in html


def test_the_certificates_link_to_their_pages_with_todays_status(client: Client, decided: Decided) -> None:
    certificate = decided.certificate
    html = in_english(client).get("/registry/cities/11650/").content.decode()
    assert f'<a href="/certificates/{certificate.number}/">{certificate.number}</a>' in html
    assert "ISO 37106" in html and "Level 3 (Mature)" in html
    assert "2026-09-30" in html and "2029-09-29" in html
    status = certificate.status_on(timezone.localdate())
    assert f'<span class="state {status}">{CertificateStatus(status).label}</span>' in html


def test_a_decided_result_is_shown_as_stored_at_the_decision(client: Client, decided: Decided) -> None:
    result = decided.decision.result
    html = in_english(client).get("/registry/cities/11650/").content.decode()
    assert "ISO 37106 certification 2026" in html
    assert "decided on 2026-09-30" in html and '<span class="state certified">certified</span>' in html
    assert f"{result['total']} / {result['max']}" in html
    assert f"{result['percent']:.1f}%" in html
    assert "<svg" in html and "chart-radar" in html
    description = chart_description(html)
    assert all(area in description for area in areas(english=True))


def test_the_profile_is_in_korean_by_default(client: Client, decided: Decided) -> None:
    html = client.get("/registry/cities/11650/").content.decode()
    assert "<h1>서울특별시 서초구</h1>" in html and "Seocho-gu" in html
    assert "3수준 (성숙)" in html
    assert all(area in chart_description(html) for area in areas(english=False))


def test_a_result_stored_without_its_areas_is_charted_from_the_frozen_assessment(
    client: Client, decided: Decided
) -> None:
    in_english(client)
    before = chart_description(client.get("/registry/cities/11650/").content.decode())
    # Results stored before the engine kept its areas lack "nodes".
    stored = {key: value for key, value in decided.decision.result.items() if key != "nodes"}
    Decision.objects.filter(pk=decided.decision.pk).update(result=stored)
    after = chart_description(client.get("/registry/cities/11650/").content.decode())
    # The frozen assessment holds the city's own answers, which the panel agreed with.
    assert after == before


def test_a_result_that_fell_short_says_what_failed(client: Client, decided: Decided, people: People) -> None:
    hanam = decided.round.hanam
    last = item_ids()[-1]
    agree(hanam, {item: ("2" if item == last else "3", "") for item in item_ids()}, people.certifier)
    decide(hanam, Outcome.NOT_CERTIFIED, "요건 미충족", DECISION_DAY)
    html = in_english(client).get("/registry/cities/41450/").content.decode()
    assert '<span class="state not_certified">not certified</span>' in html
    failed = Decision.objects.get(application=hanam).result["failed_conditions"]
    assert failed and all(condition["name"]["en"] in html for condition in failed)
    assert numbers_on(html) == []  # no certificate to link to


def test_smart_services_are_grouped_by_domain(client: Client, people: People) -> None:
    for name_ko, name_en, domain in [
        ("스마트쉼터", "Smart shelters", "S05"),
        ("공유주차", "Shared parking", "S02"),
        ("스마트 횡단보도", "Smart crosswalks", "S02"),
    ]:
        SmartService.objects.create(city=people.seocho, name_ko=name_ko, name_en=name_en, domain=domain)
    html = in_english(client).get("/registry/cities/11650/").content.decode()
    order = [
        "<h3>Transport</h3>",
        "Shared parking",
        "Smart crosswalks",
        "<h3>Crime and disaster prevention</h3>",
        "Smart shelters",
    ]
    positions = [html.index(text) for text in order]
    assert positions == sorted(positions)


def test_a_city_with_nothing_published_says_so(client: Client, people: People) -> None:
    page = in_english(client).get("/registry/cities/41450/")
    assert page.status_code == 200
    assert "Nothing published yet" in page.content.decode()


def test_an_unknown_city_is_not_found(client: Client, people: People) -> None:
    assert client.get("/registry/cities/00000/").status_code == 404
