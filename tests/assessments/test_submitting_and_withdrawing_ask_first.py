"""Submitting and withdrawing cannot be undone by the city, so neither happens in one click.

Submit opens a page that lists the items still unanswered and those without evidence, each a link to its row,
then asks to confirm (at the revision it showed: a change made meanwhile sends the officer back to the lists).
Withdraw stands apart from submit, at the foot of the page, and its page says what withdrawing means first.
"""

from __future__ import annotations

import re

from django.test import Client

from citycert.assessments.choices import State
from citycert.assessments.workflow import ResponseInput, save_response
from citycert.audit.models import AuditEvent
from tests.people import People


def test_submit_first_lists_the_unanswered_items_and_those_without_evidence(client: Client, people: People) -> None:
    client.force_login(people.officer)
    answer = client.get(f"/assessments/{people.draft.pk}/submit/")
    html = answer.content.decode()
    assert answer.status_code == 200
    assert "<h1>평가 제출</h1>" in html
    assert "전체 22개 항목 중 21개에 답하지 않았습니다" in html, "only BM.vision is answered"
    assert "전체 22개 항목 중 21개에 증빙자료가 없습니다" in html, "only BM.vision has evidence"
    unanswered = html.split('data-list="unanswered"')[1].split("</ul>")[0]
    without = html.split('data-list="without-evidence"')[1].split("</ul>")[0]
    assert "BM.vision" not in unanswered and "BM.vision" not in without
    assert f'<a href="/assessments/{people.draft.pk}/#item-BM.leadership"><code>BM.leadership</code>' in unanswered
    assert len(re.findall(r"<li>", unanswered)) == 21
    assert "이대로 제출하시겠습니까? 도시가 되돌릴 수 없습니다." in html
    assert people.draft.state == State.DRAFT, "looking is not submitting"


def test_the_assessment_page_offers_submit_as_a_link_and_withdraw_apart_from_it(client: Client, people: People) -> None:
    client.force_login(people.officer)
    html = client.get(f"/assessments/{people.draft.pk}/").content.decode()
    actions = html.split('<p class="actions">')[1].split("</p>")[0]
    assert f'href="/assessments/{people.draft.pk}/submit/">제출…</a>' in actions
    assert "/withdraw/" not in actions and "<form" not in actions.split("fill-from-series")[-1]
    zone = html.split('<section class="withdraw-zone">')[1].split("</section>")[0]
    assert "철회하면 이 평가는 더 이상 사용할 수 없으며" in zone
    assert f'href="/assessments/{people.draft.pk}/withdraw/">철회…</a>' in zone


def test_confirming_submits_at_the_revision_shown(client: Client, people: People) -> None:
    client.force_login(people.officer)
    page = client.get(f"/assessments/{people.draft.pk}/submit/").content.decode()
    revision = re.search(r'name="revision" value="(\d+)"', page)
    assert revision is not None
    answer = client.post(f"/assessments/{people.draft.pk}/submit/", {"revision": revision.group(1)}, follow=True)
    people.draft.refresh_from_db()
    assert people.draft.state == State.SUBMITTED
    assert "제출했습니다. 이제 평가를 고칠 수 없습니다." in answer.content.decode()
    assert AuditEvent.objects.filter(action="assessment.submitted", object_id=str(people.draft.pk)).count() == 1


def test_a_change_made_while_reviewing_sends_the_officer_back_to_the_lists(client: Client, people: People) -> None:
    client.force_login(people.officer)
    shown = people.draft.revision
    save_response(people.draft, "BM.leadership", ResponseInput(value="4"), people.officer)  # another tab
    answer = client.post(f"/assessments/{people.draft.pk}/submit/", {"revision": str(shown)}, follow=True)
    html = answer.content.decode()
    assert answer.redirect_chain[-1][0] == f"/assessments/{people.draft.pk}/submit/"
    assert "확인하는 동안 평가가 변경되었습니다. 목록을 다시 확인하세요." in html
    assert "전체 22개 항목 중 20개에 답하지 않았습니다" in html
    people.draft.refresh_from_db()
    assert people.draft.state == State.DRAFT


def test_withdraw_says_what_it_means_before_it_is_done(client: Client, people: People) -> None:
    client.force_login(people.officer)
    html = client.get(f"/assessments/{people.submitted.pk}/withdraw/").content.decode()
    assert "<h1>평가 철회</h1>" in html and "철회의 의미" in html
    assert "평가는 영구히 잠기며" in html
    assert "더 이상 인증 신청에 사용할 수 없습니다" in html, "said of a submitted assessment"
    assert "새 초안으로 복사할 수 있으며" in html
    assert "이 평가를 철회하시겠습니까?" in html
    people.submitted.refresh_from_db()
    assert people.submitted.state == State.SUBMITTED, "looking is not withdrawing"
    answer = client.post(f"/assessments/{people.submitted.pk}/withdraw/", follow=True)
    people.submitted.refresh_from_db()
    assert people.submitted.state == State.WITHDRAWN
    assert "철회했습니다. 평가 페이지에서 새 초안으로 복사할 수 있습니다." in answer.content.decode()


def test_nobody_else_reaches_the_confirmation_pages(client: Client, people: People) -> None:
    for who, status in ((people.other_officer, 404), (people.assessor, 404)):
        client.force_login(who)
        for step in ("submit", "withdraw"):
            answer = client.get(f"/assessments/{people.draft.pk}/{step}/")
            assert answer.status_code == status
            assert "찾을 수 없음" in answer.content.decode() and "서초구" not in answer.content.decode()
    client.force_login(people.certifier)
    answer = client.get(f"/assessments/{people.submitted.pk}/withdraw/")
    assert answer.status_code == 403 and "허용되지 않음" in answer.content.decode()
    client.logout()
    answer = client.get(f"/assessments/{people.draft.pk}/submit/")
    assert answer.status_code == 302 and answer["Location"].startswith("/accounts/login/")
