"""The national scheme announces whole rounds, so the decision that completes a round tells neither the city nor the
panel: until the certifying body announces it, nobody hears anything. "My work" therefore asks the certifying body
to announce. Seocho-gu is certified while Hanam-si is still in review: nothing to announce yet. Once Hanam-si has
withdrawn, the certifier, the second certifier and the administrator each read "Announce the results" for the round,
linking to its announcement; the officers and assessors do not. Announced, the task is gone. A round with an
announcement date publishes by itself and asks nobody; a BSI round publishes each decision when taken and asks
nobody either."""

from __future__ import annotations

from datetime import date

import pytest
from django.test import Client

from citycert.certification import workflow
from citycert.certification.announcement import announce_round
from citycert.certification.models import Round
from citycert.inbox import tasks_for
from tests.certification.story import agree, decide, item_ids, round_in_review, second_certifier
from tests.certification.test_a_round_stays_private_until_it_is_announced import seocho_certified_hanam_in_review
from tests.people import People

pytestmark = pytest.mark.django_db


def announcing(user: object) -> list[tuple[str, str, str]]:
    return [(task.what, task.about, task.url) for task in tasks_for(user) if task.kind == "announce"]  # type: ignore[arg-type]


def test_the_body_is_asked_to_announce_once_nothing_waits(people: People) -> None:
    story = seocho_certified_hanam_in_review(people)
    body = [people.certifier, second_certifier(), people.admin]
    assert all(announcing(person) == [] for person in body)

    workflow.withdraw_application(story.hanam, people.other_officer)
    address = f"/certification/rounds/{story.round.pk}/#announcement"
    for person in body:
        assert announcing(person) == [("Announce the results", "Smart city certification 2026", address)]
    for person in (people.officer, people.other_officer, people.assessor):
        assert announcing(person) == []

    page = Client()
    page.force_login(people.admin)
    html = page.get("/my/").content.decode()
    assert f'<a href="{address}">결과 발표하기</a>' in html and "2026년 스마트도시 인증" in html

    announce_round(story.round, people.certifier)
    assert all(announcing(person) == [] for person in body)


def test_a_round_with_an_announcement_date_asks_nobody(people: People) -> None:
    story = seocho_certified_hanam_in_review(people)
    Round.objects.filter(pk=story.round.pk).update(announce_on=date(2026, 12, 20))
    workflow.withdraw_application(story.hanam, people.other_officer)
    assert announcing(people.certifier) == []


def test_a_scheme_that_publishes_each_decision_asks_nobody(people: People) -> None:
    story = round_in_review(people)
    for application in (story.seocho, story.hanam):
        agree(application, dict.fromkeys(item_ids(), ("3", "")), people.certifier)
        decide(application, "certified", "all items at level 3")
    assert announcing(people.certifier) == [] and announcing(people.admin) == []
