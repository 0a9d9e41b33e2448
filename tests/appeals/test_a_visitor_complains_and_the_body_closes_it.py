"""A visitor who is not logged in finds "Complain about this certified city" on Seocho-gu's certificate page and
sends a complaint through the public form (CSRF checked), without a name. The form refuses a complaint with no
text or an unknown certificate number, saying why and keeping what was typed. The certifying body sees it counted
on the round's page, in its list of complaints, records the triage and then closes it with the outcome; every
step is audited. Nobody else may read the complaints."""

from __future__ import annotations

import re

import pytest
from django.test import Client

from citycert.appeals.models import Complaint
from citycert.audit.models import AuditEvent
from citycert.certification.choices import Outcome
from citycert.certification.models import Certificate
from tests.appeals.story import logged_in, seocho_decided, text_of
from tests.people import People

pytestmark = pytest.mark.django_db


def csrf_token(html: str) -> str:
    found = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html)
    assert found is not None
    return found.group(1)


def test_a_logged_out_visitors_complaint_is_recorded_triaged_and_closed(people: People) -> None:
    story = seocho_decided(people, Outcome.CERTIFIED)
    number = Certificate.objects.get(application=story.application).number
    visitor = Client(enforce_csrf_checks=True)

    certificate_page = text_of(visitor.get(f"/certificates/{number}/"))
    assert "이 인증 도시에 대한 민원 제기" in certificate_page
    form = text_of(visitor.get(f"/complaints/new/?certificate={number}"))
    assert f'value="{number}"' in form
    token = csrf_token(form)

    assert visitor.post("/complaints/new/", {"about": "city", "certificate": number, "text": "x"}).status_code == 403
    empty = visitor.post(
        "/complaints/new/", {"csrfmiddlewaretoken": token, "about": "city", "certificate": number, "text": " "}
    )
    assert empty.status_code == 400 and "민원 내용을 적어 주세요." in text_of(empty)
    unknown = visitor.post(
        "/complaints/new/",
        {"csrfmiddlewaretoken": token, "about": "city", "certificate": "NO-SUCH-1", "text": "스마트 쉼터가 고장"},
    )
    assert unknown.status_code == 400
    assert "NO-SUCH-1 번호로 공개된 인증서가 없습니다." in text_of(unknown) and "스마트 쉼터가 고장" in text_of(unknown)
    assert not Complaint.objects.exists()

    sent = visitor.post(
        "/complaints/new/",
        {
            "csrfmiddlewaretoken": token,
            "about": "city",
            "certificate": number,
            "text": "인증 이후 스마트 쉼터 절반이 반년째 고장 나 있습니다.",
        },
    )
    assert sent.status_code == 201
    complaint = Complaint.objects.get()
    assert f"{complaint.pk}번으로 접수되었습니다" in text_of(sent)
    assert complaint.filed_by is None and complaint.name == "" and complaint.certificate is not None

    for outsider in (Client(), logged_in(people.officer)):
        assert outsider.get("/certification/complaints/").status_code in (302, 403)
        assert outsider.get(f"/certification/complaints/{complaint.pk}/").status_code in (302, 403)

    body = logged_in(story.handler)
    assert "이 회차 인증서에 대한 미결 민원 1건" in text_of(body.get(f"/certification/rounds/{story.round.round.pk}/"))
    listing = text_of(body.get("/certification/complaints/"))
    assert "스마트 쉼터" in listing and "접수됨" in listing
    assert body.post(f"/certification/complaints/{complaint.pk}/", {"to": "triaged", "note": ""}).status_code == 400
    body.post(f"/certification/complaints/{complaint.pk}/", {"to": "triaged", "note": "사후심사 담당에게 배정"})
    closed = body.post(
        f"/certification/complaints/{complaint.pk}/", {"to": "closed", "note": "임시 사후심사에서 확인, 시정 요구"}
    )
    assert closed.status_code == 302
    complaint.refresh_from_db()
    assert complaint.state == "closed" and complaint.closed_by == story.handler
    page = text_of(body.get(f"/certification/complaints/{complaint.pk}/"))
    assert "사후심사 담당에게 배정" in page and "임시 사후심사에서 확인, 시정 요구" in page and "종결됨" in page
    assert "이 회차 인증서에 대한 미결 민원 0건" in text_of(body.get(f"/certification/rounds/{story.round.round.pk}/"))
    actions = list(AuditEvent.objects.filter(object_type="complaint").order_by("id").values_list("action", flat=True))
    assert actions == ["complaint.received", "complaint.triaged", "complaint.closed"]
    assert body.post(f"/certification/complaints/{complaint.pk}/", {"to": "closed", "note": "again"}).status_code == 409


def test_a_complaint_about_the_body_needs_no_certificate_and_floods_are_refused(people: People) -> None:
    visitor = Client()
    for _ in range(5):
        answer = visitor.post("/complaints/new/", {"about": "body", "text": "심사 일정이 공지 없이 바뀌었습니다."})
        assert answer.status_code == 201
    sixth = visitor.post("/complaints/new/", {"about": "body", "text": "또 바뀌었습니다."})
    assert sixth.status_code == 429 and "잠시 후 다시 시도해 주세요" in text_of(sixth)
    assert Complaint.objects.count() == 5 and Complaint.objects.filter(about="body", certificate=None).count() == 5
