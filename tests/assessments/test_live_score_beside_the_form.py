"""A city officer changes one item and sees the score, pass or fail and gap plan change beside the form."""

from __future__ import annotations

from django.test import Client

from tests.people import People


def fill_all(client: Client, people: People, level: str) -> None:
    for node in people.draft.framework_version.framework.nodes:
        if node.assessable:
            client.post(f"/assessments/{people.draft.pk}/items/{node.id}/", {"value": level}, HTTP_HX_REQUEST="true")


def test_saving_an_item_returns_its_row_and_the_new_score_panel(client: Client, people: People) -> None:
    client.force_login(people.officer)
    fill_all(client, people, "3")
    answer = client.post(
        f"/assessments/{people.draft.pk}/items/TDAM.open-platform/", {"value": "2"}, HTTP_HX_REQUEST="true"
    )
    html = answer.content.decode()
    assert answer.status_code == 200
    assert 'data-item="TDAM.open-platform"' in html
    assert 'id="score-panel"' in html and 'hx-swap-oob="true"' in html
    assert 'data-certified="false"' in html
    assert 'data-gap="TDAM.open-platform"' in html
    answer = client.post(
        f"/assessments/{people.draft.pk}/items/TDAM.open-platform/", {"value": "3"}, HTTP_HX_REQUEST="true"
    )
    html = answer.content.decode()
    assert 'data-certified="true"' in html and "data-gap=" not in html
    assert 'data-total="66"' in html


def test_a_bad_value_is_refused_in_the_row_and_nothing_is_saved(client: Client, people: People) -> None:
    client.force_login(people.officer)
    answer = client.post(f"/assessments/{people.draft.pk}/items/BM.vision/", {"value": "9"})
    assert answer.status_code == 422
    html = answer.content.decode()
    assert "수준 9은(는) 1, 2, 3, 4, 5 중 하나가 아닙니다." in html
    assert people.draft.responses.get(item_id="BM.vision").value == "3"


def test_every_field_of_an_item_is_saved(client: Client, people: People) -> None:
    client.force_login(people.officer)
    client.post(
        f"/assessments/{people.draft.pk}/items/BM.leadership/",
        {
            "value": "4",
            "value_year": "2025",
            "data_source": "구청 성과보고서",
            "data_quality": "measured",
            "justification": "리더십 위원회 운영",
        },
    )
    response = people.draft.responses.get(item_id="BM.leadership")
    assert (
        response.value,
        response.value_year,
        response.data_source,
        response.data_quality,
        response.justification,
    ) == (
        "4",
        2025,
        "구청 성과보고서",
        "measured",
        "리더십 위원회 운영",
    )


def test_the_page_shows_the_tree_the_chart_and_the_plan(client: Client, people: People) -> None:
    client.force_login(people.officer)
    html = client.get(f"/assessments/{people.draft.pk}/").content.decode()
    assert "비즈니스 관리" in html and "도시 비전" in html
    assert html.count("<svg") == 2, "a radar of the areas and a bar of points"
    assert 'data-certified="false"' in html
