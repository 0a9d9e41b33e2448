"""Assessor-1 scores Seocho-gu's national application (53 items) for the document review. They type three values
the items do not take (140 % for a share, -3 for a count, 15 of 12 fields) and press submit: the sheet comes back
in Korean with the three reasons, each at its own field, and every one of the 53 values as typed; nothing is saved
and the sheet is not submitted. Yes/no items are answered with yes/no controls; each row says what the item
takes, with its unit, and shows the city's answer with its evidence. Corrected, the sheet is submitted whole."""

from __future__ import annotations

from django.conf import settings
from django.test import Client

from citycert.certification.models import ReviewScore, ReviewSheet
from tests.certification.national_sheet import (
    ORDINANCE,
    ORDINANCE_PAGE,
    city_values,
    fields_in,
    national_application_in_review,
    national_items,
    row_of,
)
from tests.people import People

BAD = {"D1.I1.2": "140", "D1.I1.1": "-3", "D3.I1.1": "15"}


def typed_sheet(values: dict[str, str]) -> dict[str, str]:
    """What the assessor sends: the city's own answer as their score for every item, a comment on each."""
    return {f"value-{item}": value for item, value in values.items()} | {
        f"comment-{item}": f"의견-{item}" for item in values
    }


def test_three_bad_values_are_named_at_their_fields_and_all_53_values_are_kept(client: Client, people: People) -> None:
    review = national_application_in_review(people)
    client.force_login(review.assessors[0])
    url = f"/certification/applications/{review.application.pk}/review/document-review/"
    values = city_values(review.application) | BAD
    assert len(values) == 53

    answer = client.post(url, typed_sheet(values) | {"submit": "1"})
    assert answer.status_code == 400
    page = answer.content.decode()
    assert "3개 값을 고쳐야 합니다. 입력한 내용은 모두 그대로 있습니다." in page
    # Each reason at its own field, in Korean, with what the item takes.
    assert "(허용: 0 이상 100 이하, 단위: %)" in row_of(page, "D1.I1.2")
    assert "140" in row_of(page, "D1.I1.2").split('class="error field-error"')[1]
    assert "(허용: 0 이상 50000 이하, 단위: 건)" in row_of(page, "D1.I1.1")
    assert "(허용: 0 이상 12 이하, 단위: 개 분야)" in row_of(page, "D3.I1.1")
    assert page.count('class="error field-error"') == 3
    for item in national_items():
        if item.id not in BAD:
            assert 'class="error field-error"' not in row_of(page, item.id), item.id
    # Every value, good or bad, and every comment, as typed.
    for item in national_items():
        kept, _kinds = fields_in(row_of(page, item.id))
        assert kept[f"value-{item.id}"] == values[item.id], item.id
        assert kept[f"comment-{item.id}"] == f"의견-{item.id}", item.id
    # Nothing saved, nothing submitted.
    assert ReviewScore.objects.count() == 0
    assert ReviewSheet.objects.get(assessor=review.assessors[0]).submitted_at is None

    corrected = values | {"D1.I1.2": "40", "D1.I1.1": "3", "D3.I1.1": "12"}
    done = client.post(url, typed_sheet(corrected) | {"submit": "1"})
    assert done.status_code == 302
    sheet = ReviewSheet.objects.get(assessor=review.assessors[0])
    assert sheet.submitted_at is not None and sheet.scores.count() == 53
    assert "제출했습니다" in client.get(url).content.decode()


def test_yes_no_items_are_yes_no_controls_and_each_row_shows_the_range_the_citys_answer_and_evidence(
    client: Client, people: People
) -> None:
    review = national_application_in_review(people)
    client.force_login(review.assessors[0])
    page = client.get(f"/certification/applications/{review.application.pk}/review/document-review/").content.decode()

    ordinance = row_of(page, "D2.I1.1")
    _values, kinds = fields_in(ordinance)
    assert kinds["value-D2.I1.1"] == "radio"
    assert '_0"> 예</label>' in " ".join(ordinance.split()) and '_1"> 아니오</label>' in " ".join(ordinance.split())
    assert "허용: 예 또는 아니오" in ordinance
    yes_no = [item.id for item in national_items() if item.node.type == "boolean"]
    assert len(yes_no) == 6
    for item in yes_no:
        assert fields_in(row_of(page, item))[1][f"value-{item}"] == "radio", item
    # The city's answer (a yes/no answer read as 예 or 아니오, not "true") and its evidence, on the row.
    city = city_values(review.application)["D2.I1.1"]
    assert ('<span class="answer">예</span>' if city == "true" else '<span class="answer">아니오</span>') in ordinance
    assert ORDINANCE in ordinance and f"/assessments/{review.application.frozen_id}/evidence/" in ordinance
    assert ORDINANCE_PAGE in ordinance
    evidence = ordinance.split(f"/assessments/{review.application.frozen_id}/evidence/")[1].split('"')[0]
    download = client.get(f"/assessments/{review.application.frozen_id}/evidence/{evidence}")
    assert download.status_code == 200  # the assessor may open the city's evidence from the row

    share = row_of(page, "D1.I1.2")
    assert "허용: 0 이상 100 이하, 단위: %" in share and fields_in(share)[1]["value-D1.I1.2"] == "text"
    assert f'<span class="answer">{city_values(review.application)["D1.I1.2"]} %</span>' in share
    level = row_of(page, "D1.I1.4")
    assert "허용: 수준 1–5" in level and fields_in(level)[1]["value-D1.I1.4"] == "select"


def test_yes_no_answers_are_stored_as_yes_or_no(client: Client, people: People) -> None:
    review = national_application_in_review(people)
    client.force_login(review.assessors[0])
    url = f"/certification/applications/{review.application.pk}/review/document-review/"
    client.post(url, {"value-D2.I1.1": "true", "value-D2.I1.2": "false"})
    stored = dict(ReviewScore.objects.values_list("item_id", "value"))
    assert stored == {"D2.I1.1": "true", "D2.I1.2": "false"}
    _values, _kinds = fields_in(row_of(client.get(url).content.decode(), "D2.I1.1"))
    assert _values["value-D2.I1.1"] == "true"


def test_submitting_with_items_left_blank_names_each_at_its_field(client: Client, people: People) -> None:
    review = national_application_in_review(people)
    client.force_login(review.assessors[0])
    url = f"/certification/applications/{review.application.pk}/review/document-review/"
    values = city_values(review.application)
    left = ["D1.I2.4", "D3.I3.6"]
    answer = client.post(url, typed_sheet({k: v for k, v in values.items() if k not in left}) | {"submit": "1"})
    page = answer.content.decode()
    assert answer.status_code == 400
    for item in left:
        assert "제출하기 전에 이 항목의 점수를 매겨 주세요." in row_of(page, item)
    assert ReviewScore.objects.count() == 0


def test_the_sheet_speaks_english_when_switched(client: Client, people: People) -> None:
    review = national_application_in_review(people)
    client.force_login(review.assessors[0])
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    url = f"/certification/applications/{review.application.pk}/review/document-review/"
    page = client.post(url, typed_sheet(city_values(review.application) | BAD) | {"submit": "1"}).content.decode()
    assert "3 values need correcting; everything you typed is kept." in page
    assert "(allowed: 0 to 100, in %)" in row_of(page, "D1.I1.2")
    assert "Allowed: yes or no" in row_of(page, "D2.I1.1")
    assert " yes</label>" in " ".join(row_of(page, "D2.I1.1").split())
    assert " no</label>" in " ".join(row_of(page, "D2.I1.1").split())
