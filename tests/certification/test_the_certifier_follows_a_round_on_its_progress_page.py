"""The certifier opens the round's progress page: Hanam-si is decided (certified); Seocho-gu waits on two assessors
for the document review, past the round's review date, so it is marked overdue. Each assessor's stages submitted
are counted, and the CSV holds the same rows. Nobody outside the certifying body opens it."""

from __future__ import annotations

import csv
import io

from django.test import Client

from tests.certification.story import REVIEW_DAY, RoundStory, one_decided_one_waiting
from tests.people import PASSWORD, People


def _story(people: People) -> RoundStory:
    return one_decided_one_waiting(people)


def _as(username: str, language: str = "ko") -> Client:
    client = Client()
    client.cookies["django_language"] = language
    assert client.login(username=username, password=PASSWORD)
    return client


def test_the_certifier_sees_each_step_the_assessors_and_what_is_overdue(people: People) -> None:
    story = _story(people)
    page = _as("certifier").get(f"/certification/rounds/{story.round.pk}/progress/").content.decode()
    assert "<strong>1</strong> 인증" in page and "<strong>1</strong> 결정 대기" in page
    assert "1건의 신청에 기한이 지난 일이 있습니다" in page
    assert "1단계 문서심사: assessor-2, assessor-3 미제출" in page
    assert f"심사 기한 {REVIEW_DAY.isoformat()}" in page
    assert "결정: 인증" in page
    # One panel for both: 2 applications of 2 stages each; assessor-1 submitted Hanam's two and Seocho's first.
    assert "<td>assessor-1</td><td>2</td><td>3 / 4</td>" in page.replace("\n", "")
    assert "<td>assessor-2</td><td>2</td><td>2 / 4</td>" in page.replace("\n", "")

    english = _as("certifier", "en").get(f"/certification/rounds/{story.round.pk}/progress/").content.decode()
    assert "Stage 1 document review: not yet submitted by assessor-2, assessor-3" in english
    assert f"review due {REVIEW_DAY.isoformat()}" in english and "decided: certified" in english


def test_the_csv_holds_the_same_rows(people: People) -> None:
    story = _story(people)
    answer = _as("certifier", "en").get(f"/certification/rounds/{story.round.pk}/progress.csv")
    assert answer["Content-Type"] == "text/csv; charset=utf-8"
    rows = list(csv.reader(io.StringIO(answer.content.decode("utf-8-sig"))))
    assert rows[0] == [
        "City", "Category", "Panel", "Step", "Stage 1 document review", "Stage 2 on-site audit",
        "Open requests", "Open findings", "Overdue",
    ]  # fmt: skip
    by_city = {row[0]: row for row in rows[1:]}
    assert by_city["Seocho-gu"][4] == "assessor-1" and by_city["Seocho-gu"][8] == f"review due {REVIEW_DAY.isoformat()}"
    assert by_city["Hanam-si"][3] == "decided: certified" and by_city["Hanam-si"][8] == ""


def test_only_the_certifying_body_opens_it(people: People) -> None:
    story = _story(people)
    for username in ("officer-seocho", "assessor-1"):
        refused = _as(username, "en").get(f"/certification/rounds/{story.round.pk}/progress/")
        assert refused.status_code == 403 and "For the certifying body only." in refused.content.decode()
    assert _as("officer-seocho").get(f"/certification/rounds/{story.round.pk}/progress.csv").status_code == 403
    public = Client().get(f"/certification/rounds/{story.round.pk}/progress/")
    assert public.status_code == 302 and public["Location"].startswith("/accounts/login/")
