"""An address that an account already has, or that a pending invitation went to, cannot be invited: the form says
so at the email field, keeps everything typed, and nothing is saved or sent. Capitals make no other address. Once
the pending invitation has expired, the address may be invited again."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.core import mail
from django.test import Client
from django.utils import timezone

from citycert.accounts.models import Invitation
from tests.accounts.inviting import invite, sent_to
from tests.people import People


def _admin(people: People) -> Client:
    client = Client()
    client.force_login(people.admin)
    return client


def _refused_at_email(answer: Any, typed: dict[str, str]) -> str:
    page: str = answer.content.decode()
    assert answer.status_code == 400, page
    assert 'id="id_email_error"' in page and 'aria-invalid="true"' in page
    for value in typed.values():
        assert f'value="{value}"' in page
    return page


def test_an_address_with_an_account_is_refused_at_the_field(people: People) -> None:
    people.certifier.email = "certifier@body.example"
    people.certifier.save()
    typed = {"name": "Park Min-jun", "email": "Certifier@Body.example"}
    before = Invitation.objects.count()
    page = _refused_at_email(invite(_admin(people), **typed, role="assessor", language="en"), typed)
    assert "이 이메일 주소를 쓰는 계정이 이미 있습니다" in page
    assert 'value="assessor" checked' in page or '<option value="assessor" selected>' in page
    assert Invitation.objects.count() == before
    assert sent_to("certifier@body.example") == []


def test_an_address_with_a_pending_invitation_is_refused_until_it_expires(people: People) -> None:
    admin = _admin(people)
    assert invite(admin, email="twice@body.example").status_code == 302
    typed = {"name": "Second Try", "email": "twice@body.example"}
    page = _refused_at_email(invite(admin, **typed), typed)
    assert "이 주소로 보낸 초대가 아직 수락을 기다리고 있습니다" in page and "다시 보내세요" in page
    assert Invitation.objects.filter(email="twice@body.example").count() == 1

    Invitation.objects.filter(email="twice@body.example").update(expires_at=timezone.now() - timedelta(hours=1))
    assert invite(admin, **typed).status_code == 302
    states = sorted(Invitation.objects.filter(email="twice@body.example").values_list("state", flat=True))
    assert states == ["expired", "pending"]
    assert len(sent_to("twice@body.example")) == 2


def test_an_officer_without_a_city_is_refused_at_the_cities_field(people: People) -> None:
    typed = {"name": "이도윤", "email": "doyun@seocho.example"}
    answer = invite(_admin(people), **typed, role="city_officer", language="ko")
    page = answer.content.decode()
    assert answer.status_code == 400 and 'id="id_cities_error"' in page
    assert "담당자가 일하는 지자체를 하나 이상 고르세요" in page
    assert 'value="이도윤"' in page and 'value="doyun@seocho.example"' in page
    assert not Invitation.objects.exists() and mail.outbox == []
