"""The national scheme announces whole rounds. Seocho-gu is certified in the 2026 round while Hanam-si's application
is still in review: nothing of Seocho-gu's result reaches a visitor (registry, city profile, certificate page and
PDF, open data, API lists and benchmarks), nor Seocho-gu's own officer, until the certifier announces the round.
Announcing is refused while Hanam-si waits for a decision, with the reason on the round's page; once Hanam-si has
withdrawn, the announcement makes everything public at once, and it is in the audit log."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

import pytest
from django.contrib.auth.models import User
from django.test import Client

from citycert.accounts.models import Role
from citycert.assessments.answers import stored_text
from citycert.assessments.choices import AssessmentKind, State
from citycert.assessments.models import Assessment
from citycert.assessments.workflow import create_assessment, save_responses, transition
from citycert.audit.models import AuditEvent
from citycert.certification import workflow
from citycert.certification.choices import Outcome
from citycert.certification.models import Application, Certificate, Round
from citycert.certification.scheme import stages
from citycert.cities.models import City
from citycert.demo.results import illustrative_answers
from citycert.library.store import find_version
from tests.api.calling import BASE
from tests.certification.story import decide
from tests.people import People, person, ready_to_sit

pytestmark = pytest.mark.django_db

DECIDED = date(2026, 11, 20)


@dataclass
class NationalRound:
    round: Round
    seocho: Application
    hanam: Application
    certificate: Certificate


def national_self_assessment(city: City, officer: User, seed: int) -> Assessment:
    version = find_version("kr-smartcity")
    assessment = create_assessment(city, version, AssessmentKind.CERTIFICATION, 2026, officer)
    answers = illustrative_answers(version.framework, low=Decimal("0.80"), high=Decimal("0.85"), seed=seed)
    save_responses(assessment, {item: {"value": stored_text(a.value)} for item, a in answers.items()}, officer)
    return transition(assessment, State.SUBMITTED, officer)


def seocho_certified_hanam_in_review(people: People) -> NationalRound:
    version = find_version("kr-smartcity")
    round_ = workflow.open_round(
        version,
        2026,
        name_ko="2026년 스마트도시 인증",
        name_en="Smart city certification 2026",
        opens_on=date(2026, 6, 1),
        closes_on=date(2026, 6, 30),
        actor=people.certifier,
    )
    seocho = workflow.apply(
        round_, national_self_assessment(people.seocho, people.officer, 1), people.officer, date(2026, 6, 15)
    )
    hanam = workflow.apply(
        round_, national_self_assessment(people.hanam, people.other_officer, 2), people.other_officer, date(2026, 6, 15)
    )
    assessors = [people.assessor, person("assessor-2", Role.ASSESSOR)]
    ready_to_sit(round_, assessors, people.certifier)
    panel = workflow.form_panel(round_, "패널 A", assessors, people.certifier)
    seocho = workflow.assign(seocho, panel, people.certifier)
    hanam = workflow.assign(hanam, panel, people.certifier)
    values = {response.item_id: (response.value, "") for response in seocho.frozen.responses.all() if response.value}
    for stage in stages(version.framework):
        for assessor in assessors:
            sheet = workflow.sheet_for(seocho, assessor, stage.id)
            workflow.save_scores(sheet, values, assessor)
            workflow.submit_sheet(sheet, assessor)
    workflow.record_consensus(seocho, values, people.certifier)
    decide(seocho, Outcome.CERTIFIED, "서면평가 결과 인증", DECIDED)  # the second certifier: four eyes
    return NationalRound(round_, seocho, hanam, Certificate.objects.get(application=seocho))


def what_a_visitor_finds(number: str, city_code: str) -> dict[str, bool]:
    """Whether each public face shows the certificate or Seocho-gu's decided result."""
    visitor = Client()
    registry = visitor.get("/registry/").content.decode()
    profile = visitor.get(f"/registry/cities/{city_code}/").content.decode()
    certificate_page = visitor.get(f"/certificates/{number}/")
    certificate_pdf = visitor.get(f"/certificates/{number}/certificate.pdf")
    results_csv = b"".join(visitor.get("/open-data/results.csv").streaming_content).decode()  # type: ignore[attr-defined]
    certificates_csv = b"".join(visitor.get("/open-data/certificates.csv").streaming_content).decode()  # type: ignore[attr-defined]
    api_list = json.loads(visitor.get(f"{BASE}/certificates").content)
    api_one = visitor.get(f"{BASE}/certificates/{number}")
    benchmark = json.loads(visitor.get(f"{BASE}/cities/{city_code}/benchmark").content)
    return {
        "registry": number in registry,
        "city profile": number in profile,
        "certificate page": certificate_page.status_code == 200,
        "certificate pdf": certificate_pdf.status_code == 200,
        "open data results": f"{city_code}," in results_csv,
        "open data certificates": number in certificates_csv,
        "api certificates": any(row["number"] == number for row in api_list["results"]),
        "api certificate": api_one.status_code == 200,
        "api benchmark": "error" not in benchmark,
    }


