"""A city officer tries to apply where they may not: before the window, with a draft, with an assessment on
another framework, from the wrong category, twice. Each is refused with the reason and leaves nothing behind."""

from __future__ import annotations

from datetime import date

import pytest
from django.test import Client

from citycert.assessments.choices import AssessmentKind, State
from citycert.assessments.models import Assessment
from citycert.assessments.workflow import create_assessment, transition
from citycert.certification import workflow
from citycert.certification.models import Application
from citycert.cities.models import Population
from citycert.library.store import find_version
from tests.certification.story import APPLYING_DAY, open_bsi_round, submitted_self_assessment
from tests.people import People


def nothing_saved(before: int) -> None:
    assert Application.objects.count() == 0
    assert Assessment.objects.count() == before


def test_outside_the_window(people: People) -> None:
    round_ = open_bsi_round(people)
    own = submitted_self_assessment(people.seocho, people.officer, {})
    before = Assessment.objects.count()
    with pytest.raises(workflow.Refused, match="2026-06-01"):
        workflow.apply(round_, own, people.officer, date(2026, 7, 1))
    nothing_saved(before)


def test_with_a_draft(people: People) -> None:
    round_ = open_bsi_round(people)
    before = Assessment.objects.count()
    with pytest.raises(workflow.Refused, match="submitted"):
        workflow.apply(round_, people.draft, people.officer, APPLYING_DAY)
    nothing_saved(before)


def test_for_a_framework_the_round_does_not_cover(people: People) -> None:
    kr = workflow.open_round(
        find_version("kr-smartcity"),
        2026,
        name_ko="2026 스마트도시 인증",
        name_en="Smart city certification 2026",
        opens_on=date(2026, 6, 1),
        closes_on=date(2026, 6, 30),
        actor=people.certifier,
    )
    own = submitted_self_assessment(people.seocho, people.officer, {})
    before = Assessment.objects.count()
    with pytest.raises(workflow.Refused, match="kr-smartcity"):
        workflow.apply(kr, own, people.officer, APPLYING_DAY)
    nothing_saved(before)


def test_from_the_wrong_category(people: People) -> None:
    kr_version = find_version("kr-smartcity")
    kr = workflow.open_round(
        kr_version,
        2026,
        name_ko="2026 대도시",
        name_en="2026 large cities",
        opens_on=date(2026, 6, 1),
        closes_on=date(2026, 6, 30),
        categories=["large"],
        actor=people.certifier,
    )
    Population.objects.create(city=people.seocho, year=2026, population=410000)
    own = create_assessment(people.seocho, kr_version, AssessmentKind.SELF_ASSESSMENT, 2026, people.officer)
    transition(own, State.SUBMITTED, people.officer)
    before = Assessment.objects.count()
    with pytest.raises(workflow.Refused) as refused:
        workflow.apply(kr, own, people.officer, APPLYING_DAY)
    # The workflow's reasons read in English in these stories (conftest).
    assert str(refused.value) == "This round takes Large city cities; Seocho-gu is Small-medium city in 2026."
    nothing_saved(before)


def test_twice(people: People) -> None:
    round_ = open_bsi_round(people)
    own = submitted_self_assessment(people.seocho, people.officer, {})
    workflow.apply(round_, own, people.officer, APPLYING_DAY)
    before = Assessment.objects.count()
    with pytest.raises(workflow.Refused, match="already applied"):
        workflow.apply(round_, own, people.officer, APPLYING_DAY)
    assert Application.objects.count() == 1 and Assessment.objects.count() == before


def test_the_application_keeps_the_assessment_as_it_was(people: People) -> None:
    round_ = open_bsi_round(people)
    own = submitted_self_assessment(people.seocho, people.officer, {"BM.vision": "5"})
    application = workflow.apply(round_, own, people.officer, APPLYING_DAY)
    frozen = application.frozen
    assert frozen.pk != own.pk and frozen.state == "submitted" and frozen.kind == "certification"
    assert frozen.responses.get(item_id="BM.vision").value == "5"
    assert not frozen.responses.filter(confirmed=False).exists()


def test_through_the_page_the_officer_reads_why(client: Client, people: People) -> None:
    round_ = open_bsi_round(people)
    client.force_login(people.officer)
    answer = client.post(f"/certification/rounds/{round_.pk}/apply/", {"assessment": people.draft.pk})
    assert answer.status_code == 400
    other_city = submitted_self_assessment(people.hanam, people.other_officer, {})
    answer = client.post(f"/certification/rounds/{round_.pk}/apply/", {"assessment": other_city.pk})
    assert answer.status_code == 400
    assert Application.objects.count() == 0
