"""A service's application is recorded by the certifying body from what its provider submits (citycert keeps no
accounts for companies, and the city where the service runs is not its applicant). The officer of that city
cannot see, change or apply with the service's assessment; a city's own assessment cannot enter a service
round, nor a service's a city round; a service applies once per round. Each refusal says why, in Korean and
English."""

from __future__ import annotations

import pytest
from django.utils import translation

from citycert.accounts.models import Role
from citycert.assessments.choices import AssessmentKind
from citycert.assessments.workflow import TransitionRefused, create_assessment
from citycert.certification import workflow
from citycert.certification.models import Application
from citycert.library.store import find_version
from citycert.permissions import can_apply, can_edit_assessment, can_view_assessment
from tests.certification.service_story import (
    APPLYING_DAY,
    SCHEME,
    bicycle_guard,
    open_service_round,
    service_self_assessment,
)
from tests.certification.story import open_bsi_round
from tests.people import People, person


def test_the_officer_of_the_city_where_it_runs_is_refused(people: People) -> None:
    service = bicycle_guard(people)
    yangcheon_officer = person("officer-yangcheon", Role.CITY_OFFICER, service.city)
    own = service_self_assessment(service, people.certifier)
    round_ = open_service_round(people)
    assert not can_view_assessment(yangcheon_officer, own) and not can_apply(yangcheon_officer, own)
    assert can_apply(people.certifier, own)
    with pytest.raises(workflow.Refused) as refused:
        workflow.apply(round_, own, yangcheon_officer, APPLYING_DAY)
    assert "recorded by the certifying body from what its provider submits" in str(refused.value)
    with translation.override("ko"), pytest.raises(workflow.Refused) as refused:
        workflow.apply(round_, own, yangcheon_officer, APPLYING_DAY)
    assert "서비스의 인증 신청은 인증기관이 공급기업의 제출 서류로 등록합니다" in str(refused.value)
    assert not Application.objects.exists()


def test_the_officer_cannot_change_the_services_draft_but_the_certifier_can(people: People) -> None:
    service = bicycle_guard(people)
    yangcheon_officer = person("officer-yangcheon", Role.CITY_OFFICER, service.city)
    draft = create_assessment(
        service.city, find_version(SCHEME), AssessmentKind.SELF_ASSESSMENT, 2026, people.certifier, service=service
    )
    assert not can_edit_assessment(yangcheon_officer, draft) and not can_view_assessment(yangcheon_officer, draft)
    assert can_edit_assessment(people.certifier, draft)


def test_a_service_is_assessed_in_the_city_where_it_runs(people: People) -> None:
    service = bicycle_guard(people)
    with translation.override("en"), pytest.raises(TransitionRefused) as refused:
        create_assessment(
            people.hanam, find_version(SCHEME), AssessmentKind.SELF_ASSESSMENT, 2026, people.certifier, service=service
        )
    assert str(refused.value) == "Smart bicycle guard runs in Yangcheon-gu, not in Hanam-si."


def test_the_wrong_kind_of_applicant_is_refused_either_way(people: People) -> None:
    service = bicycle_guard(people)
    service_round = open_service_round(people)
    city_own = create_assessment(
        people.seocho, find_version(SCHEME), AssessmentKind.SELF_ASSESSMENT, 2026, people.certifier
    )
    city_own.state = "submitted"
    city_own.save()
    with translation.override("en"), pytest.raises(workflow.Refused) as refused:
        workflow.apply(service_round, city_own, people.certifier, APPLYING_DAY)
    assert "This round certifies smart-city services; the assessment is a city's own." in str(refused.value)
    with translation.override("ko"), pytest.raises(workflow.Refused) as refused:
        workflow.apply(service_round, city_own, people.certifier, APPLYING_DAY)
    assert "이 공모는 스마트도시 서비스를 인증합니다" in str(refused.value)

    bsi_round = open_bsi_round(people)
    services_bsi = create_assessment(
        service.city,
        find_version("bsi-iso37106"),
        AssessmentKind.SELF_ASSESSMENT,
        2026,
        people.certifier,
        service=service,
    )
    services_bsi.state = "submitted"
    services_bsi.save()
    with translation.override("en"), pytest.raises(workflow.Refused) as refused:
        workflow.apply(bsi_round, services_bsi, people.certifier, bsi_round.opens_on)
    assert "This round certifies cities; the assessment is a service's." in str(refused.value)


def test_a_service_applies_once_per_round(people: People) -> None:
    service = bicycle_guard(people)
    round_ = open_service_round(people)
    workflow.apply(round_, service_self_assessment(service, people.certifier), people.certifier, APPLYING_DAY)
    again = service_self_assessment(service, people.certifier, level="5")
    with translation.override("en"), pytest.raises(workflow.Refused) as refused:
        workflow.apply(round_, again, people.certifier, APPLYING_DAY)
    assert str(refused.value) == "Smart bicycle guard has already applied to this round."
    # Another service of the same city may apply to the same round.
    other = type(service).objects.create(
        city=service.city, name_ko="스마트 맨홀", name_en="Smart manhole", provider_ko="다른 회사", domain="S06"
    )
    workflow.apply(round_, service_self_assessment(other, people.certifier), people.certifier, APPLYING_DAY)
    assert Application.objects.filter(round=round_).count() == 2