def test_nothing_is_public_before_the_announcement_and_everything_after(people: People) -> None:
    story = seocho_certified_hanam_in_review(people)
    number = story.certificate.number

    before = what_a_visitor_finds(number, people.seocho.code)
    assert not any(before.values()), before

    officer = Client()
    officer.force_login(people.officer)
    application_page = officer.get(f"/certification/applications/{story.seocho.pk}/").content.decode()
    assert number not in application_page and "서면평가 결과 인증" not in application_page
    api_application = json.loads(officer.get(f"{BASE}/applications/{story.seocho.pk}").content)
    assert api_application["decision"] is None and api_application["certificate"] is None

    certifier = Client()
    certifier.force_login(people.certifier)
    round_page = certifier.get(f"/certification/rounds/{story.round.pk}/").content.decode()
    assert "1건의 결정은 회차를 발표할 때까지 공개되지 않습니다." in round_page
    assert "1건의 신청이 아직 결정을 기다립니다." in round_page
    # The certifier sees the decision and the reserved number from the start.
    assert number in certifier.get(f"/certification/applications/{story.seocho.pk}/").content.decode()

    refused = certifier.post(f"/certification/rounds/{story.round.pk}/announce/")
    assert refused.status_code == 409
    assert "1건의 신청이 아직 결정을 기다립니다 (하남시)" in refused.content.decode()
    assert not any(what_a_visitor_finds(number, people.seocho.code).values())

    workflow.withdraw_application(story.hanam, people.other_officer)
    announced = certifier.post(f"/certification/rounds/{story.round.pk}/announce/", follow=True)
    assert "회차 결과를 발표했습니다. 이제 공개됩니다." in announced.content.decode()
    assert "발표:" in announced.content.decode()

    after = what_a_visitor_finds(number, people.seocho.code)
    assert all(after.values()), after
    seen = officer.get(f"/certification/applications/{story.seocho.pk}/").content.decode()
    assert number in seen and "서면평가 결과 인증" in seen
    event = AuditEvent.objects.get(action="round.announced")
    assert event.actor == people.certifier
    assert event.after is not None and event.after["made_public"] == 1

    # Announced once, for good: a second try (an old tab, the API) is refused with the date.
    again = certifier.post(f"/certification/rounds/{story.round.pk}/announce/")
    assert again.status_code == 409 and "이 회차는 " in again.content.decode()
    through_api = certifier.post(f"{BASE}/rounds/{story.round.pk}/announcement")
    assert through_api.status_code == 409 and json.loads(through_api.content)["error"]["code"] == "conflict"


def test_only_the_certifying_body_announces(people: People) -> None:
    story = seocho_certified_hanam_in_review(people)
    workflow.withdraw_application(story.hanam, people.other_officer)
    for who in (people.officer, people.assessor):
        client = Client()
        client.force_login(who)
        assert client.post(f"/certification/rounds/{story.round.pk}/announce/").status_code == 403
        assert client.post(f"{BASE}/rounds/{story.round.pk}/announcement").status_code == 403
    assert Client().post(f"/certification/rounds/{story.round.pk}/announce/").status_code == 302  # to log in
    story.round.refresh_from_db()
    assert story.round.announced_at is None
