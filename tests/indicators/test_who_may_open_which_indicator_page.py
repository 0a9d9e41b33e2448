"""Every indicator page and endpoint, tried by every kind of person. A city's indicators are its officers'
and the certifying body's: anyone else finds nothing there (404). The pages for many cities at once are the
certifying body's: others may not (403). The public is sent to log in."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from citycert.indicators.models import IndicatorValue
from tests.people import NEW_PEOPLE, People, new_person

# Beside the stories' people: a certifier of another certifying body, an advisor to Seocho-gu (a city's indicators
# are its officers', not its advisors'), and an assessor who is also Hanam-si's officer.
ROLES = [
    "anonymous",
    "officer",
    "other_officer",
    "assessor",
    "certifier",
    "admin",
    "other_body_certifier",
    "advisor",
    "assessor_and_officer",
]
OWN_CITY = (302, 200, 404, 404, 200, 200, 200, 404, 404)
BODY = (302, 403, 403, 403, 200, 200, 200, 403, 403)

CASES: list[tuple[str, str, dict[str, Any], tuple[int, ...]]] = [
    ("get", "/indicators/{city}/", {}, OWN_CITY),
    ("get", "/indicators/{other}/", {}, (302, 404, 200, 404, 200, 200, 200, 404, 200)),
    ("get", "/indicators/99999/", {}, (302, 404, 404, 404, 404, 404, 404, 404, 404)),
    ("get", "/indicators/{city}/values/{value}/", {}, OWN_CITY),
    ("get", "/indicators/{other}/values/{value}/", {}, (302, 404, 404, 404, 404, 404, 404, 404, 404)),
    ("get", "/indicators/{city}/import/", {}, OWN_CITY),
    ("post", "/indicators/{city}/import/", {}, (302, 400, 404, 404, 400, 400, 400, 404, 404)),
    ("post", "/indicators/{city}/import/confirm/", {"token": "nope"}, (302, 400, 404, 404, 400, 400, 400, 404, 404)),
    ("get", "/indicators/import/", {}, BODY),
    ("post", "/indicators/import/", {}, (302, 403, 403, 403, 400, 400, 400, 403, 403)),
    ("post", "/indicators/import/confirm/", {"token": "nope"}, (302, 403, 403, 403, 400, 400, 400, 403, 403)),
    ("get", "/certification/monitoring/", {}, BODY),
    ("get", "/certification/monitoring/?format=csv", {}, BODY),
    ("post", "/certification/monitoring/recompute/", {}, (302, 403, 403, 403, 302, 302, 302, 403, 403)),
    (
        "post",
        "/certification/monitoring/watch/",
        {"city": "{city}", "watch": "1"},
        (302, 403, 403, 403, 302, 302, 302, 403, 403),
    ),
]


@pytest.mark.parametrize(("method", "template", "data", "expected"), CASES, ids=[f"{c[0]} {c[1]}" for c in CASES])
@pytest.mark.parametrize("role", ROLES)
def test_each_person_gets_the_expected_answer(
    client: Client,
    people: People,
    role: str,
    method: str,
    template: str,
    data: dict[str, Any],
    expected: tuple[int, ...],
) -> None:
    value = IndicatorValue.objects.create(
        city=people.seocho, framework_id="kr-smartcity", item_id="D1.I1.1", year=2025, value=120, unit="count"
    )
    names = {"city": people.seocho.code, "other": people.hanam.code, "value": value.pk}
    if role in NEW_PEOPLE:
        client.force_login(new_person(people, role))
    elif role != "anonymous":
        client.force_login(getattr(people, role))
    filled = {key: text.format(**names) for key, text in data.items()}
    answer = getattr(client, method)(template.format(**names), filled)
    assert answer.status_code == expected[ROLES.index(role)]
    if role == "anonymous":
        assert answer["Location"].startswith("/accounts/login/")


def test_only_the_certifying_body_finds_the_monitoring_link(client: Client, people: People) -> None:
    for role, shown in (("officer", False), ("assessor", False), ("certifier", True)):
        client.force_login(getattr(people, role))
        assert ('href="/certification/monitoring/"' in client.get("/certification/").content.decode()) is shown
