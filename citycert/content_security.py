"""The Content-Security-Policy every answer carries: scripts and styles only from our own static files.

No page has inline script, inline event handlers or style attributes, so neither script-src nor style-src
needs 'unsafe-inline'; the server-drawn SVG charts use presentation attributes (fill, stroke), which a
policy does not restrict. Swagger UI's stylesheet draws its icons as data: images, hence `img-src data:`.
An answer that sets its own policy keeps it (evidence downloads use a stricter, sandboxed one).
"""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest
from django.http.response import HttpResponseBase

POLICY = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data:",
        "font-src 'self'",
        "connect-src 'self'",
        "object-src 'none'",
        "frame-ancestors 'none'",
        "base-uri 'self'",
        "form-action 'self'",
    ]
)


class ContentSecurityPolicyMiddleware:
    """Adds POLICY to every answer that has no policy of its own."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        response = self.get_response(request)
        response.headers.setdefault("Content-Security-Policy", POLICY)
        return response
