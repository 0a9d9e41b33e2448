"""The assessment page of a 1,000-item framework costs the same number of queries as a small one."""

from __future__ import annotations

from pathlib import Path

import yaml
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from bench.synthetic import framework_document, full_responses
from citycert.assessments.answers import stored_text
from citycert.assessments.choices import AssessmentKind
from citycert.assessments.models import Assessment
from citycert.assessments.workflow import create_assessment, save_responses
from citycert.library.store import find_version, import_paths
from tests.people import People


def assessment_with(items: int, people: People, tmp_path: Path) -> Assessment:
    document = framework_document(items, seed=items)
    document["id"] = f"synthetic-{items}"
    path = tmp_path / f"synthetic-{items}.yaml"
    path.write_text(yaml.safe_dump(document, allow_unicode=True), encoding="utf-8")
    import_paths([path])
    version = find_version(f"synthetic-{items}")
    assessment = create_assessment(people.seocho, version, AssessmentKind.SELF_ASSESSMENT, 2026, people.officer)
    answers = full_responses(version.framework)
    save_responses(
        assessment, {item: {"value": stored_text(answer.value)} for item, answer in answers.items()}, people.officer
    )
    return assessment


def queries_for(client: Client, assessment: Assessment) -> int:
    with CaptureQueriesContext(connection) as captured:
        answer = client.get(f"/assessments/{assessment.pk}/")
    assert answer.status_code == 200
    return len(captured)


def test_the_query_count_does_not_grow_with_the_number_of_items(client: Client, people: People, tmp_path: Path) -> None:
    client.force_login(people.officer)
    small = assessment_with(20, people, tmp_path)
    large = assessment_with(1000, people, tmp_path)
    assert large.responses.count() == 1000
    queries_for(client, small)  # the first request of a session also loads the session and the user
    # 13: one of them asks the good-practice library for cases beside the gap plan's steps.
    assert queries_for(client, large) == queries_for(client, small) <= 13
