"""The certifier records assessor-1's qualification for the BSI Kitemark scheme, with the training behind it, and
later changes it when the qualification is renewed: the assessors' list, the assessor's record and the audit log
say so, in Korean and English."""

from __future__ import annotations

from datetime import date

from django.conf import settings
from django.test import Client

from citycert.audit.models import AuditEvent
from citycert.competence.models import Qualification
from tests.people import People

QUALIFICATION = {
    "title": "ISO 37106 심사원 (BSI)",
    "schemes": ["bsi-iso37106"],
    "valid_from": "2024-01-01",
    "valid_until": "2026-12-31",
    "training": "ISO 37106 심사원 과정",
    "trained_on": "2023-11-20",
}


def test_the_certifier_records_a_qualification_and_renews_it(client: Client, people: People) -> None:
    client.force_login(people.certifier)
    listing = client.get("/competence/assessors/").content.decode()
    assert "assessor-1" in listing and "기록된 자격이 없습니다." in listing

    recorded = client.post(f"/competence/assessors/{people.assessor.pk}/", QUALIFICATION, follow=True)
    page = recorded.content.decode()
    assert "자격을 기록했습니다." in page
    assert "ISO 37106 심사원 (BSI)" in page
    assert "ISO 37106 스마트시티 성숙도 평가 (BSI 카이트마크)" in page  # the scheme by its name, not its id
    assert "2024-01-01 – 2026-12-31" in page and "ISO 37106 심사원 과정 (2023-11-20)" in page
    qualification = Qualification.objects.get(assessor=people.assessor)
    assert qualification.schemes == ["bsi-iso37106"] and qualification.recorded_by == people.certifier

    # Renewed: valid two more years, after a refresher course.
    form = client.get(f"/competence/qualifications/{qualification.pk}/").content.decode()
    assert 'value="ISO 37106 심사원 (BSI)"' in form and 'value="2026-12-31"' in form
    changed = client.post(
        f"/competence/qualifications/{qualification.pk}/",
        {**QUALIFICATION, "valid_until": "2028-12-31", "training": "ISO 37106 보수 교육", "trained_on": "2026-11-02"},
        follow=True,
    )
    page = changed.content.decode()
    assert (
        "자격을 변경했습니다." in page
        and "2024-01-01 – 2028-12-31" in page
        and "ISO 37106 보수 교육 (2026-11-02)" in page
    )
    qualification.refresh_from_db()
    assert qualification.valid_until == date(2028, 12, 31)

    events = list(AuditEvent.objects.filter(object_type="qualification", object_id=str(qualification.pk)))
    assert [event.action for event in events] == ["qualification.recorded", "qualification.changed"]
    before, after = events[1].before or {}, events[1].after or {}
    assert before["valid_until"] == "2026-12-31" and after["valid_until"] == "2028-12-31"
    assert after["trained_on"] == "2026-11-02" and events[1].actor_name == "certifier"

    # The same record in English.
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    page = client.get(f"/competence/assessors/{people.assessor.pk}/").content.decode()
    assert "Competence of assessor-1" in page
    assert "ISO 37106 smart city maturity assessment (BSI Kitemark)" in page
    assert "Schemes they may assess" in page and "Record a qualification" in page


def test_a_qualification_that_has_ended_reads_not_valid_today(client: Client, people: People) -> None:
    client.force_login(people.certifier)
    client.post(
        f"/competence/assessors/{people.assessor.pk}/",
        {**QUALIFICATION, "valid_from": "2020-01-01", "valid_until": "2022-12-31"},
    )
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    page = client.get("/competence/assessors/").content.decode()
    assert "2020-01-01 – 2022-12-31" in page and "not valid today" in page


def test_changing_nothing_is_said_so(client: Client, people: People) -> None:
    client.force_login(people.certifier)
    client.post(f"/competence/assessors/{people.assessor.pk}/", QUALIFICATION)
    qualification = Qualification.objects.get()
    answer = client.post(f"/competence/qualifications/{qualification.pk}/", QUALIFICATION)
    assert answer.status_code == 409
    assert "바뀐 내용이 없습니다." in answer.content.decode()
    assert AuditEvent.objects.filter(action="qualification.changed").count() == 0
