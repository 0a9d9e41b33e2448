"""A city officer starts an assessment, from the web form or the API: it reads no framework document and the same
number of queries whether the city has no earlier assessment or many, and one stored framework version or many."""

from __future__ import annotations

import json

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from citycert.accounts.tokens import issue
from citycert.assessments.models import Assessment
from citycert.library.models import FrameworkVersion
from citycert.library.store import find_version
from tests.people import People


def add_history(people: People, assessments: int, versions: int) -> None:
    stored = find_version("bsi-iso37106")
    copies = FrameworkVersion.objects.bulk_create(
        FrameworkVersion(
            framework_id="bsi-iso37106",
            version=f"2000.{number}",
            name_ko=stored.name_ko,
            name_en=stored.name_en,
            document={**stored.document, "version": f"2000.{number}"},
            digest=f"{number:064d}",
            source_name="earlier",
        )
        for number in range(versions)
    )
    Assessment.objects.bulk_create(
        Assessment(
            city=people.seocho, framework_version=copies[number % len(copies)], kind="self_assessment", year=2020
        )
        for number in range(assessments)
    )


def start(client: Client, api: Client, people: People) -> tuple[list[str], list[str]]:
    version = find_version("bsi-iso37106@2021")
    with CaptureQueriesContext(connection) as by_form:
        answer = client.post(
            "/cities/11650/assessments/new/",
            # Each start after the first is a second draft of 2027, confirmed (the page asks first).
            {"framework_version": str(version.pk), "kind": "self_assessment", "year": "2027", "second_draft": "yes"},
        )
    assert answer.status_code == 302
    with CaptureQueriesContext(connection) as by_api:
        answer = api.post(
            "/api/v1/assessments",
            json.dumps({"city": "11650", "framework": "bsi-iso37106@2021", "year": 2027}),
            content_type="application/json",
        )
    assert answer.status_code == 201
    assert answer.json()["result"]["item_count"] > 0
    return [query["sql"] for query in by_form.captured_queries], [query["sql"] for query in by_api.captured_queries]


def test_a_long_history_costs_no_more_queries_and_no_framework_document(client: Client, people: People) -> None:
    client.force_login(people.officer)
    _, secret = issue(people.officer, "starts", 30)
    api = Client(headers={"Authorization": f"Bearer {secret}"})
    start(client, api, people)  # the first requests of a session also load the session and the user
    fresh = start(client, api, people)
    add_history(people, assessments=60, versions=12)
    after = start(client, api, people)
    assert [len(queries) for queries in after] == [len(queries) for queries in fresh]
    for queries in (*fresh, *after):
        assert not any('"document"' in sql and "library_frameworkversion" in sql for sql in queries)
