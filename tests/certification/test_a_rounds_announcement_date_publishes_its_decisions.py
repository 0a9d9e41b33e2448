"""A certifier sets the day a round's results are announced when opening it. A decision taken before that day
stays private until the day begins; one taken later is public at once. A scheme that publishes each decision
(the BSI Kitemark) makes it public when it is taken; its city is told at once, as its rule says."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest
from django.utils import timezone, translation

from citycert.certification import workflow
from citycert.certification.announcement import city_told_at_decision, public_from_at_decision
from citycert.library.store import find_version
from tests.people import People

pytestmark = pytest.mark.django_db


def test_the_announcement_day_decides_when_decisions_become_public(people: People) -> None:
    national = find_version("kr-smartcity")
    round_ = workflow.open_round(
        national,
        2026,
        name_ko="2026년 인증",
        name_en="Certification 2026",
        opens_on=date(2026, 6, 1),
        closes_on=date(2026, 6, 30),
        announce_on=date(2026, 12, 21),
        actor=people.certifier,
    )
    before_the_day = timezone.make_aware(datetime(2026, 11, 20, 15, 0))
    public_from = public_from_at_decision(round_, national.framework, before_the_day)
    assert public_from == timezone.make_aware(datetime(2026, 12, 21, 0, 0))
    assert city_told_at_decision(national.framework, before_the_day, public_from) == public_from

    after_the_day = public_from + timedelta(days=2)
    assert public_from_at_decision(round_, national.framework, after_the_day) == after_the_day

    no_day = workflow.open_round(
        national,
        2027,
        name_ko="2027년 인증",
        name_en="Certification 2027",
        opens_on=date(2027, 6, 1),
        closes_on=date(2027, 6, 30),
        actor=people.certifier,
    )
    assert public_from_at_decision(no_day, national.framework, after_the_day) is None

    kitemark = find_version("bsi-iso37106").framework
    assert public_from_at_decision(no_day, kitemark, before_the_day) == before_the_day
    assert city_told_at_decision(kitemark, before_the_day, None) == before_the_day


def test_an_announcement_day_before_applications_close_is_refused(people: People) -> None:
    with (
        translation.override("ko"),
        pytest.raises(workflow.Refused, match="신청 마감 전에는 결과를 발표할 수 없습니다"),
    ):
        workflow.open_round(
            find_version("kr-smartcity"),
            2026,
            name_ko="2026년 인증",
            name_en="Certification 2026",
            opens_on=date(2026, 6, 1),
            closes_on=date(2026, 6, 30),
            announce_on=date(2026, 6, 29),
            actor=people.certifier,
        )
