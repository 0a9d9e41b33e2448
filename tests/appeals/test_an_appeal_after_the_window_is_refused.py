"""Seocho-gu was certified 31 days ago; ISO 37106 gives 30 days to appeal. Its officer's appeal is refused on the
form with the last day it could have been filed, what they typed still there, and nothing is saved."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from citycert.appeals.models import Appeal
from citycert.audit.models import AuditEvent
from citycert.certification.choices import Outcome
from tests.appeals.story import logged_in, seocho_decided, text_of
from tests.people import People

pytestmark = pytest.mark.django_db


def test_an_appeal_after_the_window_is_refused_with_the_date(people: People) -> None:
    today = timezone.localdate()
    story = seocho_decided(people, Outcome.CERTIFIED, day=today - timedelta(days=31))
    officer = logged_in(people.officer)
    last_day = (today - timedelta(days=1)).isoformat()
    assert last_day in text_of(officer.get(f"/certification/applications/{story.application.pk}/"))
    # Opened by its address, the appeal form says at once that the time is over, and offers nothing to fill in.
    form = officer.get(f"/certification/applications/{story.application.pk}/appeal/")
    assert form.status_code == 409 and f"이의 신청 기간은 {last_day}에 끝났습니다" in text_of(form)
    assert "<textarea" not in form.content.decode()

    answer = officer.post(
        f"/certification/applications/{story.application.pk}/appeal/", {"reasons": "늦었지만 검토를 요청합니다."}
    )
    assert answer.status_code == 409
    page = text_of(answer)
    assert f"이의 신청 기간은 {last_day}에 끝났습니다" in page
    assert "늦었지만 검토를 요청합니다." in page
    assert not Appeal.objects.exists()
    assert not AuditEvent.objects.filter(object_type="appeal").exists()
