"""A benchmark asked for with a parameter the page cannot use is refused with 400 and a message naming the
parameter, never a 500; an unknown city is not found; a city with nothing published gets a friendly page."""

from __future__ import annotations

import pytest
from django.test import Client

from tests.registry.peer_benchmarks_story import hand_group, page_of, town
from tests.registry.story import in_english

pytestmark = pytest.mark.django_db

BAD: list[tuple[dict[str, str], str]] = [
    ({"framework": "no-such-scheme"}, "Framework: “no-such-scheme” is not a framework in the library."),
    ({"framework": "<script>"}, "Framework: “&lt;script&gt;”"),
    ({"framework": "iso37120"}, "Framework: Testville 3 has no published result on iso37120."),
    ({"year": "1999"}, "Year: Testville 3 has no published result on bsi-iso37106 in 1999; it has one in 2026."),
    ({"year": "twenty"}, "Year: give a year such as 2024, not “twenty”."),
    ({"peers": "nonsense"}, "Peers: choose category, population or list, not “nonsense”."),
    ({"peers": "population"}, "Peers: no population is recorded for this city"),
    ({"peers": "list"}, "Cities: give the codes of the cities to compare with, separated by commas."),
    ({"peers": "list", "cities": "90003"}, "Cities: give the codes"),  # only itself
    ({"peers": "list", "cities": "90001,00000"}, "Cities: no city has the code “00000”."),
    ({"peers": "list", "cities": "90001,1 OR 1=1"}, "Cities: “1 OR 1=1” is not a city code."),
    ({"peers": "list", "cities": ",".join(f"8{index:04d}" for index in range(101))}, "Cities: at most 100"),
]


@pytest.mark.parametrize(("query", "reason"), BAD, ids=[str(case[0])[:40] for case in BAD])
def test_a_bad_parameter_is_refused_with_its_name(client: Client, query: dict[str, str], reason: str) -> None:
    hand_group()
    page = in_english(client).get("/registry/cities/90003/benchmark/", query)
    assert page.status_code == 400
    html = page.content.decode()
    assert 'role="alert"' in html and reason in html
    assert "<svg" not in html
    assert 'href="/registry/cities/90003/benchmark/"' in html  # and a way back to the usual comparison


def test_the_refusal_is_in_korean_by_default(client: Client) -> None:
    hand_group()
    page = client.get("/registry/cities/90003/benchmark/", {"peers": "nonsense"})
    assert page.status_code == 400
    assert '<html lang="ko">' in page.content.decode()


def test_an_unknown_city_is_not_found(client: Client) -> None:
    assert client.get("/registry/cities/00000/benchmark/").status_code == 404


def test_a_city_with_nothing_published_has_nothing_to_compare_yet(client: Client) -> None:
    town(9)
    html = page_of(in_english(client), "90009", peers="nonsense")
    assert "Nothing to compare yet: no decision on this city has been published." in html
    assert 'href="/registry/cities/90009/"' in html
