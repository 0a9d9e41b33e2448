"""Going through the test OpenID provider as a person would: citycert (Django's test client) sends the browser to the
provider, the person signs in there and allows citycert to know their email, and the provider sends them back.
The provider's side is driven over HTTP with requests; nothing is mocked. Also an authenticator app's codes."""

from __future__ import annotations

import hashlib
import hmac
import struct
import time
from base64 import b32decode
from html import unescape
from html.parser import HTMLParser
from typing import Any

import requests
from django.test import Client

from tests.oidc_provider.people import PASSWORD, ProviderPerson
from tests.oidc_provider.server import Provider


class _Hidden(HTMLParser):
    """The hidden inputs of a page's forms, by name."""

    def __init__(self) -> None:
        super().__init__()
        self.values: dict[str, str] = {}

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        if tag == "input" and found.get("type") == "hidden" and found.get("name"):
            self.values[str(found["name"])] = unescape(found.get("value") or "")


def hidden_inputs(html: str) -> dict[str, str]:
    reader = _Hidden()
    reader.feed(html)
    return reader.values


def configure(settings: Any, provider: Provider, name: str = "Test ID") -> None:
    """Point citycert at the provider, as the CITYCERT_OIDC_* variables would."""
    for key, value in provider.citycert_settings(name).items():
        setattr(settings, key, value)


def at_provider(client: Client, person: ProviderPerson, next_page: str | None = None) -> str:
    """From citycert's "Sign in with …" through the provider's login and consent: the address the provider sends
    the browser back to (citycert's callback, with the code and state)."""
    start = client.get("/oidc/authenticate/", {"next": next_page} if next_page else {})
    assert start.status_code == 302, start.status_code
    browser = requests.Session()
    login = browser.get(start["Location"], timeout=30)  # the provider asks who you are first
    assert "Sign in to the test provider" in login.text, login.text[:500]
    fields = hidden_inputs(login.text)
    consent = browser.post(login.url, data={**fields, "username": person.username, "password": PASSWORD}, timeout=30)
    assert "Let citycert know who you are?" in consent.text, consent.text[:500]
    back = browser.post(
        consent.url, data={**hidden_inputs(consent.text), "allow": "Authorize"}, timeout=30, allow_redirects=False
    )
    assert back.status_code == 302, back.text[:500]
    return str(back.headers["Location"])


def sign_in_with_provider(client: Client, person: ProviderPerson, next_page: str | None = None) -> Any:
    """The whole round trip; the callback's answer, its redirect followed (the page the person lands on)."""
    callback = at_provider(client, person, next_page)
    assert callback.startswith("http://testserver/oidc/callback/?"), callback
    return client.get(callback.removeprefix("http://testserver"), follow=True)


def totp(secret: str, at: float | None = None, step_offset: int = 0) -> str:
    """The six-digit code an authenticator app shows for a base32 secret (RFC 6238: HMAC-SHA1, 30 s steps),
    written here rather than borrowed from django-otp, so the two are checked against each other."""
    key = b32decode(secret.replace(" ", "").upper())
    counter = int((time.time() if at is None else at) // 30) + step_offset
    digest = hmac.new(key, struct.pack(">Q", counter), hashlib.sha1).digest()
    offset = digest[-1] & 0x0F
    number = struct.unpack(">I", digest[offset : offset + 4])[0] & 0x7FFFFFFF
    return f"{number % 1_000_000:06d}"
