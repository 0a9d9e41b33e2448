"""Seocho-gu's officer left and the account was deactivated: the request for documents is told to nobody (no
notification, no email), and a digest pending from before they left is not sent either."""

from __future__ import annotations

import pytest
from django.core import mail

from citycert.certification import workflow
from citycert.notifications.digest import send_digests
from tests.certification.story import round_in_review
from tests.notifications.story import Commits, committed, give_addresses, messages_of, prefer
from tests.people import People
from tests.support import run_queued_jobs

pytestmark = pytest.mark.django_db


def test_a_deactivated_officer_gets_nothing(people: People, django_capture_on_commit_callbacks: Commits) -> None:
    story = round_in_review(people)
    give_addresses()
    prefer(people.officer, email="daily")
    with committed(django_capture_on_commit_callbacks):
        workflow.ask_city(story.seocho, "BM.vision", "stage-1", "보고서를 보내 주세요.", people.assessor)
    assert len(messages_of(people.officer)) == 1

    people.officer.is_active = False
    people.officer.save(update_fields=["is_active"])
    with committed(django_capture_on_commit_callbacks):
        workflow.ask_city(story.seocho, "BM.roadmap", "stage-1", "전략을 보내 주세요.", people.assessor)
    assert len(messages_of(people.officer)) == 1
    assert send_digests() == 0
    assert run_queued_jobs() == 0
    assert mail.outbox == []
