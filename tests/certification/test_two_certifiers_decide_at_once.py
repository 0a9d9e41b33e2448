"""Two certifiers open the same application and both press "decide": the first decision stands, the
second gets a clear conflict (409) naming who decided, and nothing of theirs is saved."""

from __future__ import annotations

import re

import pytest
from django.test import Client

from citycert.accounts.models import Role
from citycert.audit.models import AuditEvent
from citycert.certification import workflow
from citycert.certification.choices import Outcome
from citycert.certification.models import Certificate, Decision
from tests.certification.story import DECISION_DAY, RoundStory, agree, item_ids, round_in_review
from tests.people import People, person


def ready(people: People) -> RoundStory:
    story = round_in_review(people)
    # The administrator records the consensus, so that both certifiers may decide (four eyes).
    agree(story.seocho, dict.fromkeys(item_ids(), ("3", "")), people.admin)
    return story


def test_the_second_decision_is_refused_and_saves_nothing(people: People) -> None:
    story = ready(people)
    second_certifier = person("certifier-2", Role.CERTIFIER)
    stale = story.seocho  # both loaded it while it was in review
    workflow.decide(story.seocho, Outcome.CERTIFIED, "충족", people.certifier, DECISION_DAY)
    events = AuditEvent.objects.count()
    with pytest.raises(workflow.Conflict, match="certifier") as refused:
        workflow.decide(
            stale, Outcome.NOT_CERTIFIED, "다른 판단", second_certifier, DECISION_DAY, against_engine_reason="다른 판단"
        )
    # The workflow's reasons read in English in these stories (conftest); the page below reads in Korean.
    assert re.fullmatch(
        r"certifier already decided this application at [\d-]+ [\d:]+ \(certified\); your decision was not saved\.",
        str(refused.value),
    )
    assert Decision.objects.get().outcome == Outcome.CERTIFIED
    assert Certificate.objects.count() == 1
    assert AuditEvent.objects.count() == events


def test_through_the_pages_the_late_one_gets_409(client: Client, people: People) -> None:
    story = ready(people)
    other = Client()
    client.force_login(people.certifier)
    other.force_login(person("certifier-2", Role.CERTIFIER))
    url = f"/certification/applications/{story.seocho.pk}/decide/"
    first = client.post(url, {"outcome": "certified", "reasons": "충족"})
    second = other.post(url, {"outcome": "not_certified", "reasons": "미충족"})
    assert first.status_code == 302
    assert second.status_code == 409
    page = second.content.decode()
    assert "certifier" in page and "이미 결정했습니다" in page and "입력한 결정은 저장되지 않았습니다." in page
    assert Decision.objects.count() == 1 and Certificate.objects.count() == 1
