"""A filter the registry cannot use is refused with a 400 page that names it and says what it takes, never a
500; a well-formed value that matches nothing is simply an empty list."""

from __future__ import annotations

import pytest
from django.test import Client

from tests.registry.conftest import Registry
from tests.registry.story import in_english, numbers_on

pytestmark = pytest.mark.django_db

BAD: list[tuple[dict[str, str], str]] = [
    ({"year": "abc"}, "Year: give a year of issue such as 2024, not “abc”."),
    ({"year": "20245"}, "Year:"),
    ({"year": "-2021"}, "Year:"),
    ({"year": "２０２１"}, "Year:"),  # full-width digits are digits to Python, not to the form
    (
        {"status": "nonsense"},
        "Status: choose one of valid, renewal_pending, suspended, withdrawn, expired, not “nonsense”.",
    ),
    ({"status": "VALID"}, "Status:"),
    ({"framework": "<script>alert(1)</script>"}, "Framework: “&lt;script&gt;alert(1)&lt;/sc”"),
    ({"category": "large city"}, "Category:"),
    ({"grade": "3;DROP TABLE"}, "Grade or level:"),
    ({"region": "11000' OR 1=1"}, "Region:"),
    ({"q": "서" * 101}, "Search: at most 100 characters."),
    ({"q": "seo\x00cho"}, "The request holds the NUL character (in its query)"),  # refused before the registry
]


@pytest.mark.parametrize(("query", "reason"), BAD, ids=[str(case[0])[:40] for case in BAD])
def test_a_bad_filter_is_refused_with_its_name(client: Client, db: None, query: dict[str, str], reason: str) -> None:
    page = in_english(client).get("/registry/", query)
    assert page.status_code == 400
    html = page.content.decode()
    assert 'role="alert"' in html and reason in html
    assert numbers_on(html) == []
    assert 'href="/registry/"' in html  # and a way back to the whole registry


def test_the_refusal_is_in_korean_by_default(client: Client, db: None) -> None:
    page = client.get("/registry/", {"status": "nonsense"})
    assert page.status_code == 400
    assert '<html lang="ko">' in page.content.decode()


def test_a_well_formed_value_that_matches_nothing_is_an_empty_list(client: Client, registry: Registry) -> None:
    in_english(client)
    for query in (
        {"framework": "no-such-scheme"},
        {"region": "99999"},
        {"grade": "Z"},
        {"category": "tiny"},
        {"year": "1999"},
    ):
        page = client.get("/registry/", query)
        assert page.status_code == 200, query
        assert numbers_on(page.content.decode()) == [], query
        assert "No certificate matches these filters." in page.content.decode()
