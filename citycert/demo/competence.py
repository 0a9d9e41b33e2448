"""The demo assessors' competence: each qualified by the certifying body for the schemes the demo's rounds use, with
the training behind it, and each declared impartial for every round before sitting on its panel, dated the day the
round opened."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime, time

from django.contrib.auth.models import User
from django.utils import timezone

from citycert.certification.models import Round
from citycert.competence.models import ImpartialityDeclaration, Qualification
from citycert.competence.workflow import QualificationInput, declare_impartiality, record_qualification

SCHEMES = ["bsi-iso37106", "kr-smartcity", "kr-smartcity-service"]
QUALIFICATIONS = {
    "assessor-1": (
        "스마트도시 인증 선임 평가위원 (ISO 37106 심사원 자격)",
        "ISO 37106 심사원 과정 (BSI)",
        date(2019, 11, 20),
    ),
    "assessor-2": (
        "스마트도시 인증 평가위원 (국토교통부 위촉)",
        "스마트도시 인증 평가위원 교육 (국토교통부)",
        date(2019, 12, 5),
    ),
    "assessor-3": (
        "스마트도시 인증 평가위원 (국토교통부 위촉)",
        "스마트도시 인증 평가위원 교육 (국토교통부)",
        date(2019, 12, 5),
    ),
}
# What an assessor lists when declaring for a round of 2025 or later (the demo's one tie: assessor-3 advised Seoul in
# 2025, and declared a conflict with it).
INTERESTS = {"assessor-3": "2025년 서울시 스마트도시 자문위원 (서울특별시의 신청은 심사하지 않음)"}
INTERESTS_FROM = 2025


def qualify(assessors: Iterable[User], certifier: User) -> None:
    """Each demo assessor's qualification, recorded by the certifying body, from 2020 with no end."""
    for assessor in assessors:
        if Qualification.objects.filter(assessor=assessor).exists():
            continue
        title, training, trained_on = QUALIFICATIONS.get(
            assessor.username, ("스마트도시 인증 평가위원", "스마트도시 인증 평가위원 교육", date(2019, 12, 5))
        )
        record_qualification(
            assessor,
            QualificationInput(
                title=title, schemes=SCHEMES, valid_from=date(2020, 1, 1), training=training, trained_on=trained_on
            ),
            certifier,
        )


def declare(round_: Round, assessors: Iterable[User]) -> None:
    """Each assessor's impartiality declaration for the round, dated the morning the round opened."""
    at = timezone.make_aware(datetime.combine(round_.opens_on, time(9, 0)))
    for assessor in assessors:
        if not ImpartialityDeclaration.objects.filter(assessor=assessor, round=round_).exists():
            interests = INTERESTS.get(assessor.username, "") if round_.year >= INTERESTS_FROM else ""
            declare_impartiality(assessor, round_.pk, interests, assessor, at=at)
