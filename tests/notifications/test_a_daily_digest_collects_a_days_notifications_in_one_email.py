"""Seocho-gu's officer chooses a daily digest, in English, on the notification settings page (a choice that is not
one of those offered is refused at its field). Over a day the panel asks for documents twice and raises a
finding: the officer's list shows all three at once, but no email goes out until the daily digest job runs, which
sends one email with the three, and the next day's run sends nothing more. Assessor-1, emailed at once, had the
city's answer the moment it came."""

from __future__ import annotations

import pytest
from django.core import mail
from django.test import Client

from citycert.certification import workflow
from citycert.notifications.digest import send_digests
from citycert.operations.schedule import periodic_jobs
from tests.certification.story import round_in_review
from tests.notifications.story import Commits, committed, give_addresses, messages_of
from tests.people import People
from tests.support import run_queued_jobs

pytestmark = pytest.mark.django_db


def test_the_day_comes_in_one_email(people: People, django_capture_on_commit_callbacks: Commits) -> None:
    story = round_in_review(people)
    give_addresses()
    officer = Client()
    officer.force_login(people.officer)
    officer.cookies["django_language"] = "en"
    page = officer.get("/notifications/settings/").content.decode()
    assert (
        'value="immediate" required id="id_email_0" checked' in page
        and 'value="ko" required id="id_language_0" checked' in page
    )
    refused = officer.post("/notifications/settings/", {"language": "en", "email": "weekly"})
    assert refused.status_code == 400 and "weekly is not one of the available choices" in refused.content.decode()
    saved = officer.post("/notifications/settings/", {"language": "en", "email": "daily"}, follow=True).content.decode()
    assert (
        "Your notification settings are saved." in saved and 'value="daily" required id="id_email_1" checked' in saved
    )
    with committed(django_capture_on_commit_callbacks):
        first = workflow.ask_city(story.seocho, "BM.vision", "stage-1", "Send the 2025 report.", people.assessor)
        workflow.ask_city(story.seocho, "BM.roadmap", "stage-1", "Send the strategy.", people.assessor)
        workflow.raise_finding(story.seocho, "BM.vision", "minor", "The vision has no targets.", None, people.assessor)
    assert len(messages_of(people.officer)) == 3
    assert run_queued_jobs() == 0 and mail.outbox == []

    with committed(django_capture_on_commit_callbacks):
        workflow.answer_request(first, "Attached to the application.", people.officer)
    assert run_queued_jobs() == 1
    (answered,) = mail.outbox
    assert answered.to == ["assessor1@krihs.re.kr"]
    assert answered.subject == "[citycert] 서초구에서 BM.vision에 대한 서류 요청에 답변했습니다."  # Korean by default
    mail.outbox.clear()

    assert "notifications" in [job.name for job in periodic_jobs()]
    assert send_digests() == 1
    assert run_queued_jobs() == 1
    (digest,) = mail.outbox
    assert digest.to == ["smart@seocho.go.kr"]
    assert digest.subject == "[citycert] 3 notifications today"
    assert "What citycert told you since your last digest:" in digest.body
    assert "Documents are asked for on BM.vision of Seocho-gu's application" in digest.body
    assert "Documents are asked for on BM.roadmap of Seocho-gu's application" in digest.body
    assert "A finding (minor nonconformity) was raised on BM.vision" in digest.body
    assert digest.body.index("BM.vision") < digest.body.index("BM.roadmap")

    assert send_digests() == 0
    assert run_queued_jobs() == 0
