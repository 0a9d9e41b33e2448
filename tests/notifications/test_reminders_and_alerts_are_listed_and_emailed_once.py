"""Reminders and indicator alerts already send their own email, in Korean and English: they appear in each
person's notification list too, but nobody is emailed a second time. A month before Seocho-gu's first
surveillance audit the daily reminder run lists it for Seocho-gu's officer and the certifier and sends the one
reminder email; an alert that last year's value is missing is listed for Seocho-gu's officer alone, with the one
alert email. Hanam-si's officer is told nothing."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core import mail
from django.core.management import call_command

from citycert.certification.choices import Outcome
from citycert.indicators.alerts import Candidate, raise_new
from citycert.indicators.models import Alert
from citycert.notifications.digest import send_digests
from tests.certification.story import DECISION_DAY, agree, decide, item_ids, round_in_review
from tests.notifications.story import Commits, committed, give_addresses, messages_of
from tests.people import People
from tests.support import run_queued_jobs

pytestmark = pytest.mark.django_db


def test_a_reminder_is_listed_and_emailed_once(people: People, django_capture_on_commit_callbacks: Commits) -> None:
    give_addresses()
    story = round_in_review(people)
    agree(story.seocho, dict.fromkeys(item_ids(), ("3", "")), people.certifier)
    decision = decide(story.seocho, Outcome.CERTIFIED, "충족", DECISION_DAY)
    number = decision.application.certificates.get().number

    with committed(django_capture_on_commit_callbacks):
        call_command("remind", "--today", "2027-09-01", stdout=StringIO())
    told = f"First surveillance audit of certificate {number} (Seocho-gu) is due on 2027-09-30."
    assert messages_of(people.officer) == [told]
    assert messages_of(people.certifier) == [told]
    assert f"서초구의 인증서 {number}: 1차 사후심사 기한은 2027-09-30입니다." in messages_of(people.officer, "ko")
    assert messages_of(people.other_officer) == []

    assert run_queued_jobs() == 1
    assert len(mail.outbox) == 1  # the reminder's own email, to both
    assert send_digests() == 0  # and nothing waits for a digest


def test_an_indicator_alert_is_listed_for_the_city_and_emailed_once(
    people: People, django_capture_on_commit_callbacks: Commits
) -> None:
    give_addresses()
    wording, values = "%(city)s: last year's value of %(item)s has not been entered.", {"item": "BM.vision"}
    alert = Candidate(
        Alert.Kind.OVERDUE, Alert.Audience.CITY, people.seocho, "overdue:test:BM.vision:2025", wording, values
    )
    with committed(django_capture_on_commit_callbacks):
        raise_new([alert])
    assert messages_of(people.officer) == ["Seocho-gu: last year's value of BM.vision has not been entered."]
    assert messages_of(people.officer, "ko") == ["서초구: BM.vision 지표의 작년 값이 아직 없습니다."]
    assert messages_of(people.certifier) == [] and messages_of(people.other_officer) == []
    assert run_queued_jobs() == 1
    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["smart@seocho.go.kr"]
    assert send_digests() == 0
