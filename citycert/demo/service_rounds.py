"""Korea's smart-city service certification (kr-smartcity-service) as the press reported it: the 2024 round
certified one service, 서경산업's 스마트 자전거 지킴이 솔루션 (transport), announced with the cities on 2024-11-25
(MOLIT release via fmebs, newsis). No 2025 service result was found.

The service, its provider and the year are published; where it runs is our reading (Yangcheon-gu, whose bicycle
guard zones opened in 2023), and its points are not published: every indicator's value here is illustrative
(a total between 70 and 80 of 100) and says so. The certifying body records the application, as it does for every
service (citycert keeps no accounts for companies)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from django.contrib.auth.models import User

from citycert.assessments.answers import stored_text
from citycert.assessments.choices import AssessmentKind, State
from citycert.assessments.workflow import create_assessment, save_responses, transition
from citycert.certification import workflow
from citycert.certification.announcement import announce_round
from citycert.certification.choices import Outcome
from citycert.certification.models import Round
from citycert.certification.scheme import stage_ids
from citycert.cities.models import City, SmartService
from citycert.demo.competence import declare
from citycert.demo.results import illustrative_answers
from citycert.library.store import find_version

SCHEME = "kr-smartcity-service"
ANNOUNCED_2024 = date(2024, 11, 25)
SOURCE_2024 = (
    "MOLIT release 2024-11-25 (fmebs https://www.fmebs.com/content.asp?idx=40377; newsis 2024-11-25): "
    "스마트 자전거 지킴이 솔루션 (서경산업, transport) certified as a smart-city service in 2024"
)


def bicycle_guard() -> SmartService:
    """The certified service, in Yangcheon-gu (our reading: the releases name only the provider)."""
    service, _ = SmartService.objects.get_or_create(
        city=City.objects.get(code="11470"),
        name_ko="스마트 자전거 지킴이 솔루션",
        defaults={
            "name_en": "Smart bicycle guard",
            "provider_ko": "서경산업",
            # Our romanisation: no English name of the company was found.
            "provider_en": "Seokyung Industry",
            "domain": "S02",
            "since": 2023,
            "scale_ko": "목동 학원가 자전거 지킴이존 4곳, RFID 경로분석 지점 15곳",
            "scale_en": "4 bicycle guard zones around Mokdong's academies, 15 RFID tracking points",
            "description_ko": (
                "전자칩을 넣은 자전거 번호판을 RFID 안테나와 카메라가 알아보고, 등록한 자전거가 지킴이존에 "
                "드나들면 소유자의 휴대전화로 알립니다. 기록은 통합관제센터와 경찰서로 바로 넘어가 도난 자전거를 "
                "찾는 데 쓰입니다."
            ),
            "description_en": (
                "RFID antennas and cameras read a chip in a registered bicycle's number plate; the owner's phone is "
                "told when it enters or leaves a guard zone, and the records go straight to the district's "
                "operations centre and the police to trace stolen bicycles."
            ),
            "source": "sedaily https://sedaily.com/NewsView/29W691KV8U ; fmebs 2024-11-25",
        },
    )
    return service


def load_service_rounds(certifier: User, decider: User, assessors: list[User]) -> list[str]:
    """The 2024 service round with its one certified service, through the workflow: the certifier records the
    application, every assessor submits, the certifier records the consensus and `decider` decides."""
    version = find_version(SCHEME)
    if Round.objects.filter(framework_version=version, year=2024).exists():
        return ["service certification 2024: already there"]
    service = bicycle_guard()
    round_ = workflow.open_round(
        version,
        2024,
        name_ko="2024년 스마트도시 서비스 인증",
        name_en="Smart city service certification 2024",
        opens_on=date(2024, 7, 1),
        closes_on=date(2024, 8, 30),
        actor=certifier,
    )
    declare(round_, assessors)
    panel = workflow.form_panel(round_, "서비스 패널", assessors, certifier)
    assessment = create_assessment(
        service.city, version, AssessmentKind.CERTIFICATION, 2024, certifier, service=service
    )
    assessment.illustrative = True
    assessment.source_note = f"{SOURCE_2024}. Every indicator value is illustrative (70-80 of 100 points)."
    assessment.save(update_fields=["illustrative", "source_note"])
    answers = illustrative_answers(version.framework, low=Decimal("0.70"), high=Decimal("0.80"), seed=11470 + 2024)
    save_responses(
        assessment, {item: {"value": stored_text(a.value)} for item, a in answers.items()}, certifier, channel="demo"
    )
    transition(assessment, State.SUBMITTED, certifier)
    application = workflow.apply(round_, assessment, certifier, date(2024, 8, 30))
    application = workflow.assign(application, panel, certifier)
    values = {r.item_id: (r.value, "") for r in application.frozen.responses.all() if r.value}
    for stage in stage_ids(version.framework):
        for member in panel.memberships.select_related("assessor"):
            sheet = workflow.sheet_for(application, member.assessor, stage)
            workflow.save_scores(sheet, values, member.assessor)
            workflow.submit_sheet(sheet, member.assessor)
    workflow.record_consensus(application, values, certifier)
    workflow.decide(application, Outcome.CERTIFIED, "서면평가 결과 인증 (예시 점수)", decider, ANNOUNCED_2024)
    announce_round(round_, certifier, on=ANNOUNCED_2024)
    return [f"round {round_}: {service.name_ko} ({service.provider_ko}) certified on {ANNOUNCED_2024}, announced"]
