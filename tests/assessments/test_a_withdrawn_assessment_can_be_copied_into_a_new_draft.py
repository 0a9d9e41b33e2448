"""A withdrawn self-assessment is not a dead end: its city's officer copies it into a new draft.

The copy goes through the same path as starting from an earlier assessment (answers and evidence copied, each
answer marked until confirmed, audited as created and started from the withdrawn one). Nobody else may copy it:
another city's officer and an assessor find nothing there, a certifier may read it but not copy it, the public
is sent to log in; and a draft or a submitted assessment is not copied.
"""

from __future__ import annotations

from django.test import Client

from citycert.assessments.choices import AssessmentKind, State
from citycert.assessments.models import Assessment
from citycert.assessments.workflow import transition
from citycert.audit.models import AuditEvent
from tests.people import People


def withdrawn(people: People) -> Assessment:
    transition(people.draft, State.WITHDRAWN, people.officer)
    return people.draft


def test_the_withdrawn_assessment_offers_a_copy_and_the_copy_is_a_new_draft(client: Client, people: People) -> None:
    source = withdrawn(people)
    client.force_login(people.officer)
    page = client.get(f"/assessments/{source.pk}/").content.decode()
    assert "철회됨: 이 평가는 잠겨 있습니다." in page
    assert f'action="/assessments/{source.pk}/copy/"' in page and "새 초안으로 복사" in page
    answer = client.post(f"/assessments/{source.pk}/copy/", follow=True)
    copy = Assessment.objects.exclude(pk__in=[source.pk, people.submitted.pk]).get()
    assert answer.redirect_chain[-1][0] == f"/assessments/{copy.pk}/"
    html = answer.content.decode()
    assert "철회된 평가를 새 초안으로 복사했습니다" in html
    assert (copy.state, copy.kind, copy.year, copy.framework_version_id, copy.started_from_id) == (
        State.DRAFT,
        AssessmentKind.SELF_ASSESSMENT,
        2026,
        source.framework_version_id,
        source.pk,
    )
    response = copy.responses.get(item_id="BM.vision")
    assert (response.value, response.confirmed) == ("3", False), "copied, and marked until confirmed"
    assert list(copy.evidence.values_list("title", flat=True)) == ["2026 계획"]
    actions = set(AuditEvent.objects.filter(object_id=str(copy.pk)).values_list("action", "actor_name"))
    assert {("assessment.created", "officer-seocho"), ("assessment.started_from", "officer-seocho")} <= actions
    source.refresh_from_db()
    assert source.state == State.WITHDRAWN, "the withdrawn one stays as it was"


def test_only_a_withdrawn_assessment_offers_or_takes_a_copy(client: Client, people: People) -> None:
    client.force_login(people.officer)
    for assessment in (people.draft, people.submitted):
        assert "/copy/" not in client.get(f"/assessments/{assessment.pk}/").content.decode()
        answer = client.post(f"/assessments/{assessment.pk}/copy/")
        assert answer.status_code == 403 and "허용되지 않음" in answer.content.decode()
    assert Assessment.objects.count() == 2


def test_nobody_but_the_citys_officers_may_copy_it(client: Client, people: People) -> None:
    source = withdrawn(people)
    for who in (people.other_officer, people.assessor):
        client.force_login(who)
        answer = client.post(f"/assessments/{source.pk}/copy/")
        html = answer.content.decode()
        assert answer.status_code == 404 and "찾을 수 없음" in html and "서초구" not in html
    client.force_login(people.certifier)
    answer = client.post(f"/assessments/{source.pk}/copy/")
    assert answer.status_code == 403 and "허용되지 않음" in answer.content.decode()
    assert "/copy/" not in client.get(f"/assessments/{source.pk}/").content.decode()
    client.logout()
    answer = client.post(f"/assessments/{source.pk}/copy/")
    assert answer.status_code == 302 and answer["Location"].startswith("/accounts/login/")
    assert Assessment.objects.count() == 2
