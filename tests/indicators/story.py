"""Certified cities on the national scheme, for the indicator stories: Seocho-gu and Gangnam-gu decided two
months ago on results a little above the bar (75 %), so that lower values can take them below it."""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from django.contrib.auth.models import User
from django.utils import timezone

from citycert.accounts.models import Role
from citycert.assessments.answers import stored_text
from citycert.assessments.choices import AssessmentKind, State
from citycert.assessments.workflow import create_assessment, save_responses, transition
from citycert.certification import workflow
from citycert.certification.choices import Outcome
from citycert.certification.models import Certificate
from citycert.cities.models import City
from citycert.demo.results import illustrative_answers
from citycert.library.store import find_version
from tests.certification.story import agree, decide
from tests.people import People, person, ready_to_sit


@dataclass
class Certified:
    people: People
    gangnam: City
    gangnam_officer: User
    certificates: dict[str, Certificate]  # by city code
    today: date


def quantitative_items() -> list[str]:
    framework = find_version("kr-smartcity").framework
    return [node.id for node in framework.nodes if node.type == "quantitative"]


def certified_cities(people: People) -> Certified:
    today = timezone.localdate()
    decided = today - timedelta(days=60)
    seoul = people.seocho.parent
    gangnam = City.objects.create(
        code="11680", name_ko="강남구", name_en="Gangnam-gu", kind="autonomous_district", parent=seoul
    )
    gangnam_officer = person("officer-gangnam", Role.CITY_OFFICER, gangnam)
    version = find_version("kr-smartcity")
    round_ = workflow.open_round(
        version,
        decided.year,
        name_ko=f"{decided.year}년 스마트도시 인증",
        name_en=f"Smart city certification {decided.year}",
        opens_on=decided,
        closes_on=decided,
        actor=people.certifier,
    )
    ready_to_sit(round_, [people.assessor], people.certifier)
    panel = workflow.form_panel(round_, "패널 A", [people.assessor], people.certifier)
    certificates = {}
    for city, officer, seed in ((people.seocho, people.officer, 1), (gangnam, gangnam_officer, 2)):
        own = create_assessment(city, version, AssessmentKind.CERTIFICATION, decided.year, officer)
        answers = illustrative_answers(version.framework, low=Decimal("0.74"), high=Decimal("0.78"), seed=seed)
        save_responses(own, {item: {"value": stored_text(a.value)} for item, a in answers.items()}, officer)
        transition(own, State.SUBMITTED, officer)
        application = workflow.assign(workflow.apply(round_, own, officer, decided), panel, people.certifier)
        values = {r.item_id: (r.value, "") for r in application.frozen.responses.all() if r.value}
        agree(application, values, people.certifier)
        decide(application, Outcome.CERTIFIED, "서면평가 결과 인증", decided)
        certificates[city.code] = Certificate.objects.get(application=application)
    return Certified(people, gangnam, gangnam_officer, certificates, today)


def long_csv(rows: Sequence[tuple[str, ...]], header: str = "city,item,period,value,unit,source") -> bytes:
    out = io.StringIO()
    out.write(header + "\n")
    csv.writer(out, lineterminator="\n").writerows(rows)
    return out.getvalue().encode("utf-8")


def a_year_of_values(story: Certified, low_for: str) -> bytes:
    """Every quantitative item of both cities for this year: at the item's minimum for `low_for`, at the
    value decided for the other city (so its projection stays where it was)."""
    framework = find_version("kr-smartcity").framework
    nodes = {node.id: node for node in framework.nodes}
    rows = []
    for code, certificate in story.certificates.items():
        decided = dict(certificate.application.published_items.values_list("item_id", "value"))
        for item in quantitative_items():
            node = nodes[item]
            value = str(node.min if node.min is not None else 0) if code == low_for else decided[item]
            unit = node.unit.ko if node.unit is not None else ""
            rows.append((code, f"kr-smartcity:{item}", str(story.today.year), value, unit, "시 데이터허브"))
    return long_csv(rows)
