"""The national scheme's rounds of 2021-2025 as the press reported them: every city certified, new or
extended, by year (../shared/reference/korea-certification.md, section 4).

Each round is scored on its own edition of the scheme: 2021 on the 2021 edition (63 indicators), 2022 on the 2022
edition (56), 2023-2025 on the 2023-2025 edition (53, stored as version "2024"). The counts are published, the trees
are reconstructed (citycert/frameworks/library/kr-smartcity-*.yaml), and crosswalks link each earlier edition to the
latest, so a city's history compares across them.

Which cities were certified, and when, is published; their item-level results are not, so each city's
assessment is illustrative (a total within grade 3, the grade all 2021 cities received) and says so. An
extension is a re-review by the same procedure, so it is an application and a certificate of its own year.

The 2021 and 2022 cohorts were extended months after their certificates' expiry dates (2023-12-21 for an expiry
of 2023-09-09, 2024-11-25 for 2024-09-28), with no gap reported. The day they applied is not published: here
each round of extensions takes its applications on the extended cohort's last day to apply (three months before
expiry), so their certificates read "valid, renewal pending" until the extensions are announced.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.contrib.auth.models import User

from citycert.assessments.answers import stored_text
from citycert.assessments.choices import AssessmentKind, State
from citycert.assessments.models import Assessment
from citycert.assessments.workflow import create_assessment, save_responses, transition
from citycert.certification import workflow
from citycert.certification.announcement import announce_round
from citycert.certification.choices import CertificateStatus, Outcome
from citycert.certification.models import Certificate, Panel, Round
from citycert.certification.scheme import stage_ids
from citycert.cities.models import City
from citycert.demo.competence import declare
from citycert.demo.results import illustrative_answers
from citycert.library.store import find_version


@dataclass(frozen=True)
class Year:
    decided: date
    source: str
    new: tuple[str, ...]
    extended: tuple[str, ...] = ()
    # The day the round takes applications (illustrative): the extended cohort's last day to apply, else the
    # decision's day.
    applied: date | None = None
    # The version of kr-smartcity the round scored on: the indicator count changed from 63 (2021) to 56 (2022)
    # to 53 (2023-2025, stored as "2024").
    edition: str = "2024"


YEARS = {
    2021: Year(
        date(2021, 9, 10),
        "smartcity.go.kr 2021-09-10, naeil, asiae",
        ("11000", "27000", "30000", "41190", "41170", "11680", "11530", "11200"),
        edition="2021",
    ),
    2022: Year(
        date(2022, 9, 29),
        "zdnet 2022-09-29, smartcity.go.kr/en",
        ("48250", "41110", "41390", "28000", "51150", "27290", "11740", "11650", "41370"),
        edition="2022",
    ),
    2023: Year(
        date(2023, 12, 21),
        "ajunews 2023-12-21, etoday",
        ("41130", "31000", "27260", "11620", "11710", "11110"),
        extended=("11000", "27000", "30000", "41190", "41170", "11680", "11530", "11200"),
        applied=date(2023, 6, 9),  # the 2021 cohort expired on 2023-09-09
    ),
    2024: Year(
        date(2024, 11, 25),
        "newsis 2024-11-25, economist.co.kr",
        ("41280", "11230", "36000", "41150"),
        extended=("48250", "28000", "51150", "27290", "11740", "11650", "41370"),
        applied=date(2024, 6, 28),  # the 2022 cohort expired on 2024-09-28
    ),
    2025: Year(
        date(2025, 11, 24),
        "YTN, Yonhap, hkbs 2025-11-24",
        ("27000", "41170", "41190", "41110", "11200", "11530", "11680", "11380", "12130"),
        extended=("11000", "41130", "31000", "27260", "11620", "11710", "11110"),
        applied=date(2025, 9, 20),  # the 2023 cohort expires on 2025-12-20
    ),
}


def edition_of(framework: str, year: int) -> str:
    """The framework reference (ID or ID@VERSION) a demo round or result of `year` is scored on: the national
    scheme's rounds of 2021-2025 on their own editions, anything else on the newest stored version."""
    if framework == "kr-smartcity" and year in YEARS:
        return f"{framework}@{YEARS[year].edition}"
    return framework


