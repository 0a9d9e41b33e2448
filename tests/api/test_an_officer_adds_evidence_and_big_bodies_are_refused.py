"""Seocho-gu's document system sends evidence through the API: a PDF and a link, each for named items, land
on the draft; Hanam-si's officer cannot even find the draft, a submitted assessment takes no more, a file
that is not what it claims is refused with the reason, and a request body beyond the site's limit gets 413
with nothing saved."""

from __future__ import annotations

import io
import json
from typing import Any

from django.test import Client

from citycert.accounts.tokens import issue
from citycert.assessments.models import Evidence
from tests.api.calling import BASE, error_of
from tests.people import PDF, People


def bearer(user: Any) -> dict[str, str]:
    return {"Authorization": f"Bearer {issue(user, 'documents', 30)[1]}"}


def test_a_file_and_a_link_become_evidence_of_the_draft(people: People) -> None:
    client, path = Client(), f"{BASE}/assessments/{people.draft.pk}/evidence"
    before = Evidence.objects.filter(assessment=people.draft).count()
    pdf = io.BytesIO(PDF)
    pdf.name = "vision-plan.pdf"
    sent = client.post(
        path, {"title": "비전 계획", "items": ["BM.vision"], "file": pdf}, headers=bearer(people.officer)
    )
    assert sent.status_code == 201, sent.content
    assert sent.json()["items"] == ["BM.vision"] and sent.json()["file_name"].endswith(".pdf")
    link = client.post(
        path,
        {"title": "시 누리집", "items": ["BM.vision", "BM.leadership"], "url": "https://www.seocho.go.kr/"},
        headers=bearer(people.officer),
    )
    assert link.status_code == 201 and link.json()["url"] == "https://www.seocho.go.kr/"
    assert Evidence.objects.filter(assessment=people.draft).count() == before + 2


def test_the_wrong_caller_or_the_wrong_file_is_refused(people: People) -> None:
    client, path = Client(), f"{BASE}/assessments/{people.draft.pk}/evidence"
    before = Evidence.objects.count()
    fake = io.BytesIO(b"<html><script>alert(1)</script></html>")
    fake.name = "report.pdf"
    refused = client.post(
        path, {"title": "보고서", "items": ["BM.vision"], "file": fake}, headers=bearer(people.officer)
    )
    assert refused.status_code == 422 and error_of(refused)["code"] == "invalid"
    other = client.post(
        path, {"title": "x", "items": ["BM.vision"], "url": "https://a.example/"}, headers=bearer(people.other_officer)
    )
    assert other.status_code == 404
    anonymous = client.post(path, {"title": "x", "items": ["BM.vision"], "url": "https://a.example/"})
    assert anonymous.status_code == 401
    submitted = client.post(
        f"{BASE}/assessments/{people.submitted.pk}/evidence",
        {"title": "x", "items": ["BM.vision"], "url": "https://a.example/"},
        headers=bearer(people.officer),
    )
    assert submitted.status_code == 403
    assert Evidence.objects.count() == before


def test_a_body_beyond_the_limit_is_413_and_changes_nothing(people: People, settings: Any) -> None:
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 2_000
    client = Client()
    headers = bearer(people.officer)
    etag = client.get(f"{BASE}/assessments/{people.draft.pk}", headers=headers)["ETag"]
    change = {"responses": [{"item": "BM.vision", "value": "4", "justification": "가" * 3_000}]}
    answer = client.patch(
        f"{BASE}/assessments/{people.draft.pk}/responses",
        json.dumps(change),
        content_type="application/json",
        headers={**headers, "If-Match": etag},
    )
    assert answer.status_code == 413 and error_of(answer)["code"] == "too_large"
    assert people.draft.responses.get(item_id="BM.vision").value == "3"
