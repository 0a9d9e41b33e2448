"""Seocho-gu's officer appeals the decision: whoever may handle it (certifier-3 and the administrator, who took no
part in the decision) is told, not the certifier who recorded the consensus nor the decider; certifier-3 takes it
and upholds the decision, and Seocho-gu's officer is told of each, in Korean by default."""

from __future__ import annotations

import pytest
from django.utils import timezone

from citycert.appeals.transitions import decide_appeal, file_appeal, take_appeal
from citycert.certification.choices import Outcome
from tests.appeals.story import seocho_decided
from tests.notifications.story import Commits, committed, messages_of
from tests.people import People

pytestmark = pytest.mark.django_db

FILED = "Seocho-gu appealed the decision on its application to ISO 37106 certification 2026."


def test_the_appeal_goes_to_its_handlers_and_its_outcome_to_the_city(
    people: People, django_capture_on_commit_callbacks: Commits
) -> None:
    story = seocho_decided(people, Outcome.CERTIFIED)
    today = timezone.localdate()
    with committed(django_capture_on_commit_callbacks):
        appeal = file_appeal(story.application, "BM.vision 증빙을 반영하지 않았습니다.", [], people.officer, today)
    assert messages_of(story.handler) == [FILED] and messages_of(people.admin) == [FILED]
    assert messages_of(people.certifier) == [] and messages_of(story.decider) == []
    assert messages_of(people.officer) == []  # who filed it is not told of their own step

    with committed(django_capture_on_commit_callbacks):
        take_appeal(appeal, story.handler, today)
        decide_appeal(appeal, "upheld", "증빙을 다시 검토했으나 결정을 유지합니다.", story.handler, today)
    assert messages_of(people.officer, "ko") == [
        "2026년 ISO 37106 인증 신청에 대한 서초구의 이의신청을 처리하고 있습니다.",
        "2026년 ISO 37106 인증 신청에 대한 서초구의 이의신청이 결정되었습니다: 원결정 유지.",
    ]
    assert messages_of(people.other_officer) == []
