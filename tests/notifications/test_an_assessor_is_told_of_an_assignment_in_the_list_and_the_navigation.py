"""The certifier assigns both cities' applications to a panel of three: assessor-1 finds two notifications on the
notification list, in English and in Korean, and the unread count beside "Notifications" in the navigation of any
page; opening one marks it read, "mark all as read" the rest, and the count goes. The certifier, who took the step,
is told nothing of it."""

from __future__ import annotations

import re

import pytest
from django.test import Client

from citycert.notifications.models import Notification
from tests.certification.story import round_in_review
from tests.notifications.story import Commits, committed, page_for
from tests.people import People

pytestmark = pytest.mark.django_db


def unread_count(page: str) -> str | None:
    found = re.search(r'href="/notifications/">[^<]*(?:<span class="count"[^>]*>(\d+)</span>)?</a>', page)
    assert found is not None, "no Notifications link in the navigation"
    return found.group(1)


def test_the_assessor_reads_the_assignments_and_marks_them_read(
    people: People, django_capture_on_commit_callbacks: Commits
) -> None:
    with committed(django_capture_on_commit_callbacks):
        story = round_in_review(people)

    english = page_for(people.assessor, "en")
    assert "You are assigned to review Seocho-gu&#x27;s application to ISO 37106 certification 2026." in english
    assert "You are assigned to review Hanam-si&#x27;s application to ISO 37106 certification 2026." in english
    assert unread_count(english) == "2"
    korean = page_for(people.assessor, "ko")
    assert "2026년 ISO 37106 인증에 낸 서초구의 신청을 심사하도록 배정되었습니다." in korean
    assert 'aria-label="읽지 않은 알림 2건"' in korean

    client = Client()
    client.force_login(people.assessor)
    other_page = client.get("/my/").content.decode()
    assert unread_count(other_page) == "2"

    seocho = Notification.objects.get(recipient=people.assessor, object_id=str(story.seocho.pk))
    opened = client.post(f"/notifications/{seocho.pk}/read/", {"open": "1"})
    assert opened.status_code == 302 and opened["Location"] == f"/certification/applications/{story.seocho.pk}/"
    assert unread_count(client.get("/notifications/").content.decode()) == "1"
    client.post("/notifications/read/")
    page = client.get("/notifications/").content.decode()
    assert unread_count(page) is None
    assert "Mark all as read" not in page and "모두 읽음으로 표시" not in page

    # The certifier assigned them: nothing to tell them of their own step.
    assert not Notification.objects.filter(recipient=people.certifier, kind="assigned").exists()
    # Somebody else's notification does not exist for the assessor.
    theirs = Notification.objects.exclude(recipient=people.assessor).first()
    if theirs is not None:
        assert client.post(f"/notifications/{theirs.pk}/read/").status_code == 404
