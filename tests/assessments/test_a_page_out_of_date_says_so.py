"""A tab left open says it is out of date instead of silently doing nothing.

Seocho-gu's officer has the draft open in one tab (the page carries the revision it was read at). Meanwhile the
assessment is changed in another tab, or submitted: a change from the old tab is not saved, and its row says
why and offers to reload the page (409). The page's own changes, one after the other, go through.
"""

from __future__ import annotations

from django.conf import settings
from django.test import Client

from citycert.assessments.choices import State
from citycert.assessments.workflow import ResponseInput, save_response, transition
from tests.people import People


def change(client: Client, people: People, item: str, value: str, revision: int) -> tuple[int, str]:
    answer = client.post(
        f"/assessments/{people.draft.pk}/items/{item}/",
        {"value": value, "revision": str(revision)},
        HTTP_HX_REQUEST="true",
    )
    return answer.status_code, answer.content.decode()


def the_page_revision(client: Client, people: People) -> int:
    html = client.get(f"/assessments/{people.draft.pk}/").content.decode()
    marker = 'id="assessment-revision" name="revision" value="'
    assert marker in html, "the page carries the revision it was read at"
    return int(html.split(marker)[1].split('"')[0])


def test_the_pages_own_changes_follow_one_another(client: Client, people: People) -> None:
    client.force_login(people.officer)
    revision = the_page_revision(client, people)
    status, html = change(client, people, "BM.leadership", "4", revision)
    assert status == 200
    assert f'id="assessment-revision" name="revision" value="{revision + 1}" hx-swap-oob="true"' in html
    status, _ = change(client, people, "BM.roadmap", "2", revision + 1)
    assert status == 200
    assert people.draft.responses.get(item_id="BM.roadmap").value == "2"


def test_a_change_made_in_another_tab_since_the_page_was_read_is_not_overwritten(
    client: Client, people: People
) -> None:
    client.force_login(people.officer)
    revision = the_page_revision(client, people)
    save_response(people.draft, "BM.vision", ResponseInput(value="5"), people.officer)  # the other tab
    status, html = change(client, people, "BM.vision", "2", revision)
    row = html.split("</form>")[0]
    assert status == 409
    assert "이 페이지를 연 뒤 다른 곳(다른 탭 또는 동료)에서 평가가 변경되었습니다" in row
    assert "변경 내용은 저장되지 않았습니다" in row
    reload = f"/assessments/{people.draft.pk}/?at=2-draft#item-BM.vision"
    assert f'<a class="button" href="{reload}">페이지 새로 고침</a>' in row
    assert 'class="item depth-1 invalid stale"' in row and '<option value="2" selected>' in row
    assert people.draft.responses.get(item_id="BM.vision").value == "5", "the other tab's answer stands"
    assert 'id="assessment-revision"' not in html, "the old page keeps its old revision: it stays refused"
    assert 'id="score-panel"' not in html, "and its score, rather than a score of answers it does not show"


def test_a_tab_left_open_after_submitting_is_told_the_assessment_is_locked(client: Client, people: People) -> None:
    client.force_login(people.officer)
    revision = the_page_revision(client, people)
    transition(people.draft, State.SUBMITTED, people.officer)  # submitted from another tab
    status, html = change(client, people, "BM.vision", "4", revision)
    assert status == 409
    assert "이 페이지를 연 뒤 평가가 제출되어 잠겼습니다. 변경 내용은 저장되지 않았습니다." in html
    assert "페이지 새로 고침" in html
    assert people.draft.responses.get(item_id="BM.vision").value == "3"
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    status, html = change(client, people, "BM.vision", "4", revision)
    assert status == 409
    assert "This assessment was submitted after this page was loaded and is locked" in html
    assert "Reload the page" in html


def test_without_a_revision_a_change_is_saved_as_before(client: Client, people: People) -> None:
    """A client that sends no revision (no script, an older page) is not refused for it."""
    client.force_login(people.officer)
    save_response(people.draft, "BM.leadership", ResponseInput(value="2"), people.officer)
    answer = client.post(f"/assessments/{people.draft.pk}/items/BM.vision/", {"value": "4"})
    assert answer.status_code == 200
    assert people.draft.responses.get(item_id="BM.vision").value == "4"


def test_nobody_else_learns_anything_from_an_old_page(client: Client, people: People) -> None:
    for who, status in ((people.other_officer, 404), (people.assessor, 404), (people.certifier, 403)):
        client.force_login(who)
        answer = client.post(f"/assessments/{people.submitted.pk}/items/BM.vision/", {"value": "4", "revision": "0"})
        assert answer.status_code == status, who
        assert "새로 고침" not in answer.content.decode()
