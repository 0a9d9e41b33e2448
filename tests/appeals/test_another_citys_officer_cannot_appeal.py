"""Hanam-si's officer cannot appeal Seocho-gu's decision, nor see its appeals: the pages and the API answer that
there is no such thing (404), and nothing is saved. Seocho-gu's officer, the one who may, still can."""

from __future__ import annotations

import pytest

from citycert.appeals import transitions
from citycert.appeals.models import Appeal
from citycert.certification.choices import Outcome
from citycert.certification.workflow import Refused
from tests.api.calling import BASE, Caller
from tests.appeals.story import logged_in, seocho_decided
from tests.people import People

pytestmark = pytest.mark.django_db


def test_another_citys_officer_is_refused(people: People) -> None:
    story = seocho_decided(people, Outcome.CERTIFIED)
    pk = story.application.pk
    other = logged_in(people.other_officer)
    assert other.get(f"/certification/applications/{pk}/appeal/").status_code == 404
    assert other.post(f"/certification/applications/{pk}/appeal/", {"reasons": "대신 신청합니다."}).status_code == 404
    api = Caller(people.other_officer)
    sent = api.client.post(f"{BASE}/applications/{pk}/appeals", {"reasons": "대신 신청합니다."}, headers=api.headers)
    assert sent.status_code == 404
    with pytest.raises(Refused):
        transitions.file_appeal(
            story.application, "대신 신청합니다.", [], people.other_officer, story.decision.decided_at.date()
        )
    assert not Appeal.objects.exists()

    appeal = transitions.file_appeal(
        story.application, "재검토 요청", [], people.officer, story.decision.decided_at.date()
    )
    assert other.get(f"/certification/appeals/{appeal.pk}/").status_code == 404
    assert api.get(f"/appeals/{appeal.pk}").status_code == 404
    assert api.get(f"/applications/{pk}/appeals").status_code == 404
