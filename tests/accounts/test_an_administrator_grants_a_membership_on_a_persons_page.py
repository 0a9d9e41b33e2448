"""The administrator opens assessor-1's page and makes them an advisor to Hanam-si, saying why: the page lists the new
membership and says so, and the audit log keeps who granted it and why; assessor-1 now edits Hanam-si's drafts.
Bad input is refused at its field with what was typed kept: an officer's membership with no city, no reason, a
membership already held; a deactivated account is told to be reactivated first. Only administrators grant: a
certifier and an officer are refused, and nothing is saved."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.test import Client

from citycert.accounts import activation
from citycert.accounts.models import Membership
from citycert.audit.models import AuditEvent
from tests.people import People


def _as(user: object, language: str = "ko") -> Client:
    client = Client()
    client.cookies["django_language"] = language
    client.force_login(user)  # type: ignore[arg-type]
    return client


def _grant(client: Client, person: object, **fields: object) -> object:
    data = {f"grant-{name}": value for name, value in fields.items()}
    return client.post(f"/accounts/people/{person.pk}/memberships/grant/", data, follow=True)  # type: ignore[attr-defined]


def test_the_administrator_makes_an_assessor_an_advisor_to_a_city(people: People) -> None:
    admin = _as(people.admin)
    page = admin.get(f"/accounts/people/{people.assessor.pk}/").content.decode()
    assert "소속 부여" in page and "도시 자문위원" in page

    done = _grant(admin, people.assessor, kind="advisor", city=people.hanam.pk, reason="Advises Hanam-si from May")
    assert done.redirect_chain[-1][0] == f"/accounts/people/{people.assessor.pk}/"  # type: ignore[attr-defined]
    shown = done.content.decode()  # type: ignore[attr-defined]
    assert "assessor-1 님에게 도시 자문위원 소속을 부여했습니다: 하남시." in shown
    assert "<strong>도시 자문위원</strong>: 하남시" in shown
    held = Membership.objects.get(person=people.assessor, kind="advisor", ended_at__isnull=True)
    assert held.city == people.hanam and held.granted_by == people.admin
    event = AuditEvent.objects.get(action="membership.granted", object_id=held.pk)
    assert event.actor_name == "admin" and (event.after or {}).get("reason") == "Advises Hanam-si from May"

    english = _as(people.admin, "en").get(f"/accounts/people/{people.assessor.pk}/").content.decode()
    assert "<strong>advisor to a city</strong>: Hanam-si" in english and "Grant a membership" in english


def test_bad_input_is_refused_at_its_field_with_what_was_typed_kept(people: People) -> None:
    admin = _as(people.admin)
    before = Membership.objects.count()

    no_city = _grant(admin, people.assessor, kind="officer", reason="Seconded to the city")
    assert no_city.status_code == 400  # type: ignore[attr-defined]
    page = no_city.content.decode()  # type: ignore[attr-defined]
    assert 'id="id_grant-city_error"' in page and "지자체를 고르십시오." in page
    assert "Seconded to the city" in page  # the reason typed is kept

    no_reason = _grant(admin, people.assessor, kind="advisor", city=people.hanam.pk, reason=" ")
    assert no_reason.status_code == 400  # type: ignore[attr-defined]
    assert 'id="id_grant-reason_error"' in no_reason.content.decode()  # type: ignore[attr-defined]

    already = _grant(admin, people.officer, kind="officer", city=people.seocho.pk, reason="Again")
    assert already.status_code == 409  # type: ignore[attr-defined]
    assert "officer-seocho 님은 이미 이 소속입니다." in already.content.decode()  # type: ignore[attr-defined]
    assert Membership.objects.count() == before


def test_a_deactivated_account_is_reactivated_before_it_is_granted_anything(people: People) -> None:
    activation.change_activity(people.assessor, False, people.admin, "On leave")
    refused = _grant(_as(people.admin, "en"), people.assessor, kind="advisor", city=people.hanam.pk, reason="Later")
    assert refused.status_code == 409  # type: ignore[attr-defined]
    assert "assessor-1&#x27;s account is deactivated: reactivate it first" in refused.content.decode()  # type: ignore[attr-defined]
    assert not Membership.objects.filter(person=people.assessor, kind="advisor").exists()


def test_only_an_administrator_grants(people: People) -> None:
    for someone in (people.certifier, people.officer):
        response = _as(someone, "en").post(
            f"/accounts/people/{people.assessor.pk}/memberships/grant/",
            {"grant-kind": "advisor", "grant-city": people.seocho.pk, "grant-reason": "Please"},
        )
        assert response.status_code == 403
        assert "Granting memberships is for administrators." in response.content.decode()
    assert Client().post(f"/accounts/people/{people.assessor.pk}/memberships/grant/").status_code == 302
    assert not Membership.objects.filter(person=people.assessor, kind="advisor").exists()
    assert get_user_model().objects.get(pk=people.assessor.pk).is_active
