"""A month before Seocho-gu's first surveillance audit, the daily reminder run emails Seocho-gu's officer
and the certifier, in Korean and English (the worker sends what the run queued); the next day's run sends
nothing more; Hanam-si hears nothing."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core import mail
from django.core.management import CommandError, call_command

from citycert.certification.choices import Outcome
from tests.certification.story import DECISION_DAY, agree, decide, item_ids, round_in_review
from tests.people import People
from tests.support import run_queued_jobs


def remind(*args: str) -> str:
    out = StringIO()
    call_command("remind", *args, stdout=out)
    return out.getvalue()


def test_each_reminder_goes_out_once_to_the_city_and_the_certifying_body(people: People) -> None:
    for user, email in (
        (people.officer, "smart@seocho.go.kr"),
        (people.other_officer, "smart@hanam.go.kr"),
        (people.certifier, "cert@krihs.re.kr"),
    ):
        user.email = email
        user.save()
    story = round_in_review(people)
    agree(story.seocho, dict.fromkeys(item_ids(), ("3", "")), people.certifier)
    decide(story.seocho, Outcome.CERTIFIED, "충족", DECISION_DAY)

    assert "0 reminder(s) sent" in remind("--today", "2027-06-01")  # four months ahead: too early
    printed = remind("--today", "2027-09-01")
    assert "BSI-ISO37106-2026-0001 surveillance-1 due 2027-09-30" in printed
    assert mail.outbox == []  # queued, not sent by the run itself
    assert run_queued_jobs() == 1
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert sorted(message.to) == ["cert@krihs.re.kr", "smart@seocho.go.kr"]
    assert "1차 사후심사" in message.body and "First surveillance audit" in message.body
    # Korean, then English, each through the catalogue: the recipient has no language on record.
    korean, english = message.body.split("\n\n")
    assert "의 인증서" in korean and "기한은 2027-09-30입니다." in korean and "인증서 만료일:" in korean
    assert "is due on 2027-09-30." in english and "The certificate expires on" in english
    assert "2027-09-30" in message.subject

    assert "0 reminder(s) sent" in remind("--today", "2027-09-02")
    assert run_queued_jobs() == 0
    assert len(mail.outbox) == 1


def test_a_wrong_date_is_named(people: People) -> None:
    with pytest.raises(CommandError, match="--today"):
        remind("--today", "2027-13-01")