def load_national_rounds(certifier: User, decider: User, assessors: list[User]) -> list[str]:
    """Every certification of 2021-2025, through the workflow, each round on its own edition; cities already
    decided in a round are skipped. Every assessor submits both stages, `certifier` records the consensus and
    `decider` decides (four eyes)."""
    said = []
    for year, facts in YEARS.items():
        version = find_version(edition_of("kr-smartcity", year))
        round_ = Round.objects.filter(framework_version=version, year=year).first() or workflow.open_round(
            version,
            year,
            name_ko=f"{year}년 {version.name_ko}",
            name_en=f"{version.name_en} {year}",
            opens_on=facts.applied or facts.decided,
            closes_on=facts.applied or facts.decided,
            actor=certifier,
        )
        declare(round_, assessors)
        panel = round_.panels.first() or workflow.form_panel(round_, "패널 A", assessors, certifier)
        added = 0
        for code in dict.fromkeys(facts.new + facts.extended):
            city = City.objects.get(code=code)
            if round_.applications.filter(city=city).exists():
                continue
            extended = code in facts.extended
            how = "extended (re-review)" if extended else "certified"
            source = _assessment(city, version, year, f"{how} in {year} ({facts.source})", extended)
            _certify(round_, panel, source, (certifier, decider), facts.decided, extended)
            added += 1
        if round_.announced_at is None:
            announce_round(round_, certifier, on=facts.decided)
        said.append(f"round {round_}: {added} more certified on {facts.decided}, announced")
    return said


def apply_for_extensions(round_: Round) -> list[str]:
    """Every city whose national certificate is in force on the day `round_` opens and expires before it closes
    applies for its extension that day (illustrative answers): the certificate then reads "valid, renewal pending"
    past its expiry until the round's decision is announced. The cities, by name."""
    version = round_.framework_version
    expiring = Certificate.objects.filter(
        framework_version__framework_id=version.framework_id,
        status=CertificateStatus.VALID,
        issued_on__lte=round_.opens_on,
        expires_on__gte=round_.opens_on,
        expires_on__lte=round_.closes_on,
    ).exclude(city__applications__round=round_)
    applied = []
    for certificate in expiring.select_related("city").order_by("city__code"):
        note = f"extension applied for in {round_.year}, before the certificate {certificate.number} expired"
        source = _assessment(certificate.city, version, round_.year, note, extended=True)
        workflow.apply(round_, source, None, round_.opens_on)
        applied.append(certificate.city.name_ko)
    return applied


def _assessment(city: City, version: object, year: int, note: str, extended: bool) -> Assessment:
    assessment = create_assessment(
        city,
        version,  # type: ignore[arg-type]
        AssessmentKind.RENEWAL if extended else AssessmentKind.CERTIFICATION,
        year,
        None,
        title="National smart city certification",
    )
    assessment.illustrative = True
    edition = assessment.framework_version.version
    assessment.source_note = (
        f"{note}. Scored on the {edition} edition of the national scheme (indicators reconstructed: the official list"
        " is not public). Every item value is illustrative, within grade 3."
    )
    assessment.save(update_fields=["illustrative", "source_note"])
    framework = assessment.framework_version.framework
    answers = illustrative_answers(framework, low=Decimal("0.70"), high=Decimal("0.80"), seed=int(city.code) + year)
    save_responses(
        assessment, {item: {"value": stored_text(a.value)} for item, a in answers.items()}, None, channel="demo"
    )
    return transition(assessment, State.SUBMITTED, None)


def _certify(
    round_: Round, panel: Panel, source: Assessment, body: tuple[User, User], decided: date, extended: bool
) -> None:
    certifier, decider = body
    application = workflow.apply(round_, source, None, round_.opens_on)
    application = workflow.assign(application, panel, certifier)
    values = {r.item_id: (r.value, "") for r in application.frozen.responses.all() if r.value}
    for stage in stage_ids(round_.framework_version.framework):
        for member in panel.memberships.select_related("assessor"):
            sheet = workflow.sheet_for(application, member.assessor, stage)
            workflow.save_scores(sheet, values, member.assessor)
            workflow.submit_sheet(sheet, member.assessor)
    workflow.record_consensus(application, values, certifier)
    reason = "재검토 결과 연장 (예시 점수)" if extended else "서면평가 결과 인증 (예시 점수)"
    workflow.decide(application, Outcome.CERTIFIED, reason, decider, decided)
