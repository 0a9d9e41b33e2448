"""An invitation carries the membership its account is given: the administrator invites an assessor, who becomes an
assessor of the administrator's certifying body; Seocho-gu's officer invites a colleague, who becomes an officer of
Seocho-gu. Each may then do what that membership lets them, and the audit log records the grant."""

from __future__ import annotations

from django.test import Client

from citycert.accounts.models import Invitation, Membership
from citycert.audit.models import AuditEvent
from citycert.permissions import declares_conflicts, officer_city_ids
from tests.accounts.inviting import accept, invite, link_in, sent_to
from tests.people import People


def test_the_invited_account_holds_the_invited_membership(people: People) -> None:
    admin = Client()
    admin.force_login(people.admin)
    assert invite(admin).status_code == 302
    invitation = Invitation.objects.get(email="jiwon@body.example")
    assert invitation.body is not None and invitation.body.code == "body"
    accept(link_in(sent_to("jiwon@body.example")[0]))
    (held,) = Membership.objects.filter(person__email="jiwon@body.example")
    assert (held.kind, held.body, held.city, held.ended_at) == ("assessor", invitation.body, None, None)
    assert declares_conflicts(held.person)
    granted = AuditEvent.objects.get(action="membership.granted", object_id=str(held.pk))
    after = granted.after or {}
    assert after["person"] == "jiwon@body.example" and after["body"] == "body"

    officer = Client()
    officer.force_login(people.officer)
    answer = invite(officer, email="colleague@seocho.example", role="city_officer", cities=[people.seocho.pk])
    assert answer.status_code == 302
    accept(link_in(sent_to("colleague@seocho.example")[0]))
    (colleague,) = Membership.objects.filter(person__email="colleague@seocho.example")
    assert (colleague.kind, colleague.city, colleague.body) == ("officer", people.seocho, None)
    assert officer_city_ids(colleague.person) == {people.seocho.pk}
