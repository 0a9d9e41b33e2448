"""Hanam-si's officer can neither see nor revoke Seocho-gu's officer's token (it does not exist for them);
its owner revokes it, and from then on it lets nobody in."""

from __future__ import annotations

from django.test import Client

from citycert.accounts.models import ApiToken
from citycert.accounts.tokens import issue, user_for_token
from citycert.audit.models import AuditEvent
from tests.people import People


def test_another_officer_cannot_revoke_it(client: Client, people: People) -> None:
    token, secret = issue(people.officer, "monthly report", 90)
    client.force_login(people.other_officer)
    assert client.post(f"/accounts/tokens/{token.pk}/revoke/").status_code == 404
    assert ApiToken.objects.get(pk=token.pk).revoked_at is None
    assert user_for_token(secret) == people.officer


def test_not_even_a_certifier_or_an_administrator_can(client: Client, people: People) -> None:
    token, _ = issue(people.officer, "monthly report", 90)
    for someone in (people.certifier, people.admin):
        client.force_login(someone)
        assert client.post(f"/accounts/tokens/{token.pk}/revoke/").status_code == 404
    assert ApiToken.objects.get(pk=token.pk).revoked_at is None


def test_another_officer_does_not_see_it_in_their_list(client: Client, people: People) -> None:
    token, _ = issue(people.officer, "seocho monthly report", 90)
    client.force_login(people.other_officer)
    html = client.get("/accounts/tokens/").content.decode()
    assert "seocho monthly report" not in html and token.prefix not in html


def test_its_owner_revokes_it_and_it_stops_working(client: Client, people: People) -> None:
    token, secret = issue(people.officer, "monthly report", 90)
    client.force_login(people.officer)
    answer = client.post(f"/accounts/tokens/{token.pk}/revoke/", follow=True)
    assert answer.redirect_chain == [("/accounts/tokens/", 302)]
    html = answer.content.decode()
    assert "폐기됨" in html and "monthly report" in html
    assert user_for_token(secret) is None
    event = AuditEvent.objects.get(action="api_token.revoked", object_id=str(token.pk))
    assert event.actor == people.officer


def test_revoking_twice_is_recorded_once(client: Client, people: People) -> None:
    token, _ = issue(people.officer, "monthly report", 90)
    client.force_login(people.officer)
    client.post(f"/accounts/tokens/{token.pk}/revoke/")
    first = ApiToken.objects.get(pk=token.pk).revoked_at
    client.post(f"/accounts/tokens/{token.pk}/revoke/")
    assert ApiToken.objects.get(pk=token.pk).revoked_at == first
    assert AuditEvent.objects.filter(action="api_token.revoked").count() == 1


def test_revoking_needs_a_post(client: Client, people: People) -> None:
    token, _ = issue(people.officer, "monthly report", 90)
    client.force_login(people.officer)
    assert client.get(f"/accounts/tokens/{token.pk}/revoke/").status_code == 405
    assert ApiToken.objects.get(pk=token.pk).revoked_at is None
