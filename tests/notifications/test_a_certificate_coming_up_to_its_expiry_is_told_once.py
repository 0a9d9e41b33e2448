"""Ninety days before Seocho-gu's certificate expires, the notifications' daily job tells Seocho-gu's officer and
the certifying body, each in their own language, and emails them (the worker sends what the job queued); the next
day's run tells nobody again. Hanam-si's officer hears nothing."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core import mail

from citycert.certification.choices import Outcome
from citycert.notifications.daily import tell_expiring
from tests.certification.story import DECISION_DAY, agree, decide, item_ids, round_in_review
from tests.notifications.story import give_addresses, messages_of, prefer
from tests.people import People
from tests.support import run_queued_jobs

pytestmark = pytest.mark.django_db


def test_the_expiry_is_told_once(people: People) -> None:
    give_addresses()
    prefer(people.certifier, language="en")
    story = round_in_review(people)
    agree(story.seocho, dict.fromkeys(item_ids(), ("3", "")), people.certifier)
    certificate = decide(story.seocho, Outcome.CERTIFIED, "충족", DECISION_DAY).application.certificates.get()
    expires = certificate.expires_on

    assert tell_expiring(expires - timedelta(days=91)) == 0
    assert (
        tell_expiring(expires - timedelta(days=90)) == 4
    )  # the officer; the certifier, the second certifier and the administrator
    told = f"Certificate {certificate.number} of Seocho-gu expires on {expires:%Y-%m-%d}."
    assert messages_of(people.officer) == [told] and messages_of(people.certifier) == [told]
    assert messages_of(people.other_officer) == []
    assert run_queued_jobs() == 3  # the second certifier has no address
    by_address = {message.to[0]: message for message in mail.outbox}
    assert by_address["smart@seocho.go.kr"].subject == (
        f"[citycert] 서초구의 인증서 {certificate.number}이(가) {expires:%Y-%m-%d}에 만료됩니다."
    )
    assert by_address["cert@krihs.re.kr"].subject == f"[citycert] {told}"

    assert tell_expiring(expires - timedelta(days=89)) == 0
    assert run_queued_jobs() == 0
