"""ISO 37106 (BSI Kitemark) certifications as the press published them (published-facts-2026-12, section 1a).

- Daegu, first certification, January 2020: 7 items at level 4, all named, 15 at level 3 (mean 3.3), level 3.
- Sejong, 2020: 6 items at level 5, 13 at level 4, 3 at level 3, level 4. Sejong then let ISO 37106 go (keeping it
  costs 36 million won a year) and took the national certification instead: its certificate lapses at the end of
  2023. One outlet reports a renewal in November 2023, another that the certificate lapsed then; the demo
  follows the second (see SEJONG_LAPSE).
- Hanam, first certification, January 2022 (as before: every item at level 3 or above).
- Suwon, certified December 2022, its surveillance audits held on 2023-12-18/19 and 2024-09-02/05.
- Gimhae, first certification, March 2023: 8 items at level 4 (3 named), 14 at level 3, level 3.
- Seocho, renewed December 2023 at level 4 (level 3 before): 5 items at level 5 and 7 of its 12 at level 4 named,
  5 at level 3 (mean exactly 4.00); its first surveillance in December 2024 found 5 at level 5, 14 at level 4.
  Its certificate runs to December 2026: the ISO 37106 certificate in force today.

Counts, named items and months are published; which unnamed items sit at which level, the days within a month
and the dates of application are not, and each assessment's note says which is which (all are marked
illustrative, since some of their item values are).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date

from django.contrib.auth import get_user_model
from django.contrib.auth.models import User

from citycert.assessments.choices import AssessmentKind, State
from citycert.assessments.models import Assessment
from citycert.assessments.workflow import create_assessment, save_responses, transition
from citycert.certification import workflow
from citycert.certification.choices import Outcome
from citycert.certification.models import Application, Round
from citycert.certification.scheme import stages
from citycert.cities.models import City
from citycert.demo.competence import declare
from citycert.frameworks.schema import Framework
from citycert.library.store import find_version

FRAMEWORK = "bsi-iso37106"
SEJONG_LAPSE = (
    "Joongdo Ilbo 2023-11-01 reports a renewal in November 2023 (13 items at level 5); Hankook Ilbo 2024-12-02 "
    "says Sejong did not renew ISO 37106 (36 million won a year; level 5 judged out of reach), its certificate "
    "lapsing at the end of 2023, and took the national certification in 2024. The demo follows the latter: no "
    "renewal, so the 2020 certificate has lapsed."
)


@dataclass(frozen=True)
class Audit:
    """A surveillance audit held on `held`, with the levels found (counts per level, named items at theirs)."""

    schedule_id: str
    held: date
    counts: Mapping[int, int]
    named: Mapping[str, int] = field(default_factory=dict)


@dataclass(frozen=True)
class Certified:
    """A city's certification as the press reported it."""

    city: str
    kind: str
    title: str
    applied: date
    decided: date
    counts: Mapping[int, int]  # how many items at each level (published)
    named: Mapping[str, int]  # items the press names, at their level
    source: str
    audits: tuple[Audit, ...] = ()


SEOCHO_2023_NAMED = {
    # Level 5, all five named (Shinailbo and Global Epic, 2023-12-21).
    "CSM.integrated-service": 5,
    "TDAM.identity-privacy": 5,
    "CSM.digital-inclusion": 5,
    "TDAM.infrastructure": 5,
    "TDAM.physical-asset-mapping": 5,
    # Level 4, seven of the twelve named.
    "BM.vision": 4,
    "BM.leadership": 4,
    "BM.accountability": 4,
    "BM.governance": 4,
    "BM.capability": 4,
    "BM.smart-data-investment": 4,
    "BM.intercity": 4,
}
DAEGU_2020_NAMED = dict.fromkeys(
    [
        "BM.smart-data-investment",
        "BM.leadership",
        "BM.engagement",
        "BM.partnership",
        "BM.intercity",
        "TDAM.infrastructure",
        "TDAM.it-architecture",
    ],
    4,
)

