"""The registry in the tests' stories: certificates written straight to the database, many at a time, and
reading back which ones a page shows."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

from django.test import Client

from citycert.accounts.memberships import default_body
from citycert.assessments.choices import AssessmentKind, State
from citycert.assessments.models import Assessment
from citycert.certification.choices import ApplicationState, CertificateStatus, Outcome
from citycert.certification.models import Application, Certificate, Decision, Round
from citycert.cities.models import City
from citycert.library.store import find_version
from tests.certification.story import DECISION_DAY, RoundStory, agree, decide, item_ids, round_in_review
from tests.people import People

PREFIXES = {"bsi-iso37106": "BSI-ISO37106", "kr-smartcity": "KR-SC"}


def certificate(
    city: City,
    framework: str,
    issued_on: date,
    *,
    status: str = CertificateStatus.VALID,
    expires_on: date | None = None,
    category: str = "",
    grade: str = "3",
    grade_ko: str = "3등급",
    grade_en: str = "Grade 3",
    number: str = "",
) -> Certificate:
    """A certificate issued on a decided application; the workflow is tested elsewhere, the registry only
    reads what it leaves behind, so here it is written directly, fast enough for dozens."""
    version = find_version(framework)
    round_, _ = Round.objects.get_or_create(
        framework_version=version,
        year=issued_on.year,
        defaults={
            "name_ko": f"{issued_on.year}년 인증",
            "name_en": f"Certification {issued_on.year}",
            "opens_on": issued_on - timedelta(days=90),
            "closes_on": issued_on - timedelta(days=60),
            "body": default_body(),
        },
    )
    source, frozen = (
        Assessment.objects.create(
            city=city,
            framework_version=version,
            kind=AssessmentKind.CERTIFICATION,
            year=issued_on.year,
            state=State.SUBMITTED,
        )
        for _ in range(2)
    )
    application = Application.objects.create(
        round=round_, city=city, category=category, source=source, frozen=frozen, state=ApplicationState.DECIDED
    )
    # Decided and announced on the day of issue: the registry shows only what a public decision issued.
    announced = datetime.combine(issued_on, time(9), tzinfo=UTC)
    Decision.objects.create(
        application=application,
        outcome=Outcome.CERTIFIED,
        reasons="test",
        result={},
        decided_at=announced,
        public_from=announced,
        city_told_from=announced,
    )
    prefix = f"{PREFIXES[framework]}-{issued_on.year}-"
    taken = Certificate.objects.filter(number__startswith=prefix).count()
    return Certificate.objects.create(
        number=number or f"{prefix}{taken + 1:04d}",
        application=application,
        city=city,
        framework_version=version,
        category=category,
        grade=grade,
        grade_ko=grade_ko,
        grade_en=grade_en,
        issued_on=issued_on,
        expires_on=expires_on or issued_on.replace(year=issued_on.year + 3) - timedelta(days=1),
        status=status,
    )


def new_city(index: int) -> City:
    return City.objects.create(
        code=f"9{index:04d}", name_ko=f"시험시{index}", name_en=f"Testville {index}", kind="city"
    )


def numbers_on(html: str) -> list[str]:
    """The certificate numbers a page links to, in the order it shows them."""
    return re.findall(r'href="/certificates/([A-Z0-9][A-Z0-9-]*)/"', html)


def in_english(client: Client) -> Client:
    switched = client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    assert switched.status_code == 302
    return client


@dataclass
class Decided:
    """The 2026 ISO 37106 round with Seocho-gu certified and Hanam-si still in review."""

    round: RoundStory
    decision: Decision
    certificate: Certificate


def seocho_certified(people: People) -> Decided:
    """Both cities applied; the panel agreed on level 3 everywhere (4 for Seocho-gu's vision) and the
    certifier certified Seocho-gu. Hanam-si is left in review."""
    story = round_in_review(people)
    levels = {item: ("4" if item == "BM.vision" else "3", "") for item in item_ids()}
    agree(story.seocho, levels, people.certifier)
    decision = decide(story.seocho, Outcome.CERTIFIED, "모든 항목 3수준 이상", DECISION_DAY)
    decision.refresh_from_db()
    return Decided(story, decision, Certificate.objects.get(application=story.seocho))
