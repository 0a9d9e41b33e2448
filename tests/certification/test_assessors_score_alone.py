"""Assessor-2 scores Seocho-gu's stage 1 without seeing assessor-1's scores; once they submit their own,
the others' submitted scores appear. An assessor off the panel finds nothing at all."""

from __future__ import annotations

from django.test import Client

from citycert.accounts.models import Role
from citycert.certification import workflow
from citycert.permissions import visible_sheets
from tests.certification.story import item_ids, round_in_review
from tests.people import People, person

MARK = "A1-only-comment"


def test_scores_stay_hidden_until_the_assessor_submits_their_own(client: Client, people: People) -> None:
    story = round_in_review(people)
    first, second = story.assessors[0], story.assessors[1]
    sheet = workflow.sheet_for(story.seocho, first, "stage-1")
    workflow.save_scores(sheet, dict.fromkeys(item_ids(), ("4", MARK)), first)
    workflow.submit_sheet(sheet, first)

    client.force_login(second)
    page = f"/certification/applications/{story.seocho.pk}/review/stage-1/"
    before = client.get(page)
    assert before.status_code == 200
    assert "assessor-1" not in before.content.decode()
    assert visible_sheets(second, story.seocho, "stage-1") == [workflow.sheet_for(story.seocho, second, "stage-1")]

    # Saving without submitting still shows nothing of the others.
    client.post(page, {f"value-{item}": "3" for item in item_ids()})
    assert "assessor-1" not in client.get(page).content.decode()

    client.post(page, {**{f"value-{item}": "3" for item in item_ids()}, "submit": "1"})
    after = client.get(page).content.decode()
    assert "assessor-1" in after
    assert 'data-label="assessor-1">4 ' in after  # assessor-1's level (and its name) in their column


def test_a_submitted_sheet_cannot_be_changed(client: Client, people: People) -> None:
    story = round_in_review(people)
    first = story.assessors[0]
    client.force_login(first)
    page = f"/certification/applications/{story.seocho.pk}/review/stage-1/"
    client.post(page, {**{f"value-{item}": "3" for item in item_ids()}, "submit": "1"})
    answer = client.post(page, {f"value-{item}": "5" for item in item_ids()})
    assert answer.status_code == 400
    assert set(workflow.sheet_for(story.seocho, first, "stage-1").scores.values_list("value", flat=True)) == {"3"}


def test_submitting_with_items_unscored_is_refused_with_the_items_named(client: Client, people: People) -> None:
    story = round_in_review(people)
    client.force_login(story.assessors[0])
    page = f"/certification/applications/{story.seocho.pk}/review/stage-1/"
    answer = client.post(page, {f"value-{item_ids()[0]}": "3", "submit": "1"})
    html = answer.content.decode()
    assert answer.status_code == 400
    # Each unscored item is named at its field, in Korean (not "모든 항목", which the page's introduction holds).
    assert f"{len(item_ids()) - 1}개 값을 고쳐야 합니다." in html
    assert (
        f'id="id_value-{item_ids()[1]}_error" aria-live="polite">'
        '<p class="error field-error">제출하기 전에 이 항목의 점수를 매겨 주세요.</p>'
    ) in html
    assert workflow.sheet_for(story.seocho, story.assessors[0], "stage-1").submitted_at is None


def test_an_assessor_off_the_panel_finds_nothing(client: Client, people: People) -> None:
    story = round_in_review(people)
    outsider = person("assessor-4", Role.ASSESSOR)
    client.force_login(outsider)
    for url in (
        f"/certification/applications/{story.seocho.pk}/",
        f"/certification/applications/{story.seocho.pk}/review/stage-1/",
        f"/assessments/{story.seocho.frozen_id}/",
        f"/assessments/{story.seocho.source_id}/",
    ):
        assert client.get(url).status_code == 404, url
    assert (
        client.post(
            f"/certification/applications/{story.seocho.pk}/requests/",
            {"item": "BM.vision", "stage": "stage-1", "question": "x"},
        ).status_code
        == 404
    )
    listing = client.get("/certification/").content.decode()
    assert f"/certification/applications/{story.seocho.pk}/" not in listing


def test_a_panel_member_reads_the_frozen_copy_but_not_the_citys_own_assessments(client: Client, people: People) -> None:
    story = round_in_review(people)
    client.force_login(story.assessors[1])
    assert client.get(f"/assessments/{story.seocho.frozen_id}/").status_code == 200
    assert client.get(f"/assessments/{story.seocho.source_id}/").status_code == 404
    assert client.get(f"/assessments/{people.draft.pk}/").status_code == 404
