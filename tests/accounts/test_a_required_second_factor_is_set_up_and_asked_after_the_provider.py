"""Assessors must have a second factor (CITYCERT_REQUIRE_TOTP_FOR=assessor,certifier). Assessor-1 signs in through
the provider for the first time and can reach nothing but enrolment: they scan the code (or type the key), confirm
with a first code, and go on. Next time, after the provider, citycert asks for a code before any page; a wrong code
is refused, and right after it even a right one waits."""

from __future__ import annotations

import re
import time
from typing import Any

from django_otp.plugins.otp_totp.models import TOTPDevice

from citycert.audit.models import AuditEvent
from tests.accounts.single_sign_on import configure, sign_in_with_provider, totp
from tests.oidc_provider.people import ASSESSOR
from tests.oidc_provider.server import Provider
from tests.people import People

ENROL = "/accounts/second-factor/enrol/"
CODE = "/accounts/second-factor/"
ELSEWHERE = ["/my/", "/certification/", "/accounts/tokens/", "/registry/", "/accounts/password/"]


def test_an_assessor_enrols_then_gives_a_code_after_each_sign_in(
    client: Any, people: People, oidc_provider: Provider, settings: Any
) -> None:
    configure(settings, oidc_provider)
    settings.REQUIRE_TOTP_FOR = ["assessor", "certifier"]
    client.cookies["django_language"] = "en"
    people.assessor.email = ASSESSOR.email
    people.assessor.save()

    page = sign_in_with_provider(client, ASSESSOR)

    assert page.redirect_chain[-1][0] == f"{ENROL}?next=/my/"
    text = page.content.decode()
    assert "Your role requires a second factor. Set up an authenticator app to continue." in text
    assert '<div class="qr" id="totp-qr"><svg' in text  # drawn by the server, nothing loaded from elsewhere
    for path in ELSEWHERE:
        answer = client.get(path)
        assert (answer.status_code, answer["Location"].split("?")[0]) == (302, ENROL), path
    assert client.get("/api/v1/assessments").status_code == 403
    secret = re.search(r'id="totp-secret">([A-Z2-7 ]+)</code>', text)
    assert secret is not None

    wrong = client.post(ENROL, {"code": "000000" if totp(secret[1]) != "000000" else "111111", "next": "/my/"})
    assert wrong.status_code == 400
    assert "That code is not right. Enter the code your authenticator app shows now." in wrong.content.decode()
    too_soon = client.post(ENROL, {"code": totp(secret[1]), "next": "/my/"})  # right, but straight after a wrong one
    assert "Too many wrong codes. Wait 1 second, then enter the code your app shows." in too_soon.content.decode()
    assert not TOTPDevice.objects.filter(user=people.assessor, confirmed=True).exists()
    time.sleep(1.1)
    confirmed = client.post(ENROL, {"code": totp(secret[1]), "next": "/my/"}, follow=True)
    assert confirmed.redirect_chain[-1][0] == "/my/"
    assert "Your authenticator app is set up: each sign-in will ask for its code." in confirmed.content.decode()
    assert client.get("/certification/").status_code == 200
    assert TOTPDevice.objects.filter(user=people.assessor, confirmed=True).count() == 1

    client.post("/accounts/logout/")
    again = sign_in_with_provider(client, ASSESSOR)

    assert again.redirect_chain[-1][0] == f"{CODE}?next=/my/"
    assert (
        "Your account has a second factor: enter the code your authenticator app shows now." in again.content.decode()
    )
    for path in [*ELSEWHERE, ENROL]:
        answer = client.get(path)
        assert (answer.status_code, answer["Location"].split("?")[0]) == (302, CODE), path
    # The code that confirmed enrolment is spent; the next 30-second step's code is within the allowed drift.
    proven = client.post(CODE, {"code": totp(secret[1], step_offset=1), "next": "/my/"}, follow=True)
    assert proven.redirect_chain[-1][0] == "/my/"
    assert client.get("/certification/").status_code == 200
    actions = list(AuditEvent.objects.filter(actor=people.assessor).values_list("action", flat=True).order_by("id"))
    assert actions == ["account.signed_in", "second_factor.enrolled", "account.signed_in", "second_factor.verified"]


def test_a_role_not_named_signs_in_without_a_second_factor(
    client: Any, people: People, oidc_provider: Provider, settings: Any
) -> None:
    configure(settings, oidc_provider)
    settings.REQUIRE_TOTP_FOR = ["certifier"]
    people.assessor.email = ASSESSOR.email
    people.assessor.save()

    page = sign_in_with_provider(client, ASSESSOR)

    assert page.redirect_chain[-1][0] == "/my/"
    assert client.get("/certification/").status_code == 200
