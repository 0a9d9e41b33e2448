"""Schemathesis reads the API's own OpenAPI schema and throws generated requests, good and bad, at every
operation, as the public, as Seocho-gu's officer and as Hanam-si's: no answer is a server error, every
answer has a documented status, type and shape, and no answer on a non-public resource shows Hanam-si's
officer or the public anything of Seocho-gu's (its assessments and applications).

Bounded: a few examples per operation and caller, so that it runs in `make test` in about a minute.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from typing import Any

import pytest
import schemathesis
from django.core import signals
from django.core.handlers.wsgi import WSGIHandler
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from schemathesis.checks import positive_data_acceptance
from schemathesis.config import CacheConfig, SchemathesisConfig

from citycert.certification.choices import Outcome
from tests.api.calling import BASE
from tests.certification.story import DECISION_DAY, agree, decide, item_ids, round_in_review
from tests.people import People

# The same examples on every run, so that `make test` answers the same for the same code; set
# CITYCERT_EXPLORE=200 (say) to look further with fresh random examples.
EXPLORE = int(os.environ.get("CITYCERT_EXPLORE", "0"))
EXAMPLES = EXPLORE or 12
# Left out: "a request the schema allows is accepted". A schema cannot say which item ids a framework has or
# which values an item takes; the API answers such requests 422, naming the item, and that is right.
# Resources only some people may read; the public ones (frameworks, cities, certificates, benchmarks, open
# data) rightly show Seocho-gu's published result and certificate.
PRIVATE = ("/assessments", "/applications", "/rounds", "/indicators")
PRIVATE_ENDINGS = ("/indicators", "/projections")


@pytest.fixture(autouse=True)
def _keep_the_test_connection() -> Iterator[None]:
    """Schemathesis calls the WSGI app directly, and Django closes the database connection when a request
    starts and ends; inside a test that is the test's own transaction (harmless on SQLite's in-memory
    database, fatal on PostgreSQL). Django's test Client unhooks the same two signals for the same reason."""
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


@pytest.fixture
def callers(people: People) -> dict[str, dict[str, str]]:
    from citycert.accounts.tokens import issue

    story = round_in_review(people)
    agree(story.seocho, dict.fromkeys(item_ids(), ("3", "")), people.certifier)
    decide(story.seocho, Outcome.CERTIFIED, "충족", DECISION_DAY)
    return {
        "public": {},
        "seocho": {"Authorization": f"Bearer {issue(people.officer, 'schemathesis', 30)[1]}"},
        "hanam": {"Authorization": f"Bearer {issue(people.other_officer, 'schemathesis', 30)[1]}"},
    }


# Read through the app itself at collection; making the schema touches no database. Schemathesis's response
# cache would otherwise leave a .schemathesis/ folder in the clone after every run.
schema = schemathesis.openapi.from_wsgi(
    f"{BASE}/openapi.json", WSGIHandler(), config=SchemathesisConfig(cache=CacheConfig(enabled=False))
)


@pytest.mark.django_db
@schema.parametrize()
@settings(
    max_examples=EXAMPLES,
    derandomize=not EXPLORE,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow, HealthCheck.filter_too_much],
)
def test_every_operation_answers_within_its_schema(
    case: schemathesis.Case[Any], callers: dict[str, dict[str, str]], people: People
) -> None:
    for who, headers in callers.items():
        response = case.call_and_validate(headers=headers, excluded_checks=[positive_data_acceptance])
        path = case.path.removeprefix(BASE)
        private = path.startswith(PRIVATE) or path.endswith(PRIVATE_ENDINGS)
        if who != "seocho" and response.status_code < 400 and private:
            assert people.seocho.code not in response.text, (who, case.method, case.formatted_path, response.text[:500])
