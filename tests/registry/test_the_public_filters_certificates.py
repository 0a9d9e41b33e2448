"""The public narrows the registry by city name, framework, year of issue, category, grade, region and status
(the status computed against today, in the query), and finds the form showing what they chose."""

from __future__ import annotations

import pytest
from django.test import Client

from tests.registry.conftest import Registry
from tests.registry.story import in_english, numbers_on

pytestmark = pytest.mark.django_db

CASES: list[tuple[dict[str, str], list[str]]] = [
    # query string, the fixture's certificates expected (newest first)
    ({"q": "서초"}, ["valid"]),
    ({"q": "seocho"}, ["valid"]),  # either language, any case
    ({"q": "SEOUL"}, ["expired", "lapsed"]),  # the city's own name: Seocho-gu, Seoul is not named Seoul
    ({"q": "서울"}, ["expired", "lapsed"]),
    ({"q": "no such city"}, []),
    ({"framework": "bsi-iso37106"}, ["suspended", "withdrawn", "lapsed"]),
    ({"framework": "kr-smartcity"}, ["valid", "expired"]),
    ({"year": "2021"}, ["expired"]),
    ({"year": "2019"}, []),
    ({"category": "large"}, ["expired"]),
    ({"category": "small_medium"}, ["valid"]),
    ({"grade": "2"}, ["withdrawn"]),
    ({"region": "11000"}, ["valid", "expired", "lapsed"]),  # Seoul and Seocho-gu within it
    ({"region": "41450"}, ["suspended", "withdrawn"]),  # a top-level city is its own region
    ({"region": "11650"}, []),  # Seocho-gu is not a region
    ({"status": "valid"}, ["valid"]),
    ({"status": "suspended"}, ["suspended"]),
    ({"status": "withdrawn"}, ["withdrawn"]),
    ({"status": "expired"}, ["expired", "lapsed"]),
    ({"framework": "bsi-iso37106", "status": "expired"}, ["lapsed"]),
    ({"region": "11000", "grade": "3", "framework": "kr-smartcity", "status": "expired"}, ["expired"]),
    ({"framework": "", "year": "", "status": ""}, ["suspended", "valid", "withdrawn", "expired", "lapsed"]),
]


def test_each_filter_narrows_the_list(client: Client, registry: Registry) -> None:
    for query, expected in CASES:
        page = client.get("/registry/", query)
        assert page.status_code == 200, query
        assert numbers_on(page.content.decode()) == [getattr(registry, name).number for name in expected], query


def test_the_form_shows_the_chosen_filters_again(client: Client, registry: Registry) -> None:
    query = {"q": "서울", "framework": "kr-smartcity", "year": "2021", "category": "large", "grade": "3"}
    html = client.get("/registry/", {**query, "region": "11000", "status": "expired"}).content.decode()
    assert 'name="q" value="서울"' in html
    for value in ("kr-smartcity", "2021", "large", "11000", "expired"):
        assert f'<option value="{value}" selected>' in html
    assert '<option value="3" selected>' in html
    assert html.count(" selected>") == 6  # one per list; the search box is no list
    assert 'href="/registry/"' in html  # a way to clear them


def test_the_choices_come_from_the_certificates_there_are(client: Client, registry: Registry) -> None:
    html = in_english(client).get("/registry/").content.decode()
    assert '<option value="kr-smartcity">KR smart city certification</option>' in html
    assert '<option value="bsi-iso37106">ISO 37106</option>' in html
    assert 'value="u4ssc-kpi"' not in html and 'value="iso37120"' not in html  # nothing certified on them
    for certificate in (registry.valid, registry.expired, registry.suspended, registry.withdrawn, registry.lapsed):
        year = certificate.issued_on.year
        assert f'<option value="{year}">{year}</option>' in html
    assert '<option value="large">Large city</option>' in html
    assert '<option value="11000">Seoul</option>' in html and '<option value="41450">Hanam-si</option>' in html
    assert '<option value="11650">' not in html
    # One grade id named by two frameworks is one choice naming both.
    assert '<option value="3">Grade 3 · Level 3 (Mature)</option>' in html
