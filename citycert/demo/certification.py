"""The demo's certification rounds: finished ones from the published results, and two in progress.

Finished: the national scheme's 2021 and 2022 rounds (Seoul, Seongdong-gu, Guro-gu; Dalseo-gu), whose
certificates have expired since, and ISO 37106's rounds as published (iso37106_rounds: Daegu and Sejong 2020,
Hanam-si and Suwon 2022, Gimhae and Seocho-gu 2023, whose 2023-12 renewal is the real certificate in force).
One round, marked illustrative in its name, leaves another certificate in force: Hanam-si's ISO 37106 renewal
of 2025, with a surveillance audit coming due. In progress: the national scheme's round of the year the demo is loaded (open for applications, Seongdong-gu in
document review, a request to the city open, and the extensions of the certificates expiring while it is open
applied for on its first day) and ISO 37106's round of that year (open, a panel formed, one
assessor conflicted with Seoul).

Every step goes through the certification workflow, so the audit log holds all of it: every assessor submits
every stage, `certifier` records the consensus and `certifier-2`, who took no part in it, decides (four eyes).
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, timedelta

from django.contrib.auth import get_user_model
from django.contrib.auth.models import User
from django.utils import timezone

from citycert.assessments.choices import AssessmentKind, State
from citycert.assessments.models import Assessment
from citycert.assessments.workflow import start_from, transition
from citycert.certification import workflow
from citycert.certification.choices import Outcome
from citycert.certification.models import Application, Round
from citycert.certification.scheme import deciding_stage, stages
from citycert.cities.models import City
from citycert.demo.competence import declare, qualify
from citycert.demo.iso37106_rounds import load_iso37106_rounds
from citycert.demo.national_rounds import apply_for_extensions, edition_of, load_national_rounds
from citycert.demo.service_rounds import load_service_rounds
from citycert.library.store import find_version

ILLUSTRATIVE_RENEWAL = "Illustrative: a renewal made up for the demo from the published result it starts from."


def load_rounds() -> list[str]:
    if Round.objects.exists():
        return ["certification rounds: already there"]
    users = get_user_model()
    certifier = users.objects.get(username="certifier")
    decider = users.objects.get(username="certifier-2")
    assessors = list(users.objects.filter(username__in=["assessor-1", "assessor-2", "assessor-3"]).order_by("username"))
    qualify(assessors, certifier)
    said = [
        _finished("kr-smartcity", 2021, ["11000", "11200", "11530"], date(2021, 6, 28), date(2021, 9, 10)),
        _finished("kr-smartcity", 2022, ["27290"], date(2022, 8, 17), date(2022, 9, 29)),
    ]
    # ISO 37106 as published: Daegu and Sejong 2020, Hanam and Suwon 2022, Gimhae and Seocho 2023.
    said += load_iso37106_rounds(certifier, decider, assessors)
    said += load_national_rounds(certifier, decider, assessors)
    said += load_service_rounds(certifier, decider, assessors)
    said.append(_hanam_renewal(certifier, decider, assessors))
    said += _in_progress(certifier, assessors)
    return said


def _published(code: str, framework: str, year: int) -> Assessment:
    return Assessment.objects.get(
        city__code=code, framework_version__framework_id=framework, year=year, illustrative=True
    )


def _round(framework: str, year: int, opens: date, closes: date, certifier: User, note: str = "") -> Round:
    version = find_version(edition_of(framework, year))
    return workflow.open_round(
        version,
        year,
        name_ko=f"{year}년 {version.name_ko}{note and ' (' + note + ')'}",
        name_en=f"{version.name_en} {year}{note and ' (illustrative)'}",
        opens_on=opens,
        closes_on=closes,
        actor=certifier,
    )


def _panel(round_: Round, assessors: list[User], certifier: User, name: str = "패널 A") -> object:
    declare(round_, assessors)
    return workflow.form_panel(round_, name, assessors, certifier, common=assessors[:1])


def _score_all(application: Application, assessors: Iterable[User], stage: str) -> None:
    """Every assessor gives the city's own answers as their scores (the published result) and submits."""
    values = {response.item_id: response.value for response in application.frozen.responses.all() if response.value}
    for assessor in assessors:
        sheet = workflow.sheet_for(application, assessor, stage)
        workflow.save_scores(sheet, {item: (value, "") for item, value in values.items()}, assessor)
        workflow.submit_sheet(sheet, assessor)


