"""The panel has submitted both stages of Seocho-gu's national application; assessor-1 gave the living-lab item
(D1.I1.4) level 2 and assessor-2 level 3. The certifier types the consensus with three values the items do not
take and a 5 for D1.I1.4 without a reason: one answer names all four, each at its field (the reason at the item's
rationale), in Korean, with all 53 values and the rationales typed kept, and saves nothing. With the values
corrected and a reason given it is saved. Nobody but the certifying body may send it."""

from __future__ import annotations

from django.conf import settings
from django.test import Client

from citycert.certification import workflow
from citycert.certification.models import Application, ConsensusScore
from citycert.certification.scheme import stage_ids
from tests.certification.national_sheet import (
    NationalReview,
    city_values,
    fields_in,
    national_application_in_review,
    national_items,
    row_of,
)
from tests.people import People

BAD = {"D1.I1.2": "140", "D1.I1.1": "-3", "D3.I1.1": "15"}


def reviewed(people: People) -> NationalReview:
    review = national_application_in_review(people)
    application: Application = review.application
    values = city_values(application)
    for stage in stage_ids(application.round.framework_version.framework):
        for assessor, living_lab in zip(review.assessors, ("2", "3"), strict=True):
            sheet = workflow.sheet_for(application, assessor, stage)
            scores = {item: (living_lab if item == "D1.I1.4" else value, "") for item, value in values.items()}
            workflow.submit_scores(sheet, scores, assessor)
    return review


def typed(values: dict[str, str]) -> dict[str, str]:
    return {f"value-{item}": value for item, value in values.items()} | {"rationale-D2.I1.1": "조례 시행 확인"}


def test_every_error_at_its_field_at_once_and_everything_typed_kept(client: Client, people: People) -> None:
    review = reviewed(people)
    client.force_login(people.certifier)
    url = f"/certification/applications/{review.application.pk}/consensus/"
    values = city_values(review.application) | BAD | {"D1.I1.4": "5"}

    answer = client.post(url, typed(values))
    assert answer.status_code == 400
    page = answer.content.decode()
    assert "4개 값을 고쳐야 합니다. 입력한 내용은 모두 그대로 있습니다." in page
    assert "(허용: 0 이상 100 이하, 단위: %)" in row_of(page, "D1.I1.2", "consensus")
    assert "(허용: 0 이상 50000 이하, 단위: 건)" in row_of(page, "D1.I1.1", "consensus")
    assert "(허용: 0 이상 12 이하, 단위: 개 분야)" in row_of(page, "D3.I1.1", "consensus")
    living_lab = row_of(page, "D1.I1.4", "consensus")
    assert "5은(는) 패널 점수 범위(2–3)를 벗어납니다: 이 항목의 사유를 적어 주세요." in living_lab
    assert "패널 범위 밖" in living_lab and living_lab.startswith(' class="flagged')
    assert page.count('class="error field-error"') == 4
    for item in national_items():
        kept, _kinds = fields_in(row_of(page, item.id, "consensus"))
        assert kept[f"value-{item.id}"] == values[item.id], item.id
    assert fields_in(row_of(page, "D2.I1.1", "consensus"))[0]["rationale-D2.I1.1"] == "조례 시행 확인"
    assert ConsensusScore.objects.count() == 0

    # The values fixed, the reason still missing: the workflow's own refusal (409), at the field too.
    fixed = city_values(review.application) | {"D1.I1.4": "5"}
    answer = client.post(url, typed(fixed))
    assert answer.status_code == 409
    page = answer.content.decode()
    assert "패널 점수 범위를 벗어난 합의 점수는 해당 항목의 사유가 필요합니다" in page
    assert "이 항목의 사유를 적어 주세요." in row_of(page, "D1.I1.4", "consensus")
    assert ConsensusScore.objects.count() == 0

    done = client.post(url, typed(fixed) | {"rationale-D1.I1.4": "현장실사에서 리빙랩 5곳 확인"})
    assert done.status_code == 302
    assert ConsensusScore.objects.count() == 53
    assert ConsensusScore.objects.get(item_id="D1.I1.4").rationale == "현장실사에서 리빙랩 5곳 확인"


def test_the_form_shows_what_each_item_takes_and_the_citys_answer(client: Client, people: People) -> None:
    review = reviewed(people)
    client.force_login(people.certifier)
    page = client.get(f"/certification/applications/{review.application.pk}/").content.decode()
    ordinance = row_of(page, "D2.I1.1", "consensus")
    assert fields_in(ordinance)[1]["value-D2.I1.1"] == "radio"
    assert "허용: 예 또는 아니오" in ordinance and "서초구 스마트도시 조성 및 운영 조례" in ordinance
    living_lab = row_of(page, "D1.I1.4", "consensus")
    assert fields_in(living_lab)[0]["value-D1.I1.4"] == "2"  # the panel's median, offered as a start
    assert "2–3" in living_lab


def test_only_the_certifying_body_sends_the_consensus(client: Client, people: People) -> None:
    review = reviewed(people)
    url = f"/certification/applications/{review.application.pk}/consensus/"
    posted = typed(city_values(review.application))
    client.force_login(review.assessors[0])
    assert client.post(url, posted).status_code == 403
    client.force_login(people.officer)
    assert client.post(url, posted).status_code == 403
    client.force_login(people.other_officer)
    assert client.post(url, posted).status_code == 404
    client.logout()
    answer = client.post(url, posted)
    assert answer.status_code == 302 and "/accounts/login/" in answer["Location"]
    assert ConsensusScore.objects.count() == 0


def test_the_form_speaks_english_when_switched(client: Client, people: People) -> None:
    review = reviewed(people)
    client.force_login(people.certifier)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    url = f"/certification/applications/{review.application.pk}/consensus/"
    page = client.post(url, typed(city_values(review.application) | BAD | {"D1.I1.4": "5"})).content.decode()
    assert "4 values need correcting; everything you typed is kept." in page
    assert "(allowed: 0 to 12, in " in row_of(page, "D3.I1.1", "consensus")
    living_lab = row_of(page, "D1.I1.4", "consensus")
    assert "5 is outside the panel&#x27;s range (2–3): give the reason for this item." in living_lab
