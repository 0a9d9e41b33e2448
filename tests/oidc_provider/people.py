"""The people the test provider knows (username, email, whether the email is verified), and its one client.

citycert's tests make accounts with some of these emails: a verified match signs in, the rest are refused."""

from __future__ import annotations

from dataclasses import dataclass

PASSWORD = "provider-password-1"
CLIENT_ID = "citycert-tests"
CLIENT_SECRET = "citycert-tests-secret"
# Where citycert may send people back: Django's test client, and any port of 127.0.0.1 (the toolkit lets a
# loopback address's port vary, RFC 8252 7.3), for the live server.
REDIRECT_URIS = ["http://testserver/oidc/callback/", "http://127.0.0.1/oidc/callback/"]


@dataclass(frozen=True)
class ProviderPerson:
    username: str
    email: str
    verified: bool


ASSESSOR = ProviderPerson("kim.assessor", "kim.assessor@krihs.example", verified=True)
CERTIFIER = ProviderPerson("park.certifier", "park.certifier@krihs.example", verified=True)
UNVERIFIED = ProviderPerson("lee.unverified", "lee.officer@seocho.example", verified=False)
STRANGER = ProviderPerson("choi.stranger", "choi@elsewhere.example", verified=True)
LEFT = ProviderPerson("jung.left", "jung.left@krihs.example", verified=True)
EVERYONE = [ASSESSOR, CERTIFIER, UNVERIFIED, STRANGER, LEFT]
