"""The administrator deactivates assessor-1, saying why: assessor-1 can no longer sign in, their open session ends at
the next page, their API token stops working, and the audit log keeps the reason. Reactivated, they sign in again
(their token stays revoked). Without a reason nothing changes; the last active administrator cannot be
deactivated, with a message that says what to do instead. Only administrators open an account's page."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.test import Client

from citycert.accounts import tokens
from citycert.accounts.models import Role
from citycert.audit.models import AuditEvent
from tests.people import PASSWORD, People, person


def _as(user: object) -> Client:
    client = Client()
    client.force_login(user)  # type: ignore[arg-type]
    return client


def _active(user: object) -> bool:
    return bool(get_user_model().objects.get(pk=user.pk).is_active)  # type: ignore[attr-defined]


def test_a_deactivated_assessor_is_locked_out_and_let_back_in(people: People) -> None:
    admin = _as(people.admin)
    their_session = _as(people.assessor)
    assert their_session.get("/my/").status_code == 200
    token, secret = tokens.issue(people.assessor, "script", 90)
    assert Client().get("/api/v1/assessments", HTTP_AUTHORIZATION=f"Bearer {secret}").status_code == 200

    page = admin.get(f"/accounts/people/{people.assessor.pk}/").content.decode()
    assert "계정 비활성화" in page and "assessor-1" in page
    no_reason = admin.post(f"/accounts/people/{people.assessor.pk}/", {"reason": " "})
    assert no_reason.status_code == 400 and 'id="id_reason_error"' in no_reason.content.decode()
    assert _active(people.assessor)

    done = admin.post(f"/accounts/people/{people.assessor.pk}/", {"reason": "Left the body in June"}, follow=True)
    assert done.redirect_chain[-1][0] == "/accounts/people/"
    assert "assessor-1 계정을 비활성화했습니다" in done.content.decode()
    assert not _active(people.assessor)
    assert not Client().login(username="assessor-1", password=PASSWORD)
    assert their_session.get("/my/").status_code == 302  # the session ended: sent to log in
    assert Client().get("/api/v1/assessments", HTTP_AUTHORIZATION=f"Bearer {secret}").status_code == 401
    event = AuditEvent.objects.get(action="account.deactivated")
    assert event.after == {
        "is_active": False,
        "username": "assessor-1",
        "reason": "Left the body in June",
        "tokens_revoked": [token.prefix],
    }
    assert event.actor_name == "admin"

    again = admin.post(f"/accounts/people/{people.assessor.pk}/", {"reason": "Back from leave"}, follow=True)
    assert "assessor-1 계정을 다시 활성화했습니다" in again.content.decode()
    assert Client().login(username="assessor-1", password=PASSWORD)
    assert Client().get("/api/v1/assessments", HTTP_AUTHORIZATION=f"Bearer {secret}").status_code == 401
    reactivated = AuditEvent.objects.get(action="account.reactivated").after
    assert reactivated is not None and reactivated["reason"] == "Back from leave"


def test_the_last_active_administrator_cannot_be_deactivated(people: People) -> None:
    """With two administrators one may go, even themselves; the one left is refused, and told what to do."""
    second = person("admin-2", Role.ADMINISTRATOR)
    gone = _as(second).post(f"/accounts/people/{second.pk}/", {"reason": "moving to another team"})
    assert gone.status_code == 302 and not _active(second)
    admin = _as(people.admin)
    refused = admin.post(f"/accounts/people/{people.admin.pk}/", {"reason": "closing down"})
    page = refused.content.decode()
    assert refused.status_code == 409 and _active(people.admin)
    assert "admin은(는) 마지막 활성 관리자입니다" in page and "먼저 다른 관리자를 초대하고" in page
    assert "closing down" in page  # the reason typed is kept
    assert not AuditEvent.objects.filter(action="account.deactivated", object_id=str(people.admin.pk)).exists()
    # Reactivating admin-2 makes two again: then admin may go.
    admin.post(f"/accounts/people/{second.pk}/", {"reason": "back"})
    assert admin.post(f"/accounts/people/{people.admin.pk}/", {"reason": "closing down"}).status_code == 302
    assert not _active(people.admin) and _active(second)


def test_only_an_administrator_opens_an_account_page(people: People) -> None:
    for user in (people.officer, people.assessor, people.certifier):
        assert _as(user).get(f"/accounts/people/{people.assessor.pk}/").status_code == 403
        assert _as(user).post(f"/accounts/people/{people.assessor.pk}/", {"reason": "x"}).status_code == 403
    assert _active(people.assessor)
