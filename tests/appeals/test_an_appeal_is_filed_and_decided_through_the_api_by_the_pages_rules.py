"""The API files and decides appeals as the pages do, with the same rules and the one error shape: Seocho-gu's
officer files with a token (multipart: reasons and a file; no reasons is 422 naming the field, a program is 422,
a second open appeal 409); the decider cannot take it (409, with the reason); certifier-3 takes it and overturns
the decision, and the certificate is withdrawn; a visitor complains without a token; the body triages it."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from citycert.appeals.models import Appeal, Complaint
from citycert.certification.choices import CertificateStatus, Outcome
from citycert.certification.models import Certificate, Decision
from tests.api.calling import BASE, Caller, error_of
from tests.appeals.story import seocho_decided
from tests.people import PDF, People

pytestmark = pytest.mark.django_db


def test_filing_and_deciding_an_appeal_through_the_api(people: People) -> None:
    story = seocho_decided(people, Outcome.CERTIFIED)
    number = Certificate.objects.get(application=story.application).number
    officer = Caller(people.officer)
    path = f"{BASE}/applications/{story.application.pk}/appeals"

    missing = officer.client.post(path, {"reasons": ""}, headers=officer.headers)
    assert missing.status_code == 422 and error_of(missing)["code"] == "invalid"
    program = officer.client.post(
        path,
        {"reasons": "근거", "files": SimpleUploadedFile("a.pdf", b"MZ\x90\x00" + b"\x00" * 60)},
        headers=officer.headers,
    )
    assert program.status_code == 422 and error_of(program)["details"] == [{"field": "body.files"}]
    filed = officer.client.post(
        path,
        {"reasons": "BM.vision 증빙 누락", "files": [SimpleUploadedFile("근거.pdf", PDF)]},
        headers=officer.headers,
    )
    assert filed.status_code == 201, filed.content
    body = filed.json()
    assert body["state"] == "filed" and body["decision"]["outcome"] == "certified"
    assert [file["name"] for file in body["files"]] == ["근거.pdf"]
    again = officer.client.post(path, {"reasons": "한 번 더"}, headers=officer.headers)
    assert again.status_code == 409 and error_of(again)["code"] == "conflict"
    appeal_id = body["id"]
    assert [row["id"] for row in officer.get(f"/applications/{story.application.pk}/appeals").json()] == [appeal_id]

    decider = Caller(story.decider)
    refused = decider.post(f"/appeals/{appeal_id}/handling")
    assert refused.status_code == 409 and "결정을 직접 내렸습니다" in error_of(refused)["message"]
    assert officer.post(f"/appeals/{appeal_id}/handling").status_code == 403

    handler = Caller(story.handler)
    assert handler.post(f"/appeals/{appeal_id}/handling").json()["handler"] == "certifier-3"
    bad = handler.post(f"/appeals/{appeal_id}/outcome", {"outcome": "maybe", "reasons": "?"})
    assert bad.status_code == 422
    done = handler.post(f"/appeals/{appeal_id}/outcome", {"outcome": "overturned", "reasons": "기준 미달 항목 확인"})
    assert done.status_code == 201, done.content
    assert done.json()["new_outcome"] == "not_certified" and done.json()["certificate_withdrawn"] == number
    assert Decision.objects.get(application=story.application).outcome == Outcome.NOT_CERTIFIED
    assert Certificate.objects.get(number=number).status == CertificateStatus.WITHDRAWN
    assert Appeal.objects.get().state == "overturned"
    assert handler.post(f"/appeals/{appeal_id}/outcome", {"outcome": "upheld", "reasons": "x"}).status_code == 409

    visitor = Caller()
    sent = visitor.post("/complaints", {"about": "body", "text": "심사위원이 불친절했습니다."})
    assert sent.status_code == 201 and sent.json()["state"] == "received"
    unknown = visitor.post("/complaints", {"about": "city", "certificate": "NO-1", "text": "?"})
    assert unknown.status_code == 422 and error_of(unknown)["details"] == [{"field": "body.certificate"}]
    assert visitor.get("/complaints").status_code == 401
    assert officer.get("/complaints").status_code == 403
    listed = handler.get("/complaints").json()
    assert listed["count"] == 1 and listed["results"][0]["text"] == "심사위원이 불친절했습니다."
    triaged = handler.post(f"/complaints/{sent.json()['id']}/triage", {"note": "교육 담당에게 전달"})
    assert triaged.status_code == 201 and Complaint.objects.get().state == "triaged"
