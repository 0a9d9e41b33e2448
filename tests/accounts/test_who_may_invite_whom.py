"""Who may invite whom: the administrator anyone; Seocho-gu's officer another officer of Seocho-gu and nobody else
(not an officer of Hanam-si, not an assessor); assessors and certifiers nobody. An officer sees and handles only
their own city's invitations, and the people page shows them only their city's officers."""

from __future__ import annotations

from django.test import Client

from citycert.accounts.models import Invitation
from citycert.permissions import may_invite
from tests.accounts.inviting import accept, invite, link_in, sent_to
from tests.people import People


def _as(user: object) -> Client:
    client = Client()
    client.force_login(user)  # type: ignore[arg-type]
    return client


def test_an_officer_invites_a_colleague_of_their_own_city(people: People) -> None:
    officer = _as(people.officer)
    form = officer.get("/accounts/people/invite/").content.decode()
    assert "서초구" in form and "하남시" not in form
    assert 'value="city_officer"' in form and 'value="assessor"' not in form
    answer = invite(
        officer, name="최하은", email="haeun@seocho.example", role="city_officer", cities=[people.seocho.pk]
    )
    assert answer.status_code == 302
    [message] = sent_to("haeun@seocho.example")
    assert "officer-seocho invites you" in message.body
    assert accept(link_in(message)).redirect_chain[-1][0] == "/my/"


def test_an_officer_may_not_invite_for_another_city_or_another_role(people: People) -> None:
    officer = _as(people.officer)
    other_city = invite(
        officer, name="X", email="x@hanam.example", role="city_officer", cities=[people.hanam.pk], language="ko"
    )
    assert other_city.status_code == 400 and "이 지자체의 담당자는 초대할 수 없습니다" in other_city.content.decode()
    both = invite(
        officer,
        name="X",
        email="x@hanam.example",
        role="city_officer",
        cities=[people.seocho.pk, people.hanam.pk],
        language="ko",
    )
    assert both.status_code == 400
    assessor = invite(officer, name="X", email="x@body.example", role="assessor", language="ko")
    assert assessor.status_code == 400 and 'id="id_role_error"' in assessor.content.decode()
    assert not Invitation.objects.exists()
    # The predicate says the same whatever the form offers.
    assert may_invite(people.officer, "city_officer", [people.seocho.pk])
    assert not may_invite(people.officer, "city_officer", [people.hanam.pk])
    assert not may_invite(people.officer, "city_officer", [])
    assert not may_invite(people.officer, "administrator", [people.seocho.pk])


def test_assessors_certifiers_and_the_public_invite_nobody(people: People) -> None:
    for user in (people.assessor, people.certifier):
        client = _as(user)
        assert client.get("/accounts/people/").status_code == 403
        assert client.get("/accounts/people/invite/").status_code == 403
        assert invite(client, email="nobody@body.example").status_code == 403
        assert not may_invite(user, "assessor", [])
    public = Client().get("/accounts/people/invite/")
    assert public.status_code == 302 and public["Location"].startswith("/accounts/login/")
    assert not Invitation.objects.exists()


def test_an_officer_sees_and_handles_only_their_own_citys_invitations(people: People) -> None:
    admin = _as(people.admin)
    invite(admin, name="Assessor", email="assessor2@body.example", role="assessor")
    invite(admin, name="하남 담당", email="new@hanam.example", role="city_officer", cities=[people.hanam.pk])
    invite(admin, name="서초 담당", email="new@seocho.example", role="city_officer", cities=[people.seocho.pk])
    invite(
        admin,
        name="두 도시",
        email="both@cities.example",
        role="city_officer",
        cities=[people.seocho.pk, people.hanam.pk],
    )
    officer = _as(people.officer)
    listed = officer.get("/accounts/people/").content.decode()
    assert "new@seocho.example" in listed
    for hidden in ("assessor2@body.example", "new@hanam.example", "both@cities.example"):
        assert hidden not in listed
    # Accounts: Seocho-gu's officers only, and no account page to deactivate them.
    assert "officer-seocho" in listed and "officer-hanam" not in listed and "assessor-1" not in listed
    assert "/accounts/people/" + str(people.officer.pk) + "/" not in listed
    for email in ("assessor2@body.example", "new@hanam.example", "both@cities.example"):
        pk = Invitation.objects.get(email=email).pk
        assert officer.post(f"/accounts/people/invitations/{pk}/revoke/").status_code == 404
        assert officer.post(f"/accounts/people/invitations/{pk}/resend/").status_code == 404
    own = Invitation.objects.get(email="new@seocho.example")
    assert officer.post(f"/accounts/people/invitations/{own.pk}/revoke/").status_code == 302
    own.refresh_from_db()
    assert own.state == "revoked"
    assert Invitation.objects.filter(state="pending").count() == 3
