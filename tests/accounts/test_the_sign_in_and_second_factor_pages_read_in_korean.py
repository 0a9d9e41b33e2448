"""The login page with a provider configured, the provider's refusals, enrolment and the code page read in Korean
with no English left (the walk of every page does not reach them: it starts signed in, with no provider)."""

from __future__ import annotations

from typing import Any

from django.test import Client
from django_otp.plugins.otp_totp.models import TOTPDevice

from tests.accounts.single_sign_on import configure, sign_in_with_provider
from tests.language.test_every_page_reads_in_korean import untranslated
from tests.oidc_provider.people import STRANGER
from tests.oidc_provider.server import Provider
from tests.people import PASSWORD, People


def test_the_sign_in_pages_leave_no_english(people: People, oidc_provider: Provider, settings: Any) -> None:
    configure(settings, oidc_provider, name="국토연구원 통합계정")
    settings.REQUIRE_TOTP_FOR = ["assessor"]
    refused = Client()
    sign_in_with_provider(refused, STRANGER)  # the refusal waits on the login page
    enrolling, asked = Client(), Client()
    enrolling.post("/accounts/login/", {"username": "assessor-1", "password": PASSWORD})
    TOTPDevice.objects.create(user=people.certifier, name="authenticator", confirmed=True)
    asked.post("/accounts/login/", {"username": "certifier", "password": PASSWORD})
    for client, start in [
        (refused, "/accounts/login/"),
        (enrolling, "/accounts/second-factor/enrol/"),
        (asked, "/accounts/second-factor/"),
    ]:
        seen, faults = untranslated(client, (start,), at_most=1)
        assert seen == 1, start
        assert not faults, "\n".join(faults.values())
