"""Requests carrying the NUL character are refused at the door.

PostgreSQL cannot hold NUL in text, so a NUL in an address, a query or a form or JSON body would otherwise
reach the database and fail there as a server error (schemathesis found it). No person types one; a program
that sends one gets 400 (the API's 422 in its error shape) naming where it was. Uploaded files are left
alone: they may hold any byte and are stored as files.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable

from django.core.exceptions import RequestDataTooBig, TooManyFieldsSent, TooManyFilesSent
from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest
from django.template.loader import render_to_string
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from citycert.api.errors import body

# The NUL character as each part of a request can carry it.
IN_QUERY = "%00"
IN_FORM = b"%00"
# In JSON, the escape \u0000 is NUL only where its backslash is not itself escaped: text that reads
# `C:\u0000` is sent as `C:\\u0000` (an even run of backslashes before the u) and holds no NUL.
IN_JSON = re.compile(rb"(?<!\\)(?:\\\\)*\\u0000|\x00")


class RefuseNulCharacters:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        where = _where_nul(request)
        if where is None:
            return self.get_response(request)
        message = _("The request holds the NUL character (in its %(where)s), which citycert does not take.") % {
            "where": where
        }
        if request.path.startswith("/api/"):
            return HttpResponse(
                json.dumps(body("invalid", message, [{"field": where}]), ensure_ascii=False),
                status=422,
                content_type="application/json; charset=utf-8",
            )
        # A page of its own that needs no signed-in user: this runs before the rest of the middleware.
        page = render_to_string(
            "errors/nul.html", {"message": message, "path": request.path, "LANGUAGE_CODE": get_language()}
        )
        return HttpResponseBadRequest(page)


def _where_nul(request: HttpRequest) -> str | None:
    if "\x00" in request.path:
        return "path"
    if IN_QUERY in request.META.get("QUERY_STRING", ""):
        return "query"
    content_type = request.content_type or ""
    try:
        if content_type == "multipart/form-data":
            # The form's fields, not its files (parsed here as the CSRF check would parse them anyway).
            found = any("\x00" in value for _name, values in request.POST.lists() for value in values)
        elif content_type == "application/x-www-form-urlencoded":
            found = IN_FORM in request.body
        elif content_type == "application/json":
            found = IN_JSON.search(request.body) is not None
        else:
            found = False
    except (RequestDataTooBig, TooManyFieldsSent, TooManyFilesSent):
        return None  # the view answers that itself
    return "body" if found else None
