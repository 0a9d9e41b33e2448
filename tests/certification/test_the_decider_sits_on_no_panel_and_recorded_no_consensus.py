"""Four eyes: the certifier who recorded Seocho-gu's consensus may not decide it, nor may a member of its
panel (assessor-3, made a certifier since); the second certifier may. Each is told so on the application's page and
refused there with what they typed kept. Where nobody is left who took no part, the page says why deciding is
refused."""

from __future__ import annotations

import pytest
from django.test import Client

from citycert.certification import workflow
from citycert.certification.choices import Outcome
from citycert.certification.models import Decision
from citycert.permissions import can_decide, possible_deciders
from tests.certification.story import DECISION_DAY, agree, item_ids, round_in_review, second_certifier
from tests.people import People, also


def test_neither_the_consensus_author_nor_a_panel_member_decides(client: Client, people: People) -> None:
    story = round_in_review(people)
    agree(story.seocho, dict.fromkeys(item_ids(), ("3", "")), people.certifier)
    decider = second_certifier()
    # assessor-3 sat on the panel and has since become a certifier.
    turned = story.assessors[2]
    also(turned, "certifier")

    with pytest.raises(workflow.Refused, match="You recorded this application's consensus") as own:
        workflow.decide(story.seocho, Outcome.CERTIFIED, "충족", people.certifier, DECISION_DAY)
    assert own.value.rule == "four_eyes"
    assert "certifier-2" in str(own.value)  # who may decide instead
    with pytest.raises(workflow.Refused, match="You sit on this application's panel") as member:
        workflow.decide(story.seocho, Outcome.CERTIFIED, "충족", turned, DECISION_DAY)
    assert member.value.rule == "four_eyes"
    assert Decision.objects.count() == 0
    assert [user.get_username() for user in possible_deciders(story.seocho)] == ["admin", "certifier-2"]
    assert not can_decide(people.certifier, story.seocho) and can_decide(decider, story.seocho)

    # The page tells the consensus author before they try, and refuses with 409 when they do.
    client.force_login(people.certifier)
    url = f"/certification/applications/{story.seocho.pk}/"
    page = client.get(url).content.decode()
    assert "이 신청의 합의 점수를 기록하셨습니다" in page and "certifier-2" in page
    answer = client.post(url + "decide/", {"outcome": "certified", "reasons": "충족-근거-F1"})
    assert answer.status_code == 409
    assert "이중 확인 원칙" in answer.content.decode() and "충족-근거-F1" in answer.content.decode()

    # The panel member turned certifier is told so on the page too, and refused with what they typed kept.
    member_client = Client()
    member_client.force_login(turned)
    page = member_client.get(url).content.decode()
    assert "이 신청을 심사하는 패널의 위원이십니다" in page and "certifier-2" in page
    answer = member_client.post(url + "decide/", {"outcome": "certified", "reasons": "충족-근거-F2"})
    assert answer.status_code == 409
    assert "이중 확인 원칙" in answer.content.decode() and "충족-근거-F2" in answer.content.decode()
    assert Decision.objects.count() == 0

    other = Client()
    other.force_login(decider)
    assert other.post(url + "decide/", {"outcome": "certified", "reasons": "충족"}).status_code == 302
    assert Decision.objects.get().decided_by == decider


def test_where_nobody_took_no_part_the_page_says_why_deciding_is_refused(client: Client, people: People) -> None:
    story = round_in_review(people)
    # The certifier and the administrator, the only people of the certifying body, both recorded the consensus.
    agree(story.seocho, dict.fromkeys(item_ids(), ("3", "")), people.certifier)
    workflow.record_consensus(story.seocho, {"BM.vision": ("3", "재확인")}, people.admin)
    assert possible_deciders(story.seocho) == []
    client.force_login(people.certifier)
    page = client.get(f"/certification/applications/{story.seocho.pk}/").content.decode()
    assert "지금은 인증기관의 누구도 결정할 수 없습니다" in page
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    page = client.get(f"/certification/applications/{story.seocho.pk}/").content.decode()
    assert "Nobody at the certifying body may decide it now" in page
