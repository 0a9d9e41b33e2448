"""Each person's "My work" (내 업무) lists their open tasks with a link to where each is done and its due date,
and the navigation says how many there are.

Assessor-1, right after the panel is assigned, sees each application's stages to score; once submitted, they are
gone. Seocho-gu's officer sees the panel's request for documents and a finding to close, then not once answered
and closed; the assessor then has the answer to read and the finding to verify. The certifier sees Seocho-gu
ready for its consensus; the second certifier (who took no part) sees it ready for a decision, and the waiver the
first asked for; the city sees the decision with its appeal window; a certifier who took no part sees the open
appeal and a complaint. Someone with nothing open reads that nothing is assigned to them."""

from __future__ import annotations

import re
from datetime import date, timedelta

from django.test import Client
from django.utils import timezone

from citycert.appeals.transitions import file_appeal, file_complaint, move_complaint
from citycert.certification import workflow
from citycert.certification.choices import Outcome
from citycert.inbox import tasks_for
from tests.certification.story import (
    APPLYING_DAY,
    item_ids,
    open_bsi_round,
    review_in_full,
    round_in_review,
    second_certifier,
    submitted_self_assessment,
)
from tests.people import People, person, ready_to_sit


def my_work(client: Client, user: object, language: str = "ko") -> str:
    client.force_login(user)  # type: ignore[arg-type]
    client.cookies["django_language"] = language
    page = client.get("/my/")
    assert page.status_code == 200
    return page.content.decode()


def navigation_count(html: str) -> int:
    """The number beside "My work" in the navigation; 0 when none is shown."""
    found = re.search(r'href="/my/">[^<]*<span class="count"[^>]*>(\d+)</span>', html)
    return int(found.group(1)) if found else 0


def kinds(user: object) -> list[tuple[str, str]]:
    return [(task.kind, task.url) for task in tasks_for(user)]  # type: ignore[arg-type]


def test_an_assessor_sees_the_stages_to_score_right_after_being_assigned(client: Client, people: People) -> None:
    story = round_in_review(people)
    html = my_work(client, people.assessor)
    assert "아직 맡은 업무가 없습니다" not in html
    seocho_sheet = f"/certification/applications/{story.seocho.pk}/review/stage-1/"
    assert seocho_sheet in html
    assert "1단계 문서심사 채점" in html and "서초구" in html and "하남시" in html
    assert navigation_count(html) == 4  # two stages of two applications

    english = my_work(client, people.assessor, "en")
    assert "Score Stage 1 document review" in english and "Score Stage 2 on-site audit" in english
    assert navigation_count(english) == 4

    scores = dict.fromkeys(item_ids(), ("3", ""))
    for stage in ("stage-1", "stage-2"):
        workflow.submit_scores(workflow.sheet_for(story.seocho, people.assessor, stage), scores, people.assessor)
    html = my_work(client, people.assessor)
    assert seocho_sheet not in html
    assert f"/certification/applications/{story.hanam.pk}/review/stage-1/" in html
    assert navigation_count(html) == 2


def test_the_officer_answers_a_request_and_closes_a_finding(client: Client, people: People) -> None:
    story = round_in_review(people)
    assert "아직 맡은 업무가 없습니다" in my_work(client, people.officer)
    request = workflow.ask_city(
        story.seocho, "BM.vision", "stage-1", "2025 성과보고서 원본을 보내 주세요", people.assessor
    )
    due = timezone.localdate() + timedelta(days=14)
    finding = workflow.raise_finding(
        story.seocho, "BM.vision", "minor", "성과지표 갱신 주기 불명확", due, people.assessor
    )

    html = my_work(client, people.officer, "en")
    assert "Send the documents asked for on BM.vision" in html
    assert f"/certification/applications/{story.seocho.pk}/#request-{request.pk}" in html
    assert "Close the finding on BM.vision (minor nonconformity)" in html
    assert f'<time datetime="{due:%Y-%m-%d}">' in html
    assert navigation_count(html) == 2
    # Hanam-si's officer has nothing of Seocho-gu's.
    assert "아직 맡은 업무가 없습니다" in my_work(client, people.other_officer)

    workflow.answer_request(request, "첨부 링크: https://example.org/report.pdf", people.officer)
    workflow.close_finding(finding, "갱신 주기를 분기로 정함", people.officer)
    html = my_work(client, people.officer)
    assert f"#request-{request.pk}" not in html and f"#finding-{finding.pk}" not in html
    assert "아직 맡은 업무가 없습니다" in html and navigation_count(html) == 0

    # The assessor who asked now has the answer to read and the closed finding to verify.
    assessor = my_work(client, people.assessor, "en")
    assert "Read the city&#x27;s answer on BM.vision" in assessor
    assert f"#verify-{finding.pk}" in assessor
    workflow.verify_finding(finding, people.assessor)
    assert f"#verify-{finding.pk}" not in my_work(client, people.assessor)