DAEGU = Certified(
    "27000",
    AssessmentKind.CERTIFICATION,
    "ISO 37106 first certification",
    date(2019, 11, 18),
    date(2020, 1, 22),
    {4: 7, 3: 15},
    DAEGU_2020_NAMED,
    "Newsis, Maeil Shinmun and Dong-A Ilbo 2020-01-22: level 3, mean 3.3; 7 items at level 4, all named (5 in "
    "strategy management, 2 in digital and physical asset management), the other 15 at level 3. The day of the "
    "decision is the reports' day; the application date is illustrative.",
)
SEJONG = Certified(
    "36000",
    AssessmentKind.RENEWAL,
    "ISO 37106 renewal",
    date(2020, 11, 2),
    date(2020, 12, 30),
    {5: 6, 4: 13, 3: 3},
    {},
    "Sejong Focus no. 14189: level 4 in 2020, 6 items at level 5, 13 at level 4 (so 3 at level 3). Which items "
    "sit at which level, and the days, are illustrative. " + SEJONG_LAPSE,
)
SUWON = Certified(
    "41110",
    AssessmentKind.CERTIFICATION,
    "ISO 37106 first certification",
    date(2022, 10, 17),
    date(2022, 12, 16),
    {3: 22},
    {},
    "Newswin no. 60038, Moneys 2023-03-31, Newspim 2024-09-11: certified in December 2022 (certificate handed "
    "over 2023-03-30); surveillance audits on 2023-12-18/19 (Suwon's 'year 2') and 2024-09-02/05 ('year 3'), "
    "about 21 months in. Item levels are not published: every item at level 3 is illustrative, as are the days "
    "of application and decision.",
    audits=(
        Audit("surveillance-1", date(2023, 12, 19), {3: 22}),
        Audit("surveillance-2", date(2024, 9, 5), {3: 22}),
    ),
)
GIMHAE = Certified(
    "48250",
    AssessmentKind.CERTIFICATION,
    "ISO 37106 first certification",
    date(2023, 1, 16),
    date(2023, 3, 30),
    {4: 8, 3: 14},
    {"BM.capability": 4, "TDAM.infrastructure": 4, "CSM.digital-inclusion": 4},
    "Asia Economy 2023-03-30: level 3; 8 items at level 4 (capability, smart city development and infrastructure, "
    "digital inclusion and channel management named), all 22 at level 3 or above. The other 5 items at level 4 "
    "and the application date are illustrative.",
)
SEOCHO = Certified(
    "11650",
    AssessmentKind.RENEWAL,
    "ISO 37106 renewal",
    date(2023, 11, 20),
    date(2023, 12, 21),
    {5: 5, 4: 12, 3: 5},
    SEOCHO_2023_NAMED,
    "Shinailbo and Global Epic 2023-12-21: renewed at level 4 (level 3 before); 5 items at level 5, all named; "
    "12 at level 4, 7 named (city vision, leadership, accountability, governance, capability, investment in smart "
    "data, inter-city collaboration); so 5 at level 3. Which 5 other items are at level 4 is illustrative. "
    "First surveillance, December 2024 (Segye Ilbo 2025-01-07, Headline114 no. 44469): 5 at level 5, 14 at "
    "level 4; its day is illustrative.",
    audits=(Audit("surveillance-1", date(2024, 12, 20), {5: 5, 4: 14, 3: 3}, SEOCHO_2023_NAMED),),
)
# Rounds by year; BSI certifies all year, so a year's round takes each city on its own dates. Hanam's 2022
# certification is the press case the demo loads with its assessment (load.PUBLISHED).
ROUNDS: dict[int, list[Certified]] = {2020: [DAEGU, SEJONG], 2022: [SUWON], 2023: [GIMHAE, SEOCHO]}
HANAM = ("41450", 2022, date(2021, 11, 1), date(2022, 1, 19))


def levels_for(framework: Framework, counts: Mapping[int, int], named: Mapping[str, int]) -> dict[str, int]:
    """Every item's level: the named items at theirs, the others filled in the framework's order so that the
    counts per level come out as published (the higher levels first)."""
    items = [node.id for node in framework.nodes if node.assessable]
    unknown = set(named) - set(items)
    if unknown:
        raise ValueError(f"not items of {framework.key}: {sorted(unknown)}")
    left = dict(counts)
    for level in named.values():
        left[level] = left.get(level, 0) - 1
    if any(count < 0 for count in left.values()) or sum(left.values()) != len(items) - len(named):
        raise ValueError(f"the named items do not fit the counts {dict(counts)}")
    pool = [level for level in sorted(left, reverse=True) for _ in range(left[level])]
    return {item: named[item] if item in named else pool.pop(0) for item in items}


