"""Guard rails on the competence record: an assessor reads their own qualifications but may not record one, nor read
a colleague's; a city's officer reads none; the refusals say why."""

from __future__ import annotations

from datetime import date

import pytest
from django.test import Client

from citycert.accounts.models import Role
from citycert.competence import workflow
from citycert.competence.models import Qualification
from tests.people import People, person

GIVEN = workflow.QualificationInput(
    title="스마트도시 인증 평가위원", schemes=["kr-smartcity"], valid_from=date(2024, 1, 1)
)
SENT = {"title": "스마트도시 인증 평가위원", "schemes": ["kr-smartcity"], "valid_from": "2024-01-01"}


def test_an_assessor_reads_their_own_record_and_may_not_record_anything(client: Client, people: People) -> None:
    workflow.record_qualification(people.assessor, GIVEN, people.certifier)
    colleague = person("assessor-2", Role.ASSESSOR)
    client.force_login(people.assessor)

    own = client.get("/competence/", follow=True)
    page = own.content.decode()
    assert own.status_code == 200 and "assessor-1 평가위원 역량" in page and "스마트도시 인증 평가위원" in page
    assert "자격 기록하기" not in page  # no form to record one

    refused = client.post(f"/competence/assessors/{people.assessor.pk}/", SENT)
    assert refused.status_code == 403
    assert "평가위원의 자격은 인증기관만 기록하고 열람합니다." in refused.content.decode()
    assert client.get(f"/competence/qualifications/{Qualification.objects.get().pk}/").status_code == 403
    other = client.get(f"/competence/assessors/{colleague.pk}/")
    assert (
        other.status_code == 403
        and "평가위원의 역량 기록은 본인과 인증기관만 볼 수 있습니다." in other.content.decode()
    )
    assert client.get("/competence/assessors/").status_code == 403
    assert Qualification.objects.count() == 1

    with pytest.raises(workflow.Refused, match="인증기관만"):
        workflow.record_qualification(colleague, GIVEN, people.assessor)


def test_a_city_officer_reads_no_assessors_qualifications(client: Client, people: People) -> None:
    workflow.record_qualification(people.assessor, GIVEN, people.certifier)
    client.force_login(people.officer)
    for url in ("/competence/", "/competence/assessors/", f"/competence/assessors/{people.assessor.pk}/"):
        answer = client.get(url)
        assert answer.status_code == 403, url
        assert "스마트도시 인증 평가위원" not in answer.content.decode()
    assert client.post(f"/competence/assessors/{people.assessor.pk}/", SENT).status_code == 403
    assert Qualification.objects.count() == 1


def test_only_an_assessor_gets_a_qualification(people: People) -> None:
    with pytest.raises(workflow.Refused, match="officer-seocho"):
        workflow.record_qualification(people.officer, GIVEN, people.certifier)
    assert not Qualification.objects.exists()
