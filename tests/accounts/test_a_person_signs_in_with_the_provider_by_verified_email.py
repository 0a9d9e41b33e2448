"""An assessor whose citycert account has the email the provider verified goes from "Sign in with Test ID" through
the provider's login and consent and lands signed in on their own page; the sign-in is in the audit log."""

from __future__ import annotations

from typing import Any

from citycert.audit.models import AuditEvent
from tests.accounts.single_sign_on import configure, sign_in_with_provider
from tests.oidc_provider.people import ASSESSOR
from tests.oidc_provider.server import Provider
from tests.people import People


def test_a_matched_verified_email_signs_the_person_in(
    client: Any, people: People, oidc_provider: Provider, settings: Any
) -> None:
    configure(settings, oidc_provider)
    # The provider's address in other letters: an email is matched whatever its case.
    people.assessor.email = ASSESSOR.email.upper()
    people.assessor.save()

    page = sign_in_with_provider(client, ASSESSOR)

    assert page.redirect_chain[-1][0] == "/my/"
    text = page.content.decode()
    assert '<span class="who">assessor-1</span>' in text
    assert int(client.session["_auth_user_id"]) == people.assessor.pk
    event = AuditEvent.objects.filter(action="account.signed_in").get()
    assert (event.actor, event.after) == (people.assessor, {"method": "oidc"})


def test_the_page_asked_for_before_signing_in_is_where_the_person_lands(
    client: Any, people: People, oidc_provider: Provider, settings: Any
) -> None:
    configure(settings, oidc_provider)
    people.assessor.email = ASSESSOR.email
    people.assessor.save()

    page = sign_in_with_provider(client, ASSESSOR, next_page="/certification/")

    assert page.redirect_chain[-1][0] == "/certification/"
    assert page.status_code == 200
