"""While the database cannot be reached: a clear 503 page, or the API's error shape, instead of a 500.

Nothing is cached about the outage: Django opens a new connection for the next request (and throws away one that
failed), so the site comes back by itself once the database does.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from django.db import InterfaceError, OperationalError
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.template.loader import render_to_string
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

log = logging.getLogger(__name__)

RETRY_AFTER_SECONDS = 30
UNREACHABLE = (OperationalError, InterfaceError)
UNAVAILABLE = gettext_noop("The database cannot be reached just now. Nothing was lost; try again in a minute.")


def unavailable_response(request: HttpRequest) -> HttpResponse:
    """The 503 answer for this request: JSON under /api/, a page elsewhere; neither reads the database."""
    message = _(UNAVAILABLE)
    if request.path.startswith("/api/"):
        response: HttpResponse = JsonResponse(
            {"error": {"code": "unavailable", "message": message, "details": None}}, status=503
        )
    else:
        # Rendered without the request: the context processors would ask the database who is signed in.
        page = render_to_string("operations/unavailable.html", {"message": message})
        response = HttpResponse(page, status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    return response


class DatabaseUnavailableMiddleware:
    """Turns a view's failure to reach the database into a 503 that says so."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if not isinstance(exception, UNREACHABLE):
            return None
        log.error("database unavailable on %s %s: %s", request.method, request.path, exception)
        return unavailable_response(request)