def _finished(framework: str, year: int, codes: list[str], applied: date, decided: date) -> str:
    users = get_user_model()
    certifier = users.objects.get(username="certifier")
    assessors = list(users.objects.filter(username__in=["assessor-1", "assessor-2", "assessor-3"]).order_by("username"))
    round_ = _round(framework, year, applied, applied, certifier)
    panel = _panel(round_, assessors, certifier)
    for code in codes:
        source = _published(code, framework, year)
        officer = users.objects.filter(memberships__city__code=code).first()
        application = workflow.apply(round_, source, officer, applied)
        application = workflow.assign(application, panel, certifier)  # type: ignore[arg-type]
        fw = round_.framework_version.framework
        for stage in stages(fw):
            _score_all(application, assessors, stage.id)
        consensus = {r.item_id: (r.value, "서면평가 합의") for r in application.frozen.responses.all() if r.value}
        workflow.record_consensus(application, consensus, certifier)
        decider = users.objects.get(username="certifier-2")
        workflow.decide(application, Outcome.CERTIFIED, f"{source.source_note}", decider, decided)
    return f"round {round_}: {len(codes)} certified on {decided}"


def _hanam_renewal(certifier: User, decider: User, assessors: list[User]) -> str:
    """An illustrative renewal that leaves a certificate in force, so the demo shows what falls due."""
    hanam = City.objects.get(code="41450")
    officer = get_user_model().objects.get(username="officer-hanam")
    round_ = _round("bsi-iso37106", 2025, date(2024, 11, 1), date(2024, 11, 30), certifier, note="예시")
    earlier = _published("41450", "bsi-iso37106", 2022)
    renewal = start_from(earlier, kind=AssessmentKind.RENEWAL, year=2025, actor=officer)
    renewal.responses.update(confirmed=True, prefilled_from="")
    renewal.illustrative = True
    renewal.source_note = ILLUSTRATIVE_RENEWAL
    renewal.save(update_fields=["illustrative", "source_note"])
    transition(renewal, State.SUBMITTED, officer)
    application = workflow.apply(round_, renewal, officer, date(2024, 11, 20))
    application = workflow.assign(application, _panel(round_, assessors, certifier), certifier)  # type: ignore[arg-type]
    fw = round_.framework_version.framework
    for stage in stages(fw):
        _score_all(application, assessors, stage.id)
    workflow.record_consensus(
        application, {r.item_id: (r.value, "") for r in application.frozen.responses.all()}, certifier
    )
    workflow.raise_finding(
        application, "BM.roadmap", "observation", "로드맵의 성과지표 갱신 주기가 불명확함", None, assessors[0]
    )
    workflow.decide(application, Outcome.CERTIFIED, "모든 항목 3수준 이상 (예시)", decider, date(2025, 1, 10))
    certificate = application.certificate
    assert certificate is not None
    first = certificate.due.get(schedule_id="surveillance-1")
    workflow.record_surveillance(
        first, {r.item_id: r.value for r in application.frozen.responses.all()}, assessors[1], date(2026, 1, 10)
    )
    return f"round {round_}: {hanam.name_ko} certified, first surveillance recorded"


def _in_progress(certifier: User, assessors: list[User]) -> list[str]:
    # Open around the day the demo is loaded, so that there is always a round to apply to.
    today = timezone.localdate()
    kr = _round("kr-smartcity", today.year, today - timedelta(days=29), today + timedelta(days=31), certifier)
    seongdong = City.objects.get(code="11200")
    # Its latest national assessment on the edition this round scores on (its 2021 one is on the 2021 edition).
    earlier = (
        seongdong.assessments.filter(framework_version=kr.framework_version, application__isnull=True)
        .order_by("-year", "-created_at")
        .first()
    )
    assert earlier is not None
    own = start_from(earlier, kind=AssessmentKind.RENEWAL, year=today.year, actor=None)
    own.responses.update(confirmed=True, prefilled_from="")
    own.illustrative = True
    own.source_note = ILLUSTRATIVE_RENEWAL
    own.save(update_fields=["illustrative", "source_note"])
    transition(own, State.SUBMITTED, None)
    application = workflow.apply(kr, own, None, today)
    application = workflow.assign(application, _panel(kr, assessors, certifier), certifier)  # type: ignore[arg-type]
    stage = deciding_stage(kr.framework_version.framework).id
    _score_all(application, assessors[:1], stage)
    workflow.ask_city(
        application, "D1.I1.1", stage, "공공데이터 개방 실적의 원자료(2025년)를 보내 주십시오.", assessors[0]
    )
    extending = apply_for_extensions(kr)
    bsi = _round("bsi-iso37106", today.year, today - timedelta(days=60), today + timedelta(days=31), certifier)
    seoul = City.objects.get(code="11000")
    workflow.declare_conflict(assessors[2], seoul, "2025년 서울시 스마트도시 자문위원", assessors[2])
    panel = _panel(bsi, assessors[:2], certifier, name="패널 B")
    return [
        f"round {kr}: {seongdong.name_ko} in document review",
        f"round {kr}: {len(extending)} cities applied for their extension before their certificates expire",
        f"round {bsi}: open; {seoul.name_ko} may apply (assessor-3 declared a conflict), panel {panel}",
    ]
