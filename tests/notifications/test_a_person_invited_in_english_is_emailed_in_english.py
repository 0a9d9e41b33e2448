"""The administrator invites two officers of Seocho-gu, one in English and one in Korean. Each accepts and never
opens the notification settings. When an assessor asks Seocho-gu for documents, each is emailed in the language
they were invited in, and their settings page shows that language chosen; a person may still choose another."""

from __future__ import annotations

import pytest
from django.test import Client

from citycert.certification import workflow
from tests.accounts.inviting import accept, invite, link_in, sent_to
from tests.certification.story import round_in_review
from tests.journeys.pages import form_on
from tests.notifications.story import Commits, committed
from tests.people import People

pytestmark = pytest.mark.django_db

ENGLISH = "it@seocho.example"
KOREAN = "smart@seocho.example"


def test_each_invited_officer_is_emailed_in_the_language_of_their_invitation(
    people: People, django_capture_on_commit_callbacks: Commits
) -> None:
    story = round_in_review(people)
    admin = Client()
    admin.force_login(people.admin)
    for name, email, language in (("Jo Han", ENGLISH, "en"), ("이서연", KOREAN, "ko")):
        invited = invite(
            admin, name=name, email=email, role="city_officer", cities=[people.seocho.pk], language=language
        )
        assert invited.status_code == 302
        assert accept(link_in(sent_to(email)[-1])).redirect_chain[-1][0] == "/my/"

    with committed(django_capture_on_commit_callbacks):
        workflow.ask_city(story.seocho, "BM.vision", "stage-1", "2025 성과보고서 원본을 보내 주세요.", people.assessor)

    [english] = sent_to(ENGLISH)[1:]
    assert english.subject.startswith("[citycert] Documents are asked for on BM.vision of Seocho-gu's application")
    assert "notification settings" in english.body
    [korean] = sent_to(KOREAN)[1:]
    assert korean.subject.startswith("[citycert] 서초구의 2026년 ISO 37106 인증 신청에서 BM.vision에 대한 서류를 요청")

    officer = Client()
    assert officer.login(username=ENGLISH, password="a-long-new-password-42")
    settings_page = officer.get("/notifications/settings/").content.decode()
    assert form_on(settings_page, "notification-settings").sent_as_is()["language"] == ["en"]
    # Their own choice still stands over the invitation's.
    assert officer.post("/notifications/settings/", {"language": "ko", "email": "immediate"}).status_code == 302
    with committed(django_capture_on_commit_callbacks):
        workflow.ask_city(story.seocho, "BM.roadmap", "stage-1", "로드맵 원본을 보내 주세요.", people.assessor)
    assert sent_to(ENGLISH)[-1].subject.startswith("[citycert] 서초구의 2026년 ISO 37106 인증 신청에서 BM.roadmap")
