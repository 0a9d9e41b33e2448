"""Assessor-1 declares, for the ISO 37106 round of 2026, that nothing keeps them from judging its cities impartially
but one tie they list: the page shows the statement, refuses a declaration without its box ticked (keeping what was
typed), dates the one made and refuses a second; the certifier sees, for the round, who is qualified and who has
declared, with the interests listed."""

from __future__ import annotations

from datetime import date

from django.conf import settings
from django.test import Client
from django.utils import timezone

from citycert.accounts.models import Role
from citycert.audit.models import AuditEvent
from citycert.competence import workflow
from citycert.competence.models import ImpartialityDeclaration
from tests.certification.story import open_bsi_round
from tests.people import People, person

TIE = "2023년 하남시 스마트도시 계획 자문 (종료)"


def test_an_assessor_declares_once_and_the_certifier_sees_who_declared(client: Client, people: People) -> None:
    round_ = open_bsi_round(people)
    person("assessor-2", Role.ASSESSOR)
    workflow.record_qualification(
        people.assessor,
        workflow.QualificationInput(title="ISO 37106 심사원", schemes=["bsi-iso37106"], valid_from=date(2024, 1, 1)),
        people.certifier,
    )
    client.force_login(people.assessor)
    record = client.get("/competence/", follow=True).content.decode()
    assert "공정성 선언을 할 공모:" in record and "2026년 ISO 37106 인증" in record
    assert f'href="/competence/rounds/{round_.pk}/declaration/"' in record

    url = f"/competence/rounds/{round_.pk}/declaration/"
    page = client.get(url).content.decode()
    assert "이 공모에 신청한 도시나 서비스와 공정성을 해칠 수 있는" in page and "위와 같이 선언합니다." in page

    forgot = client.post(url, {"interests": TIE})
    assert forgot.status_code == 400
    page = forgot.content.decode()
    assert 'id="id_affirm_error"' in page and "선언하려면 확인란을 선택하십시오." in page and TIE in page
    assert not ImpartialityDeclaration.objects.exists()

    made = client.post(url, {"interests": TIE, "affirm": "on"}, follow=True)
    page = made.content.decode()
    today = timezone.localdate().isoformat()
    assert "2026년 ISO 37106 인증 공정성 선언을 했습니다." in page
    assert f"{today}" in page and "에 이 선언을 했습니다." in page and TIE in page
    declaration = ImpartialityDeclaration.objects.get()
    assert declaration.assessor == people.assessor and declaration.round == round_ and declaration.interests == TIE
    assert "I declare that I have no commercial" in declaration.statement and "본인은" in declaration.statement
    event = AuditEvent.objects.get(action="impartiality.declared")
    after = event.after or {}
    assert event.actor_name == "assessor-1" and after["interests"] == TIE and after["round"] == round_.pk

    again = client.post(url, {"interests": "", "affirm": "on"})
    assert again.status_code == 409
    assert f"이 공모에 대한 공정성 선언은 {today}에 이미 하셨습니다." in again.content.decode()
    assert ImpartialityDeclaration.objects.count() == 1
    record = client.get(f"/competence/assessors/{people.assessor.pk}/").content.decode()
    assert f"{today} 선언" in record and "선언을 기다리는 진행 중인 공모가 없습니다." in record

    # The certifier, before forming the round's panels.
    client.force_login(people.certifier)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    round_page = client.get(f"/certification/rounds/{round_.pk}/").content.decode()
    assert f'href="/competence/rounds/{round_.pk}/"' in round_page
    page = client.get(f"/competence/rounds/{round_.pk}/").content.decode()
    row_1 = page[page.index("assessor-1") : page.index("assessor-2")]
    assert "ISO 37106 심사원" in row_1 and f"declared on {today}" in row_1 and f"interests listed: {TIE}" in row_1
    row_2 = page[page.index("assessor-2") :]
    assert "not qualified" in row_2 and "not declared" in row_2


def test_the_declaration_page_reads_in_english(client: Client, people: People) -> None:
    round_ = open_bsi_round(people)
    client.force_login(people.assessor)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    page = client.get(f"/competence/rounds/{round_.pk}/declaration/").content.decode()
    assert "Impartiality declaration" in page and "ISO 37106 certification 2026" in page
    assert "I declare that I have no commercial, financial or other interest" in page
    assert "Interests or ties that could affect your impartiality in this round (leave empty if none)" in page
    made = client.post(f"/competence/rounds/{round_.pk}/declaration/", {"affirm": "on"}, follow=True)
    assert "You listed no interests." in made.content.decode()