def test_the_certifiers_see_consensus_decision_waiver_appeal_and_complaint(client: Client, people: People) -> None:
    story = round_in_review(people)
    second = second_certifier()
    seocho = f"/certification/applications/{story.seocho.pk}/"
    assert ("consensus", seocho + "#consensus") not in kinds(people.certifier)

    scores = dict.fromkeys(item_ids(), ("3", ""))
    review_in_full(story.seocho, scores)
    html = my_work(client, people.certifier, "en")
    assert "Record the panel&#x27;s consensus" in html and seocho + "#consensus" in html

    workflow.record_consensus(story.seocho, scores, people.certifier)
    # Four eyes: who recorded the consensus does not decide; the second certifier does.
    assert seocho + "#decide" not in my_work(client, people.certifier)
    assert seocho + "#decide" in my_work(client, second)

    waiver = workflow.request_waiver(story.hanam, "stage-1", "현장 공사로 문서심사 대체", people.certifier)
    assert f"#waiver-{waiver.pk}" not in my_work(client, people.certifier)  # not their own
    html = my_work(client, second, "en")
    assert f"#waiver-{waiver.pk}" in html and "asked by certifier" in html

    today = timezone.localdate()
    workflow.decide(story.seocho, Outcome.CERTIFIED, "요건 충족", second, today)
    officer = my_work(client, people.officer, "en")
    closes = today + timedelta(days=30)
    assert "Decision: certified; an appeal may be filed until its window closes" in officer
    assert f'<time datetime="{closes:%Y-%m-%d}">' in officer
    assert seocho + "#decide" not in my_work(client, second)

    appeal = file_appeal(story.seocho, "점수 산정 이의", [], people.officer, today)
    assert seocho + "#decision" not in my_work(client, people.officer)  # appealed: no longer a window to act in
    # Who took part in the decision does not handle its appeal; a certifier who took none does.
    assert f"/certification/appeals/{appeal.pk}/" not in my_work(client, people.certifier)
    assert f"/certification/appeals/{appeal.pk}/" not in my_work(client, second)
    third = person("certifier-3", "certifier")
    html = my_work(client, third, "en")
    assert f"/certification/appeals/{appeal.pk}/" in html and "Handle the appeal filed on" in html

    complaint = file_complaint("body", "심사 일정 안내가 늦었습니다", None)
    html = my_work(client, third)
    assert f"/certification/complaints/{complaint.pk}/" in html
    assert navigation_count(html) == len(tasks_for(third))
    move_complaint(complaint, "triaged", "확인 중", third)
    move_complaint(complaint, "closed", "안내 절차 개선", third)
    assert f"/certification/complaints/{complaint.pk}/" not in my_work(client, third)


def test_a_person_with_nothing_open_reads_so(client: Client, people: People) -> None:
    for user in (people.assessor, people.officer, people.certifier, people.admin):
        html = my_work(client, user)
        assert "아직 맡은 업무가 없습니다" in html
        assert navigation_count(html) == 0
    assert "Nothing is assigned to you yet." in my_work(client, people.assessor, "en")


def test_an_overdue_review_is_the_certifiers_task(client: Client, people: People) -> None:
    story = round_in_review(people)
    story.round.review_on = date(2026, 7, 15)
    story.round.save(update_fields=["review_on"])
    overdue = [task for task in tasks_for(people.certifier, date(2026, 8, 1)) if task.kind == "overdue"]
    assert {task.url for task in overdue} == {
        f"/certification/applications/{story.seocho.pk}/#stages",
        f"/certification/applications/{story.hanam.pk}/#stages",
    }
    assert all(task.overdue and task.due_on == date(2026, 7, 15) for task in overdue)
    assert not [task for task in tasks_for(people.certifier, date(2026, 7, 1)) if task.kind == "overdue"]
    # The assessor's stages carry the round's review date as their due date.
    assert {task.due_on for task in tasks_for(people.assessor, date(2026, 8, 1))} == {date(2026, 7, 15)}


def test_an_application_without_a_panel_is_the_certifiers_to_assign(client: Client, people: People) -> None:
    round_ = open_bsi_round(people)
    own = submitted_self_assessment(people.seocho, people.officer, {})
    application = workflow.apply(round_, own, people.officer, APPLYING_DAY)
    html = my_work(client, people.certifier, "en")
    assert "Assign a panel" in html and f'href="/certification/rounds/{round_.pk}/"' in html
    assert "심사단 배정" in my_work(client, people.certifier)
    assert "아직 맡은 업무가 없습니다" in my_work(client, people.assessor)
    ready_to_sit(round_, [people.assessor], people.certifier)
    workflow.assign(
        application, workflow.form_panel(round_, "패널 A", [people.assessor], people.certifier), people.certifier
    )
    assert "Assign a panel" not in my_work(client, people.certifier, "en")


def test_the_count_on_every_page_follows_each_change(client: Client, people: People) -> None:
    story = round_in_review(people)
    client.force_login(people.assessor)
    assert navigation_count(client.get("/certification/").content.decode()) == 4
    assert navigation_count(client.get("/registry/").content.decode()) == 4
    scores = dict.fromkeys(item_ids(), ("3", ""))
    workflow.submit_scores(workflow.sheet_for(story.seocho, people.assessor, "stage-1"), scores, people.assessor)
    assert navigation_count(client.get("/certification/").content.decode()) == 3
    client.force_login(people.officer)
    assert navigation_count(client.get("/certification/").content.decode()) == 0
    workflow.ask_city(story.seocho, "BM.vision", "stage-1", "원본을 보내 주세요", people.assessor)
    assert navigation_count(client.get("/certification/").content.decode()) == 1
