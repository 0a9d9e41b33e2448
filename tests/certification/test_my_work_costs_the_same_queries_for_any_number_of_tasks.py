"""Each kind of task is gathered by one query whatever the number of tasks: an assessor, an officer and the
certifiers cost the same number of queries with a few tasks as with many (no query per application, request,
finding, waiver, appeal or complaint), and the page with its count in the navigation reads them once."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from citycert.appeals.transitions import file_appeal, file_complaint
from citycert.certification import workflow
from citycert.certification.choices import Outcome
from citycert.inbox import tasks_for
from tests.certification.story import item_ids, review_in_full, round_in_review, second_certifier
from tests.people import People


def queries(call: Callable[[], object]) -> int:
    with CaptureQueriesContext(connection) as captured:
        call()
    return len(captured.captured_queries)


def test_the_tasks_cost_the_same_queries_for_few_and_many(client: Client, people: People) -> None:
    story = round_in_review(people)
    second = second_certifier()
    today = timezone.localdate()
    workflow.ask_city(story.hanam, "BM.vision", "stage-1", "원본 1", people.assessor)
    workflow.raise_finding(story.hanam, "BM.vision", "minor", "지적 1", today + timedelta(days=7), people.assessor)
    file_complaint("body", "민원 1", None)
    few = {
        "assessor": (len(tasks_for(people.assessor)), queries(lambda: tasks_for(people.assessor))),
        "officer": (len(tasks_for(people.other_officer)), queries(lambda: tasks_for(people.other_officer))),
        "certifier": (len(tasks_for(second)), queries(lambda: tasks_for(second))),
    }

    # Many more of every kind: requests and findings (answered and not), a waiver, consensus, a decision
    # with its appeal window, an appeal, complaints.
    for number in range(2, 8):
        request = workflow.ask_city(story.hanam, "BM.vision", "stage-1", f"원본 {number}", people.assessor)
        if number % 2:
            workflow.answer_request(request, "링크", people.other_officer)
        finding = workflow.raise_finding(story.hanam, "BM.vision", "minor", f"지적 {number}", None, people.assessor)
        if number % 2:
            workflow.close_finding(finding, "조치함", people.other_officer)
        file_complaint("body", f"민원 {number}", None)
    workflow.request_waiver(story.hanam, "stage-1", "일정", people.certifier)
    scores = dict.fromkeys(item_ids(), ("3", ""))
    review_in_full(story.seocho, scores)
    workflow.record_consensus(story.seocho, scores, people.certifier)
    workflow.decide(story.seocho, Outcome.CERTIFIED, "충족", second, today)
    file_appeal(story.seocho, "이의", [], people.officer, today)
    many = {
        "assessor": (len(tasks_for(people.assessor)), queries(lambda: tasks_for(people.assessor))),
        "officer": (len(tasks_for(people.other_officer)), queries(lambda: tasks_for(people.other_officer))),
        "certifier": (len(tasks_for(second)), queries(lambda: tasks_for(second))),
    }
    # Seocho-gu's officer, whose decision is taken and appealed, costs the same queries too.
    assert queries(lambda: tasks_for(people.officer)) == many["officer"][1]
    for who in few:
        assert many[who][0] > few[who][0], who
        assert many[who][1] == few[who][1], who
    # One query per kind of task: a handful, whatever the number of tasks.
    assert few["assessor"][1] <= 6 and few["officer"][1] <= 8 and few["certifier"][1] <= 10

    # The page and the navigation's count share one gathering of the tasks.
    client.force_login(second)
    page_queries = queries(lambda: client.get("/my/"))
    client.get("/certification/")  # the count on another page costs the same gathering
    assert page_queries <= many["certifier"][1] + 12
