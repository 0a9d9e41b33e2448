"""Assessor-1 finds Hanam-si's roadmap weak and records a minor nonconformity due in a month; Hanam-si's
officer answers how it was fixed; assessor-1 verifies. Seocho-gu's officer cannot close Hanam-si's finding,
and nobody verifies a finding the city has not answered."""

from __future__ import annotations

from datetime import date

import pytest
from django.test import Client

from citycert.certification import workflow
from citycert.certification.models import Finding
from tests.certification.story import round_in_review
from tests.people import People


def test_a_finding_from_raised_to_verified(client: Client, people: People) -> None:
    story = round_in_review(people)
    client.force_login(people.assessor)
    raised = client.post(
        f"/certification/applications/{story.hanam.pk}/findings/",
        {"item": "BM.roadmap", "kind": "minor", "text": "로드맵 성과지표 미정의", "due_on": "2026-10-31"},
    )
    assert raised.status_code == 302
    finding = Finding.objects.get()
    assert (finding.item_id, finding.kind, finding.due_on, finding.state) == (
        "BM.roadmap",
        "minor",
        date(2026, 10, 31),
        "open",
    )

    with pytest.raises(workflow.Refused):
        workflow.verify_finding(finding, people.assessor)  # not answered yet

    client.force_login(people.officer)  # Seocho-gu's officer: Hanam-si's application does not exist for them
    assert (
        client.post(
            f"/certification/applications/{story.hanam.pk}/findings/{finding.pk}/close/", {"response": "x"}
        ).status_code
        == 404
    )

    client.force_login(people.other_officer)
    page = client.get(f"/certification/applications/{story.hanam.pk}/").content.decode()
    assert "로드맵 성과지표 미정의" in page
    closed = client.post(
        f"/certification/applications/{story.hanam.pk}/findings/{finding.pk}/close/",
        {"response": "2026-2030 로드맵에 성과지표 12개 추가"},
    )
    assert closed.status_code == 302

    client.force_login(people.assessor)
    verified = client.post(f"/certification/applications/{story.hanam.pk}/findings/{finding.pk}/verify/")
    assert verified.status_code == 302
    finding.refresh_from_db()
    assert finding.state == "verified" and finding.verified_by == people.assessor
    assert finding.city_response.startswith("2026-2030")


def test_a_finding_without_text_or_on_an_unknown_item_is_refused(client: Client, people: People) -> None:
    story = round_in_review(people)
    client.force_login(people.assessor)
    url = f"/certification/applications/{story.hanam.pk}/findings/"
    assert client.post(url, {"item": "BM.roadmap", "kind": "minor", "text": " "}).status_code == 400
    assert client.post(url, {"item": "NO.such", "kind": "minor", "text": "x"}).status_code == 400
    assert client.post(url, {"item": "BM.roadmap", "kind": "fatal", "text": "x"}).status_code == 400
    assert (
        client.post(url, {"item": "BM.roadmap", "kind": "minor", "text": "x", "due_on": "31/10/2026"}).status_code
        == 400
    )
    assert not Finding.objects.exists()
