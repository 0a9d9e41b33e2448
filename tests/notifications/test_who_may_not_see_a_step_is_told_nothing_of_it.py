"""Who is told is who may see. In the national scheme's 2026 round (which keeps decisions private until the round
is announced), Seocho-gu is certified while Hanam-si is in review: Seocho-gu's officer, who may not read the
decision yet, is told nothing of the decision nor of the certificate; neither is the panel. Hanam-si's officer
hears nothing of Seocho-gu's review, and an assessor on no panel nothing of any. Whoever may decide was told the
consensus was recorded; the certifier who recorded it was not. Hanam-si withdraws and the round is announced: the
announcement tells Seocho-gu's officer and the panel the outcome."""

from __future__ import annotations

import pytest

from citycert.accounts.models import Role
from citycert.certification import workflow
from citycert.certification.announcement import announce_round
from citycert.certification.models import Decision
from citycert.notifications.models import Notification
from tests.certification.story import second_certifier
from tests.certification.test_a_round_stays_private_until_it_is_announced import seocho_certified_hanam_in_review
from tests.notifications.story import Commits, committed, messages_of
from tests.people import People, person

pytestmark = pytest.mark.django_db

ANNOUNCED = "The results of Smart city certification 2026 are announced: Seocho-gu, certified."


def test_each_is_told_the_outcome_once_they_may_read_it(
    people: People, django_capture_on_commit_callbacks: Commits
) -> None:
    outsider = person("assessor-9", Role.ASSESSOR)
    decider = second_certifier()
    with committed(django_capture_on_commit_callbacks):
        story = seocho_certified_hanam_in_review(people)
        item = story.hanam.frozen.responses.order_by("item_id").values_list("item_id", flat=True).first()
        workflow.ask_city(story.hanam, str(item), "document-review", "Send the plan.", people.assessor)

    decision = Decision.objects.get(application=story.seocho)
    assert decision.city_told_from is None and decision.public_from is None
    assert Notification.objects.filter(recipient=people.assessor, kind="assigned").count() == 2
    for who in (people.officer, people.assessor):
        assert not Notification.objects.filter(recipient=who, kind__in=["decision", "certificate_issued"]).exists()
    assert messages_of(outsider) == []
    assert not [m for m in messages_of(people.other_officer) if "Seocho-gu" in m]
    assert [m for m in messages_of(people.other_officer) if "Documents are asked for" in m]
    assert not [m for m in messages_of(people.officer) if "Hanam-si" in m]
    consensus = "The consensus on Seocho-gu's application is recorded: it may be decided."
    assert consensus in messages_of(decider)
    assert consensus not in messages_of(people.certifier)

    with committed(django_capture_on_commit_callbacks):
        workflow.withdraw_application(story.hanam, people.other_officer)
        announce_round(story.round, people.certifier)
    assert messages_of(people.officer)[-1] == ANNOUNCED
    assert ANNOUNCED in messages_of(people.assessor)
    assert ANNOUNCED in messages_of(people.assessor, "en")
    assert "2026년 스마트도시 인증의 결과가 발표되었습니다: 서초구, 인증." in messages_of(people.officer, "ko")
    assert not [m for m in messages_of(people.other_officer) if "Seocho-gu" in m]
    assert messages_of(outsider) == []
