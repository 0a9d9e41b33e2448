"""Seocho-gu's officer opens the history of the city's assessment from its page: every changed answer (item,
field, before, after), who changed it, when and through which channel, and every change of state, newest first,
twenty events a page, in Korean and in English. A save of many answers shows its first hundred changes and says
how many more the audit log keeps. Only those who may see the assessment see its history: Hanam-si's officer,
an assessor not assigned to it and the public do not; the certifier sees a submitted one's, not a draft's."""

from __future__ import annotations

from django.test import Client

from citycert.assessments.choices import State
from citycert.assessments.workflow import ResponseInput, save_response, transition
from tests.api.calling import Caller
from tests.people import People
from tests.registry.story import in_english


def signed_in(user: object) -> Client:
    client = Client()
    client.force_login(user)  # type: ignore[arg-type]
    return client


def test_the_officer_reads_who_changed_what_newest_first(people: People) -> None:
    draft = people.draft
    officer = signed_in(people.officer)
    assert officer.post(f"/assessments/{draft.pk}/items/BM.vision/", {"value": "4"}).status_code == 200
    hub = Caller(people.officer)
    etag = hub.get(f"/assessments/{draft.pk}")["ETag"]
    patched = hub.patch(
        f"/assessments/{draft.pk}/responses",
        {"responses": [{"item": "BM.roadmap", "value": "2", "justification": "로드맵 초안"}]},
        **{"If-Match": etag},
    )
    assert patched.status_code == 200
    transition(draft, State.SUBMITTED, people.officer)

    page = officer.get(f"/assessments/{draft.pk}/").content.decode()
    assert f'href="/assessments/{draft.pk}/history/"' in page and ">이력<" in page

    korean = officer.get(f"/assessments/{draft.pk}/history/")
    assert korean.status_code == 200
    html = korean.content.decode()
    assert "<h1>이력</h1>" in html
    assert "상태 변경: 작성 중 → 제출됨" in html
    assert "평가 화면에서" in html and "API로" in html and "officer-seocho" in html
    assert "응답 1개 변경" in html and "작성 중으로 시작" in html

    english = in_english(officer).get(f"/assessments/{draft.pk}/history/").content.decode()
    assert "<h1>History</h1>" in english
    submitted = english.index("State changed: draft → submitted")
    api = english.index("through the API")
    on_page = english.index("on the assessment page")
    started = english.index("Started as a draft")
    assert submitted < api < on_page < started, "newest first"
    # The API's change: the item, each field changed, before and after.
    assert "<code>BM.roadmap</code>" in english and "로드맵 초안" in english
    assert "<td>justification</td><td>—</td><td>로드맵 초안</td>" in english
    assert "<td>value</td><td>—</td><td>2</td>" in english
    assert "<td>value</td><td>3</td><td>4</td>" in english
    assert "Evidence added: 2026 계획" in english


def test_only_those_who_may_see_the_assessment_see_its_history(people: People) -> None:
    for assessment in (people.draft, people.submitted):
        address = f"/assessments/{assessment.pk}/history/"
        assert Client().get(address).status_code == 302  # to log in
        assert signed_in(people.other_officer).get(address).status_code == 404
        assert signed_in(people.assessor).get(address).status_code == 404
        assert signed_in(people.officer).get(address).status_code == 200
    assert signed_in(people.certifier).get(f"/assessments/{people.draft.pk}/history/").status_code == 404
    submitted = signed_in(people.certifier).get(f"/assessments/{people.submitted.pk}/history/")
    assert submitted.status_code == 200 and "제출됨" in submitted.content.decode()


def test_a_long_history_is_paged_and_a_big_save_is_capped(people: People) -> None:
    draft = people.draft
    items = [node.id for node in draft.framework_version.framework.nodes if node.assessable]
    hub = Caller(people.officer)
    etag = hub.get(f"/assessments/{draft.pk}")["ETag"]
    every_field = {"value_year": 2025, "data_source": "통계연보", "data_quality": "survey", "justification": "근거"}
    body = {"responses": [{"item": item, "value": "2", **every_field} for item in items]}
    assert hub.patch(f"/assessments/{draft.pk}/responses", body, **{"If-Match": etag}).status_code == 200
    changed = 5 * len(items)  # five fields of every item
    assert changed > 100

    officer = in_english(signed_in(people.officer))
    html = officer.get(f"/assessments/{draft.pk}/history/").content.decode()
    assert f"{len(items)} answers changed" in html
    assert f"And {changed - 100} more changes in this event, kept in the audit log." in html

    for level in ["1", "2", "3", "4", "5"] * 5:
        save_response(draft, "BM.vision", ResponseInput(value=level), people.officer)
    first = officer.get(f"/assessments/{draft.pk}/history/").content.decode()
    assert first.count('<li data-action="') == 20 and "Page 1 of 2" in first and 'rel="next"' in first
    second = officer.get(f"/assessments/{draft.pk}/history/?page=2").content.decode()
    assert 'rel="prev"' in second and "Started as a draft" in second