def load_iso37106_rounds(certifier: User, decider: User, assessors: list[User]) -> list[str]:
    """The finished ISO 37106 rounds of 2020, 2022 and 2023, decided on their published dates."""
    version = find_version(FRAMEWORK)
    said = []
    for year, entries in ROUNDS.items():
        opens = min(entry.applied for entry in entries)
        closes = max(entry.applied for entry in entries)
        if year == HANAM[1]:
            opens = min(opens, HANAM[2])
        round_ = workflow.open_round(
            version,
            year,
            name_ko=f"{year}년 {version.name_ko}",
            name_en=f"{version.name_en} {year}",
            opens_on=opens,
            closes_on=closes,
            actor=certifier,
        )
        declare(round_, assessors)
        panel = workflow.form_panel(round_, "패널 A", assessors, certifier, common=assessors[:1])
        decisions: list[tuple[date, Certified | None]] = [(entry.decided, entry) for entry in entries]
        if year == HANAM[1]:
            decisions.append((HANAM[3], None))
        for _, entry in sorted(decisions, key=lambda pair: pair[0]):
            if entry is None:
                hanam = Assessment.objects.get(
                    city__code=HANAM[0], framework_version=version, year=HANAM[1], illustrative=True
                )
                _certify(round_, panel, hanam, HANAM[2], HANAM[3], hanam.source_note, certifier, decider, assessors)
                said.append(f"round {round_}: 하남시 certified on {HANAM[3]}")
                continue
            source = _assessment(entry, year)
            application = _certify(
                round_, panel, source, entry.applied, entry.decided, entry.source, certifier, decider, assessors
            )
            _audits(application, entry, assessors[1])
            said.append(f"round {round_}: {source.city.name_ko} certified on {entry.decided}")
    return said


def _assessment(entry: Certified, year: int) -> Assessment:
    city = City.objects.get(code=entry.city)
    version = find_version(FRAMEWORK)
    assessment = create_assessment(city, version, entry.kind, year, None, title=entry.title)
    assessment.illustrative = True
    assessment.source_note = entry.source
    assessment.save(update_fields=["illustrative", "source_note"])
    levels = levels_for(version.framework, entry.counts, entry.named)
    save_responses(assessment, {item: {"value": str(level)} for item, level in levels.items()}, None, channel="demo")
    transition(assessment, State.SUBMITTED, None)
    return assessment


def _certify(
    round_: Round,
    panel: object,
    source: Assessment,
    applied: date,
    decided: date,
    reasons: str,
    certifier: User,
    decider: User,
    assessors: list[User],
) -> Application:
    """Apply, review every stage with every assessor, record the consensus and decide (four eyes)."""
    officer = get_user_model().objects.filter(memberships__city__code=source.city.code).first()
    application = workflow.apply(round_, source, officer, applied)
    application = workflow.assign(application, panel, certifier)  # type: ignore[arg-type]
    values = {r.item_id: r.value for r in application.frozen.responses.all() if r.value}
    for stage in stages(round_.framework_version.framework):
        for assessor in assessors:
            sheet = workflow.sheet_for(application, assessor, stage.id)
            workflow.save_scores(sheet, {item: (value, "") for item, value in values.items()}, assessor)
            workflow.submit_sheet(sheet, assessor)
    workflow.record_consensus(application, {item: (value, "심사 합의") for item, value in values.items()}, certifier)
    workflow.decide(application, Outcome.CERTIFIED, reasons, decider, decided)
    application.refresh_from_db()
    return application


def _audits(application: Application, entry: Certified, assessor: User) -> None:
    certificate = application.certificate
    assert certificate is not None
    framework = certificate.framework_version.framework
    for audit in entry.audits:
        levels = levels_for(framework, audit.counts, audit.named)
        due = certificate.due.get(schedule_id=audit.schedule_id)
        workflow.record_surveillance(due, {item: str(level) for item, level in levels.items()}, assessor, audit.held)
