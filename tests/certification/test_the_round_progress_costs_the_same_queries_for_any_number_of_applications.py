"""The certifier opens the progress page of a round with many applications in review: their stage gates are read
together, so a round of two applications and a round of six cost the same queries (no query per application)."""

from __future__ import annotations

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from citycert.accounts.models import Role
from citycert.certification import workflow
from citycert.certification.models import Round
from citycert.certification.round_progress import round_progress
from citycert.cities.models import City
from tests.certification.story import APPLYING_DAY, round_in_review, submitted_self_assessment
from tests.people import People, person


def progress_queries(round_: Round) -> tuple[int, list[str]]:
    with CaptureQueriesContext(connection) as captured:
        progress = round_progress(round_, timezone.localdate())
    return len(captured.captured_queries), [row.step for row in progress.applications]


def test_six_applications_cost_what_two_do(people: People) -> None:
    story = round_in_review(people)
    few, few_steps = progress_queries(story.round)
    assert len(few_steps) == 2

    for number in range(4):
        city = City.objects.create(
            code=f"4{number}000", name_ko=f"시험시{number}", name_en=f"Test {number}", kind="city"
        )
        officer = person(f"officer-{number}", Role.CITY_OFFICER, city)
        applied = workflow.apply(story.round, submitted_self_assessment(city, officer, {}), officer, APPLYING_DAY)
        workflow.assign(applied, story.panel, people.certifier)
    many, many_steps = progress_queries(story.round)

    assert len(many_steps) == 6
    # Every application in review is waiting on the whole panel's first stage, as the decision's gate says.
    assert len(set(many_steps)) == 1 and "assessor-1, assessor-2, assessor-3" in many_steps[0]
    assert many == few, (few, many)
