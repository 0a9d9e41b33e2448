"""Who may not touch assessor-1's sheet for Seocho-gu's national application: an assessor off the panel and
another city's officer find nothing (404), Seocho-gu's own officer is refused (403), a visitor is sent to log in; a second panel member's posts change only their own
sheet. Once assessor-1 has submitted, the sheet is shown read only, and a change, whole or by row, is refused
with the reason and changes nothing."""

from __future__ import annotations

from django.test import Client

from citycert.accounts.models import Role
from citycert.certification import workflow
from citycert.certification.models import ReviewScore
from tests.certification.national_sheet import city_values, fields_in, national_application_in_review
from tests.people import People, person


def test_others_find_nothing_and_a_visitor_is_sent_to_log_in(client: Client, people: People) -> None:
    review = national_application_in_review(people)
    url = f"/certification/applications/{review.application.pk}/review/document-review/"
    row = url + "items/D1.I1.2/"
    posted = {"value-D1.I1.2": "50", "submit": "1"}

    for outsider in (person("assessor-4", Role.ASSESSOR), people.other_officer):
        client.force_login(outsider)
        assert client.get(url).status_code == 404, outsider
        assert client.post(url, posted).status_code == 404, outsider
        assert client.post(row, posted).status_code == 404, outsider
    # Seocho-gu's own officer sees the application, but scoring it is not theirs to do.
    client.force_login(people.officer)
    refused = client.get(url)
    assert refused.status_code == 403 and "허용되지 않음" in refused.content.decode()
    assert client.post(url, posted).status_code == 403
    assert client.post(row, posted).status_code == 403
    client.logout()
    for answer in (client.get(url), client.post(url, posted), client.post(row, posted)):
        assert answer.status_code == 302 and "/accounts/login/" in answer["Location"]
    assert ReviewScore.objects.count() == 0

    # A second member of the panel scores on their own sheet only.
    client.force_login(review.assessors[1])
    client.post(row, {"value-D1.I1.2": "50"})
    assert list(ReviewScore.objects.values_list("sheet__assessor__username", "item_id")) == [("assessor-2", "D1.I1.2")]


def test_a_submitted_sheet_is_read_only_and_a_change_is_refused_with_the_reason(client: Client, people: People) -> None:
    review = national_application_in_review(people)
    assessor = review.assessors[0]
    sheet = workflow.sheet_for(review.application, assessor, "document-review")
    workflow.submit_scores(
        sheet, {item: (value, "") for item, value in city_values(review.application).items()}, assessor
    )
    client.force_login(assessor)
    url = f"/certification/applications/{review.application.pk}/review/document-review/"

    page = client.get(url).content.decode()
    assert "에 이 점수를 제출했습니다." in page
    assert fields_in(page.split("<tbody>")[1])[0] == {}  # no field left to change
    assert "점수 제출" not in page and "임시 저장" not in page

    answer = client.post(url, {"value-D1.I1.2": "1", "submit": "1"})
    assert answer.status_code == 400
    assert "제출한 점수는 더 이상 바꿀 수 없습니다." in answer.content.decode()
    by_row = client.post(url + "items/D1.I1.2/", {"value-D1.I1.2": "1"})
    assert "제출한 점수는 더 이상 바꿀 수 없습니다." in by_row.content.decode()
    assert "저장됨" not in by_row.content.decode()
    assert ReviewScore.objects.get(item_id="D1.I1.2").value == city_values(review.application)["D1.I1.2"]
