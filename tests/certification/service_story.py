"""A smart-city service certified under Korea's service scheme (kr-smartcity-service), as the 2024 round did
스마트 자전거 지킴이 솔루션 of 서경산업, running in Seoul's Yangcheon-gu: the certifier records the provider's
self-assessment and application, two assessors score it, the panel agrees, a second certifier decides and the
round is announced. The round is a 2026 one and the levels are the tests' own (the scheme publishes no scores)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.contrib.auth.models import User

from citycert.accounts.models import Role
from citycert.assessments.choices import AssessmentKind, State
from citycert.assessments.models import Assessment
from citycert.assessments.workflow import ResponseInput, clean_response, create_assessment, save_responses, transition
from citycert.certification import workflow
from citycert.certification.announcement import announce_round
from citycert.certification.choices import Outcome
from citycert.certification.models import Application, Certificate, Round
from citycert.cities.models import City, SmartService
from citycert.library.store import find_version
from citycert.scoring.model import compile_framework
from tests.certification.story import review_in_full, second_certifier
from tests.people import People, person, ready_to_sit

SCHEME = "kr-smartcity-service"
# A 2026 round, so that the certificate is valid on the day the tests run (the 2024 one is in the demo).
APPLYING_DAY = date(2026, 7, 15)
DECISION_DAY = date(2026, 11, 20)
ANNOUNCEMENT_DAY = date(2026, 11, 25)


def service_item_ids() -> list[str]:
    return [item.id for item in compile_framework(find_version(SCHEME).framework).items]


def bicycle_guard(people: People) -> SmartService:
    """The bicycle-theft guard of 서경산업, running in Yangcheon-gu (a district of Seoul)."""
    seoul = City.objects.get(code="11000")
    yangcheon = City.objects.create(
        code="11470", name_ko="양천구", name_en="Yangcheon-gu", kind="autonomous_district", parent=seoul
    )
    return SmartService.objects.create(
        city=yangcheon,
        name_ko="스마트 자전거 지킴이 솔루션",
        name_en="Smart bicycle guard",
        provider_ko="서경산업",
        provider_en="Seokyung Industry",
        domain="S02",
    )


def service_self_assessment(service: SmartService, recorder: User, level: str = "4") -> Assessment:
    """The provider's self-assessment as the certifier records it: every indicator at `level`, submitted."""
    assessment = create_assessment(
        service.city, find_version(SCHEME), AssessmentKind.SELF_ASSESSMENT, 2026, recorder, service=service
    )
    changes = {item: clean_response(assessment, item, ResponseInput(value=level)) for item in service_item_ids()}
    save_responses(assessment, changes, recorder)
    return transition(assessment, State.SUBMITTED, recorder)


def open_service_round(people: People) -> Round:
    return workflow.open_round(
        find_version(SCHEME),
        2026,
        name_ko="2026년 스마트도시 서비스 인증",
        name_en="Smart city service certification 2026",
        opens_on=date(2026, 7, 1),
        closes_on=date(2026, 7, 31),
        actor=people.certifier,
    )


@dataclass
class ServiceStory:
    service: SmartService
    round: Round
    application: Application
    certificate: Certificate


def certified_service(people: People) -> ServiceStory:
    """The whole workflow, from the application to the announced certificate; every indicator agreed at 4 of 5
    (80 of 100 points, over the 70 that certify)."""
    service = bicycle_guard(people)
    round_ = open_service_round(people)
    own = service_self_assessment(service, people.certifier)
    application = workflow.apply(round_, own, people.certifier, APPLYING_DAY)
    assessors = [people.assessor, person("assessor-2", Role.ASSESSOR)]
    ready_to_sit(round_, assessors, people.certifier)
    panel = workflow.form_panel(round_, "서비스 패널", assessors, people.certifier)
    application = workflow.assign(application, panel, people.certifier)
    agreed = dict.fromkeys(service_item_ids(), ("4", ""))
    review_in_full(application, agreed)
    workflow.record_consensus(application, agreed, people.certifier)
    workflow.decide(application, Outcome.CERTIFIED, "70점 이상 (80점)", second_certifier(), DECISION_DAY)
    announce_round(round_, people.certifier, ANNOUNCEMENT_DAY)
    application.refresh_from_db()
    return ServiceStory(service, round_, application, Certificate.objects.get(application=application))
