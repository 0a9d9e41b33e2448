"""The site's public address, printed on certificates and in their QR codes: one setting, CITYCERT_PUBLIC_URL.

Production must set it (`citycert check --deploy` fails without it): a printed certificate outlives any request.
In development, where it is usually unset, it is the address the request came to, so a QR code made on
http://127.0.0.1:8123/ leads back there; a command without a request uses DEVELOPMENT_DEFAULT, the address
`make demo` serves.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

from django.conf import settings
from django.core.checks import Error, Tags, register
from django.http import HttpRequest

DEVELOPMENT_DEFAULT = "http://127.0.0.1:8000"


def public_base(request: HttpRequest | None = None) -> str:
    """The public address without a trailing slash: the setting, else the request's, else the default."""
    if settings.PUBLIC_URL:
        return str(settings.PUBLIC_URL)
    if request is not None:
        return request.build_absolute_uri("/").rstrip("/")
    return DEVELOPMENT_DEFAULT


def _malformed(address: str) -> str | None:
    parts = urlsplit(address)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        return "give the whole address, e.g. https://citycert.example.org"
    if parts.query or parts.fragment:
        return "give the address without a query or fragment"
    return None


@register(Tags.urls)
def public_url_is_an_address(**kwargs: Any) -> list[Error]:
    """A CITYCERT_PUBLIC_URL that is set must be an http(s) address."""
    if settings.PUBLIC_URL and (problem := _malformed(settings.PUBLIC_URL)):
        return [Error(f"CITYCERT_PUBLIC_URL={settings.PUBLIC_URL!r}: {problem}.", id="citycert.E101")]
    return []


@register(Tags.urls, deploy=True)
def public_url_is_set(**kwargs: Any) -> list[Error]:
    """Production prints the public address on every certificate: it must be set, and be https."""
    if not settings.PUBLIC_URL:
        return [
            Error(
                "CITYCERT_PUBLIC_URL is not set: certificates' QR codes and printed addresses need the site's public "
                "address, e.g. CITYCERT_PUBLIC_URL=https://citycert.example.org",
                id="citycert.E102",
            )
        ]
    if urlsplit(settings.PUBLIC_URL).scheme != "https":
        return [
            Error(f"CITYCERT_PUBLIC_URL={settings.PUBLIC_URL!r}: production serves https only.", id="citycert.E103")
        ]
    return []
