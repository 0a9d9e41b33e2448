"""A link that no longer works says why and what to do, in the invitation's language, and makes no account: one
opened after its seven days (the invitation is then recorded as expired), one already used, one the administrator
revoked, one sent again (the old link dies with the new one), and one that was never an invitation."""

from __future__ import annotations

from datetime import timedelta

from django.contrib.auth import get_user_model
from django.core import mail
from django.test import Client
from django.utils import timezone

from citycert.accounts.models import Invitation
from citycert.audit.models import AuditEvent
from tests.accounts.inviting import accept, invite, link_in, sent_to
from tests.people import People


def _invited(people: People, email: str, language: str = "en") -> tuple[Client, Invitation, str]:
    admin = Client()
    admin.force_login(people.admin)
    assert invite(admin, email=email, language=language).status_code == 302
    [message] = sent_to(email)
    return admin, Invitation.objects.get(email=email), link_in(message)


def _no_account(email: str) -> bool:
    return not get_user_model().objects.filter(email=email).exists()


def test_a_link_opened_after_it_expired_asks_for_a_new_invitation(people: People) -> None:
    _admin, invitation, link = _invited(people, "late@body.example", language="ko")
    Invitation.objects.filter(pk=invitation.pk).update(expires_at=timezone.now() - timedelta(minutes=1))
    opened = Client().get(link)
    page = opened.content.decode()
    assert opened.status_code == 410
    assert "만료되었습니다" in page and "다시 보내 달라고 요청하세요" in page and "비밀번호 확인" not in page
    tried = Client().post(link, {"new_password1": "a-long-new-password-42", "new_password2": "a-long-new-password-42"})
    assert tried.status_code == 410 and _no_account("late@body.example")
    invitation.refresh_from_db()
    assert invitation.state == "expired"
    assert AuditEvent.objects.filter(action="invitation.expired", object_id=str(invitation.pk)).count() == 1


def test_a_link_used_once_cannot_make_a_second_account(people: People) -> None:
    _admin, _invitation, link = _invited(people, "once@body.example")
    assert accept(link).redirect_chain[-1][0] == "/my/"
    again = Client().post(
        link, {"new_password1": "another-long-password-7", "new_password2": "another-long-password-7"}
    )
    page = again.content.decode()
    assert again.status_code == 410 and "already used to make an account" in page
    assert 'href="/accounts/password/reset/"' in page
    assert get_user_model().objects.filter(email="once@body.example").count() == 1


def test_a_revoked_invitation_says_it_was_withdrawn(people: People) -> None:
    admin, invitation, link = _invited(people, "revoked@body.example")
    assert admin.post(f"/accounts/people/invitations/{invitation.pk}/revoke/").status_code == 302
    assert 'id="invitations"' not in admin.get("/accounts/people/").content.decode()  # none open any more
    opened = Client().get(link)
    assert opened.status_code == 410 and "This invitation was withdrawn" in opened.content.decode()
    assert "ask for a new invitation" in opened.content.decode()
    assert accept(link).status_code == 410 and _no_account("revoked@body.example")
    # Revoked is final: it is not sent again, and the administrator is told to invite anew.
    resent = admin.post(f"/accounts/people/invitations/{invitation.pk}/resend/", follow=True)
    assert "초대가 취소됨 상태입니다" in resent.content.decode()
    assert len(sent_to("revoked@body.example")) == 1


def test_sending_again_gives_a_new_link_and_the_old_one_stops_working(people: People) -> None:
    admin, invitation, old_link = _invited(people, "again@body.example")
    Invitation.objects.filter(pk=invitation.pk).update(expires_at=timezone.now() - timedelta(days=1))
    assert admin.post(f"/accounts/people/invitations/{invitation.pk}/resend/").status_code == 302
    _first, second = sent_to("again@body.example")
    new_link = link_in(second)
    assert new_link != old_link
    assert Client().get(old_link).status_code == 404  # the old secret opens nothing any more
    invitation.refresh_from_db()
    assert invitation.state == "pending" and invitation.expires_at > timezone.now() + timedelta(days=6)
    assert accept(new_link).redirect_chain[-1][0] == "/my/"


def test_a_link_that_was_never_an_invitation_says_so(people: People) -> None:
    opened = Client().get("/invitations/not-a-real-secret/")
    assert opened.status_code == 404
    assert "citycert 초대 링크가 아닙니다" in opened.content.decode()
    assert mail.outbox == []
