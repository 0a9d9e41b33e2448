"""An appeal is handled by someone who took no part in the decision. certifier-2, who took it, and `certifier`,
who recorded the consensus, are each refused with the reason when they try to take the appeal; the page tells them
why and names certifier-3 as one who may. Once certifier-3 and the administrator are gone, the page says nobody may handle it."""

from __future__ import annotations

import pytest

from citycert.appeals import transitions
from citycert.appeals.models import Appeal
from citycert.certification.choices import Outcome
from tests.appeals.story import logged_in, seocho_decided, text_of
from tests.people import People

pytestmark = pytest.mark.django_db


def test_a_handler_who_took_part_is_refused_with_the_reason(people: People) -> None:
    story = seocho_decided(people, Outcome.CERTIFIED)
    appeal = transitions.file_appeal(
        story.application, "재검토 요청", [], people.officer, story.decision.decided_at.date()
    )
    url = f"/certification/appeals/{appeal.pk}/"

    for who, reason in (
        (story.decider, "이의 신청 대상인 결정을 직접 내렸습니다."),
        (people.certifier, "결정의 근거가 된 평가위원단 합의 점수를 직접 기록했습니다."),
    ):
        client = logged_in(who)
        page = text_of(client.get(url))
        assert reason in page and "certifier-3" in page
        assert "이 이의 신청 맡기" not in page
        answer = client.post(f"{url}take/")
        assert answer.status_code == 409
        assert f"이 이의 신청을 처리할 수 없습니다: {reason}" in text_of(answer)
        appeal.refresh_from_db()
        assert appeal.state == "filed" and appeal.handler is None

    for untouched in (story.handler, people.admin):
        untouched.is_active = False
        untouched.save()
    page = text_of(logged_in(story.decider).get(url))
    assert "인증기관에 이 이의 신청을 처리할 수 있는 사람이 없습니다" in page
    assert Appeal.objects.get().state == "filed"


def test_only_the_handler_decides(people: People) -> None:
    story = seocho_decided(people, Outcome.CERTIFIED)
    day = story.decision.decided_at.date()
    appeal = transitions.file_appeal(story.application, "재검토 요청", [], people.officer, day)
    transitions.take_appeal(appeal, story.handler, day)
    from citycert.accounts.models import Role
    from tests.people import person

    fourth = person("certifier-4", Role.CERTIFIER)
    answer = logged_in(fourth).post(
        f"/certification/appeals/{appeal.pk}/decide/", {"outcome": "upheld", "resolution": "유지"}
    )
    assert answer.status_code == 409 and "certifier-3 님이 이 이의 신청을 처리하고 있으며" in text_of(answer)
    assert logged_in(people.officer).post(f"/certification/appeals/{appeal.pk}/take/").status_code == 403
