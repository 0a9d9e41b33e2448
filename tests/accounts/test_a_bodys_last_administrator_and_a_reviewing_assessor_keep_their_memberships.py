"""The administrator opens an account's page, sees its memberships, and ends one with a reason. Two are refused with
what to do instead, and nothing changes: their own administrator membership while nobody else administers the
certifying body, and assessor-1's while assessor-1 sits on the panel of Seocho-gu's and Hanam-si's applications,
still undecided. Once a second administrator is made, the first may step down; an ended membership stays on the
page, and the audit log keeps who ended it and why."""

from __future__ import annotations

from typing import Any

from django.test import Client

from citycert.accounts.models import Membership
from citycert.audit.models import AuditEvent
from citycert.permissions import runs_certification
from tests.certification.story import round_in_review
from tests.people import People, also, person


def _as(user: object, language: str = "ko") -> Client:
    client = Client()
    client.force_login(user)  # type: ignore[arg-type]
    client.cookies["django_language"] = language
    return client


def _open(user: Any) -> list[Membership]:
    return list(Membership.objects.filter(person=user, ended_at__isnull=True))


def test_the_last_administrator_is_refused_until_another_is_made(people: People) -> None:
    admin = _as(people.admin)
    (own,) = _open(people.admin)
    url = f"/accounts/people/{people.admin.pk}/"
    page = admin.get(url).content.decode()
    assert "소속" in page and "인증기관 관리자" in page and "이 소속 종료" in page

    end = f"{url}memberships/{own.pk}/end/"
    no_reason = admin.post(end, {f"membership{own.pk}-reason": " "})
    assert no_reason.status_code == 400 and "기록에 남길 사유를 적으세요" in no_reason.content.decode()
    refused = admin.post(end, {f"membership{own.pk}-reason": "Leaving the body"})
    assert refused.status_code == 409
    text = refused.content.decode()
    assert "인증기관의 마지막 활성 관리자입니다" in text and "먼저 다른 사람을 관리자로 지정한 뒤" in text
    assert "Leaving the body" in text  # the reason typed is kept
    assert _open(people.admin) == [own]
    assert not AuditEvent.objects.filter(action="membership.ended").exists()

    english = _as(people.admin, "en").post(end, {f"membership{own.pk}-reason": "Leaving the body"})
    assert "is the last active administrator of Certifying body" in english.content.decode()
    assert "Make another person its administrator first" in english.content.decode()

    successor = person("admin-2", "certifier")
    also(successor, "administrator")
    done = admin.post(end, {f"membership{own.pk}-reason": "Leaving the body"}, follow=True)
    assert done.redirect_chain[-1][0] == url
    assert "admin 님은 이제 인증기관 관리자이(가) 아닙니다" in done.content.decode()
    assert _open(people.admin) == []
    event = AuditEvent.objects.get(action="membership.ended")
    assert event.actor_name == "admin"
    after = event.after or {}
    assert after["kind"] == "administrator" and after["end_reason"] == "Leaving the body"
    # Ended, the membership stays on the page with its dates; the page itself is now for administrators only.
    assert admin.get(url).status_code == 403
    assert "종료" in _as(successor).get(url).content.decode()


def test_an_assessor_on_an_undecided_panel_keeps_the_membership(people: People) -> None:
    round_in_review(people)
    (membership,) = _open(people.assessor)
    end = f"/accounts/people/{people.assessor.pk}/memberships/{membership.pk}/end/"
    refused = _as(people.admin).post(end, {f"membership{membership.pk}-reason": "Moved abroad"})
    assert refused.status_code == 409
    text = refused.content.decode()
    assert "아직 결정되지 않은 신청의 심사단에 속해 있습니다" in text
    assert "서초구" in text and "하남시" in text and "다른 심사단에 배정하거나" in text
    assert _open(people.assessor) == [membership]
    assert not AuditEvent.objects.filter(action="membership.ended").exists()

    # Nobody but an administrator ends a membership: the certifier is refused the page, the assessor too.
    assert _as(people.certifier).post(end, {f"membership{membership.pk}-reason": "x"}).status_code == 403
    assert _as(people.assessor).post(end, {f"membership{membership.pk}-reason": "x"}).status_code == 403
    assert runs_certification(people.certifier)
