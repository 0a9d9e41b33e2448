"""Assessor-1 asks Seocho-gu for documents. Seocho-gu's two officers are emailed at once by the worker, each in the
language they chose (the first never chose: Korean; the second chose English), with the question and a link to
the request; nothing is sent before the worker runs, nor while the step's transaction is open. Hanam-si's officer,
and assessor-1 who asked, get nothing."""

from __future__ import annotations

import pytest
from django.core import mail

from citycert.accounts.models import Role
from citycert.certification import workflow
from tests.certification.story import round_in_review
from tests.notifications.story import Commits, committed, give_addresses, messages_of, prefer
from tests.people import People, person
from tests.support import run_queued_jobs

pytestmark = pytest.mark.django_db


def test_each_officer_reads_the_request_in_their_language(
    people: People, django_capture_on_commit_callbacks: Commits
) -> None:
    story = round_in_review(people)
    english_officer = person("officer-seocho-2", "city_officer", people.seocho)
    english_officer.email = "it@seocho.go.kr"
    english_officer.save()
    prefer(english_officer, language="en")
    give_addresses()
    assert english_officer.profile.role == Role.CITY_OFFICER

    with committed(django_capture_on_commit_callbacks):
        request = workflow.ask_city(
            story.seocho, "BM.vision", "stage-1", "2025 성과보고서 원본을 보내 주세요.", people.assessor
        )
        assert mail.outbox == []
    assert mail.outbox == []  # queued for the worker, not sent by the request
    assert run_queued_jobs() == 2
    by_address = {message.to[0]: message for message in mail.outbox}
    assert sorted(by_address) == ["it@seocho.go.kr", "smart@seocho.go.kr"]

    korean = by_address["smart@seocho.go.kr"]
    assert korean.subject.startswith("[citycert] 서초구의 2026년 ISO 37106 인증 신청에서 BM.vision에 대한 서류를 요청")
    assert "“2025 성과보고서 원본을 보내 주세요.”" in korean.body
    assert (
        f"citycert에서 보기: http://127.0.0.1:8000/certification/applications/{story.seocho.pk}/#request-{request.pk}"
        in korean.body
    )
    assert "알림 설정" in korean.body

    english = by_address["it@seocho.go.kr"]
    assert english.subject.startswith("[citycert] Documents are asked for on BM.vision of Seocho-gu's application")
    assert "“2025 성과보고서 원본을 보내 주세요.”" in english.body
    assert (
        f"See it in citycert: http://127.0.0.1:8000/certification/applications/{story.seocho.pk}/#request-{request.pk}"
        in english.body
    )
    assert "notification settings" in english.body

    assert messages_of(people.other_officer) == []
    assert not [m for m in messages_of(people.assessor) if "Documents" in m]
