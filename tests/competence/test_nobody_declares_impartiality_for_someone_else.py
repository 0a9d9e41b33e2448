"""An impartiality declaration is the assessor's own: a colleague or the certifier cannot make it for them, and a
city's officer has no declaration page; the refusals say so."""

from __future__ import annotations

import pytest
from django.test import Client

from citycert.accounts.models import Role
from citycert.competence import workflow
from citycert.competence.models import ImpartialityDeclaration
from tests.certification.story import open_bsi_round
from tests.people import People, person


def test_a_colleague_or_the_certifier_cannot_declare_for_an_assessor(client: Client, people: People) -> None:
    round_ = open_bsi_round(people)
    colleague = person("assessor-2", Role.ASSESSOR)
    with pytest.raises(workflow.Refused, match="assessor-1"):
        workflow.declare_impartiality(people.assessor, round_.pk, "", colleague)
    with pytest.raises(workflow.Refused, match="assessor-1"):
        workflow.declare_impartiality(people.assessor, round_.pk, "", people.certifier)
    assert not ImpartialityDeclaration.objects.exists()

    # The page declares for whoever is signed in, and only for an assessor.
    for who in (people.certifier, people.officer):
        client.force_login(who)
        answer = client.post(f"/competence/rounds/{round_.pk}/declaration/", {"affirm": "on"})
        assert answer.status_code == 403
        assert "공정성 선언은 평가위원이 각자 본인의 것만 합니다." in answer.content.decode()
    assert not ImpartialityDeclaration.objects.exists()

    client.force_login(colleague)
    assert client.post(f"/competence/rounds/{round_.pk}/declaration/", {"affirm": "on"}).status_code == 302
    assert list(ImpartialityDeclaration.objects.values_list("assessor__username", flat=True)) == ["assessor-2"]


def test_a_city_officer_sees_nobodys_declarations(client: Client, people: People) -> None:
    round_ = open_bsi_round(people)
    client.force_login(people.officer)
    answer = client.get(f"/competence/rounds/{round_.pk}/")
    assert answer.status_code == 403
