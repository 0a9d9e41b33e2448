"""Assessor-1 works through Seocho-gu's national sheet over a day. Each row saves itself as they change it (the
row answers "저장됨", or the reason at its field for a value the item does not take, saving nothing of that row);
"임시 저장" keeps every good value and leaves a bad one typed in the form with its reason. Reloading the page
brings the draft back; neither way submits the sheet, and the other assessors' scores stay hidden."""

from __future__ import annotations

from django.test import Client

from citycert.audit.models import AuditEvent
from citycert.certification import workflow
from citycert.certification.models import ReviewScore, ReviewSheet
from tests.certification.national_sheet import city_values, fields_in, national_application_in_review, row_of
from tests.people import People


def test_each_row_saves_itself_as_a_draft(client: Client, people: People) -> None:
    review = national_application_in_review(people)
    client.force_login(review.assessors[0])
    base = f"/certification/applications/{review.application.pk}/review/document-review/"

    saved = client.post(base + "items/D1.I1.2/", {"value-D1.I1.2": "62.5", "comment-D1.I1.2": "공개 목록 확인"})
    assert saved.status_code == 200 and "저장됨" in saved.content.decode()
    refused = client.post(base + "items/D1.I1.1/", {"value-D1.I1.1": "-3"})
    assert refused.status_code == 200
    assert (
        "(허용: 0 이상 50000 이하, 단위: 건)" in refused.content.decode() and "저장됨" not in refused.content.decode()
    )
    yes = client.post(base + "items/D2.I1.1/", {"value-D2.I1.1": "true"})
    assert "저장됨" in yes.content.decode()

    assert dict(ReviewScore.objects.values_list("item_id", "value")) == {"D1.I1.2": "62.5", "D2.I1.1": "true"}
    emptied = client.post(base + "items/D1.I1.2/", {"value-D1.I1.2": "", "comment-D1.I1.2": ""}).content.decode()
    assert "빈 칸은 저장하지 않습니다: 다른 점수를 고를 때까지 내 점수 62.5 %이(가) 그대로 남습니다." in emptied
    page = client.get(base).content.decode()
    assert fields_in(row_of(page, "D1.I1.2"))[0] == {"value-D1.I1.2": "62.5", "comment-D1.I1.2": "공개 목록 확인"}
    assert fields_in(row_of(page, "D2.I1.1"))[0]["value-D2.I1.1"] == "true"
    assert "53개 항목 중 2개에 점수를 매겼습니다." in page
    assert ReviewSheet.objects.get(assessor=review.assessors[0]).submitted_at is None
    assert AuditEvent.objects.filter(action="review.scored").count() == 2


def test_save_draft_keeps_the_good_values_and_shows_the_bad_one_typed(client: Client, people: People) -> None:
    review = national_application_in_review(people)
    other = workflow.sheet_for(review.application, review.assessors[1], "document-review")
    workflow.submit_scores(
        other, {item: (value, "") for item, value in city_values(review.application).items()}, review.assessors[1]
    )
    client.force_login(review.assessors[0])
    url = f"/certification/applications/{review.application.pk}/review/document-review/"
    typed = {"value-D1.I1.4": "4", "comment-D1.I1.4": "리빙랩 3곳", "value-D2.I1.2": "false", "value-D3.I1.1": "15"}

    answer = client.post(url, typed | {"draft": "1"})
    page = answer.content.decode()
    assert answer.status_code == 400
    assert "임시 저장했습니다. 다만 아래 표시된 값은 저장하지 않았습니다" in page
    assert fields_in(row_of(page, "D3.I1.1"))[0]["value-D3.I1.1"] == "15"
    assert "(허용: 0 이상 12 이하, 단위: 개 분야)" in row_of(page, "D3.I1.1")
    assert dict(ReviewScore.objects.filter(sheet__assessor=review.assessors[0]).values_list("item_id", "value")) == {
        "D1.I1.4": "4",
        "D2.I1.2": "false",
    }

    reloaded = client.get(url).content.decode()
    assert fields_in(row_of(reloaded, "D1.I1.4"))[0] == {"value-D1.I1.4": "4", "comment-D1.I1.4": "리빙랩 3곳"}
    assert fields_in(row_of(reloaded, "D2.I1.2"))[0]["value-D2.I1.2"] == "false"
    assert fields_in(row_of(reloaded, "D3.I1.1"))[0]["value-D3.I1.1"] == ""  # the bad value was never kept
    assert "assessor-2" not in reloaded  # a draft is not a submission: the others stay hidden
    assert ReviewSheet.objects.get(assessor=review.assessors[0]).submitted_at is None

    # A draft with every value good goes back to the page with a word that it is saved.
    assert client.post(url, {"value-D3.I1.1": "7", "draft": "1"}).status_code == 302
    assert "임시 저장했습니다." in client.get(url).content.decode()
    assert ReviewSheet.objects.get(assessor=review.assessors[0]).submitted_at is None
