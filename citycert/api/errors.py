"""Every API error in one JSON shape: {"error": {"code", "message", "details"}}.

Codes: invalid (422), unauthenticated (401), forbidden (403), not_found (404), conflict (409; a certification
step refused by a named rule gives the rule instead: stages_incomplete, four_eyes, reason_needed_outside_range,
reason_needed_against_engine, below_bar, second_certifier, …),
precondition_failed (412), precondition_required (428), too_large (413), throttled (429),
unavailable (503, the database cannot be reached), and internal (500, which the contract tests make sure
never happens).
"""

from __future__ import annotations

import logging
import re
from typing import Any

from django.core.exceptions import PermissionDenied, RequestDataTooBig
from django.db import InterfaceError, OperationalError
from django.http import Http404, HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError, Throttled, ValidationError

from citycert.assessments.evidence import EvidenceRefused
from citycert.assessments.filetypes import RejectedFile
from citycert.assessments.workflow import InvalidAnswer, TransitionRefused
from citycert.certification.announcement import NotAnnounceable
from citycert.certification.workflow import Conflict, Refused
from citycert.language import translated
from citycert.library.store import UnknownFramework
from citycert.operations.unavailable import unavailable_response
from citycert.registry.benchmarks import BadBenchmark
from citycert.registry.filters import BadFilter

log = logging.getLogger(__name__)


class ApiError(Exception):
    """An error raised by an endpoint with its status, code and, where it helps, the field or row at fault."""

    def __init__(self, status: int, code: str, message: str, details: Any = None) -> None:
        super().__init__(message)
        self.status, self.code, self.message, self.details = status, code, message, details


def body(code: str, message: str, details: Any = None) -> dict[str, Any]:
    return {"error": {"code": code, "message": message, "details": details}}


# Pydantic's messages are English only; each kind of problem is said again in the request's language.
_PROBLEMS = {
    "missing": _lazy("This field is required."),
    "extra_forbidden": _lazy("This field is not expected here."),
    "string_type": _lazy("Give text here."),
    "string_too_short": _lazy("This text is too short."),
    "string_too_long": _lazy("This text is too long (at most %(max_length)s characters)."),
    "int_type": _lazy("Give a whole number here."),
    "int_parsing": _lazy("Give a whole number here."),
    "int_from_float": _lazy("Give a whole number here."),
    "float_type": _lazy("Give a number here."),
    "float_parsing": _lazy("Give a number here."),
    "decimal_type": _lazy("Give a number here."),
    "decimal_parsing": _lazy("Give a number here."),
    "bool_type": _lazy("Give true or false here."),
    "bool_parsing": _lazy("Give true or false here."),
    "date_type": _lazy("Give a date (YYYY-MM-DD) here."),
    "date_parsing": _lazy("Give a date (YYYY-MM-DD) here."),
    "date_from_datetime_parsing": _lazy("Give a date (YYYY-MM-DD) here."),
    "list_type": _lazy("Give a list here."),
    "dict_type": _lazy("Give an object here."),
    "model_type": _lazy("Give an object here."),
    "model_attributes_type": _lazy("Give an object here."),
    "json_invalid": _lazy("The body is not valid JSON."),
    "literal_error": _lazy("Give one of: %(expected)s."),
    "enum": _lazy("Give one of: %(expected)s."),
    "greater_than": _lazy("Give a value greater than %(gt)s."),
    "greater_than_equal": _lazy("Give a value of at least %(ge)s."),
    "less_than": _lazy("Give a value less than %(lt)s."),
    "less_than_equal": _lazy("Give a value of at most %(le)s."),
    "too_short": _lazy("Give at least %(min_length)s entries."),
    "too_long": _lazy("Give at most %(max_length)s entries."),
    "url_parsing": _lazy("Give a web address here."),
    "url_scheme": _lazy("Give a web address here."),
}


def _problem(error: dict[str, Any]) -> str:
    template = _PROBLEMS.get(error.get("type", ""))
    if template is None:
        return _("This value is not valid (%(kind)s).") % {"kind": error.get("type", "")}
    context = {key: str(value) for key, value in (error.get("ctx") or {}).items()}
    if "expected" in context:  # pydantic's "'a', 'b' or 'c'" joins with an English "or": list the values alone
        context["expected"] = ", ".join(re.findall(r"'[^']*'", context["expected"])) or context["expected"]
    try:
        return str(template) % context
    except KeyError:  # a limit pydantic did not name: the kind of problem still says what to give
        return _("This value is not valid (%(kind)s).") % {"kind": error.get("type", "")}


def _validation_details(errors: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Each problem with the place it was found: `body.values.3.value`, `query.limit`."""
    return [
        {"field": ".".join(str(part) for part in error.get("loc", ())), "message": _problem(error)} for error in errors
    ]


def install(api: NinjaAPI) -> None:
    def respond(request: HttpRequest, status: int, code: str, message: str, details: Any = None) -> HttpResponse:
        return api.create_response(request, body(code, message, details), status=status)

    @api.exception_handler(ApiError)
    def api_error(request: HttpRequest, error: ApiError) -> HttpResponse:
        return respond(request, error.status, error.code, error.message, error.details)

    @api.exception_handler(ValidationError)
    def invalid(request: HttpRequest, error: ValidationError) -> HttpResponse:
        details = _validation_details(error.errors)
        return respond(request, 422, "invalid", _("The request is not valid; see details."), details)

    @api.exception_handler(AuthenticationError)
    def unauthenticated(request: HttpRequest, error: AuthenticationError) -> HttpResponse:
        # Django Ninja's own "Unauthorized" is English only; our message says what to send instead.
        message = (
            str(error)
            if str(error) not in ("", "Unauthorized")
            else _("Sign in, or send an API token as 'Authorization: Bearer <token>'.")
        )
        response = respond(request, 401, "unauthenticated", message)
        response["WWW-Authenticate"] = 'Bearer realm="citycert"'
        return response

    @api.exception_handler(Throttled)
    def throttled(request: HttpRequest, error: Throttled) -> HttpResponse:
        return respond(
            request, 429, "throttled", _("Too many changes in a short time with this token; try again later.")
        )

    @api.exception_handler(HttpError)
    def http_error(request: HttpRequest, error: HttpError) -> HttpResponse:
        if error.status_code == 400:  # a body that is not JSON at all: invalid input like any other
            return respond(request, 422, "invalid", _("The body is not valid JSON."), [{"field": "body"}])
        return respond(request, error.status_code, "http_error", str(error))

    @api.exception_handler(Http404)
    def not_found(request: HttpRequest, error: Http404) -> HttpResponse:
        return respond(request, 404, "not_found", str(error) or _("Not found."))

    @api.exception_handler(PermissionDenied)
    def forbidden(request: HttpRequest, error: PermissionDenied) -> HttpResponse:
        return respond(request, 403, "forbidden", str(error) or _("You may not do this."))

    @api.exception_handler(RequestDataTooBig)
    def too_large(request: HttpRequest, error: RequestDataTooBig) -> HttpResponse:
        return respond(request, 413, "too_large", str(error))

    for invalid_kind in (InvalidAnswer, EvidenceRefused, RejectedFile, BadFilter, BadBenchmark, UnknownFramework):

        @api.exception_handler(invalid_kind)
        def invalid_input(request: HttpRequest, error: Exception) -> HttpResponse:
            if isinstance(error, RejectedFile):
                return respond(request, 422, "invalid", translated(error.wording, error.values))
            return respond(request, 422, "invalid", str(error).strip("'\""))

    for plain_kind in (TransitionRefused, NotAnnounceable):

        @api.exception_handler(plain_kind)
        def plain_refused(request: HttpRequest, error: Exception) -> HttpResponse:
            return respond(request, 409, "conflict", str(error))

    for refused_kind in (Refused, Conflict):

        @api.exception_handler(refused_kind)
        def refused(request: HttpRequest, error: Refused) -> HttpResponse:
            # A step refused by a named rule (stages_incomplete, four_eyes, …) says which in its code.
            return respond(request, 409, error.rule or "conflict", str(error), error.details)

    for unreachable_kind in (OperationalError, InterfaceError):

        @api.exception_handler(unreachable_kind)
        def unavailable(request: HttpRequest, error: Exception) -> HttpResponse:
            log.error("database unavailable on %s %s: %s", request.method, request.path, error)
            return unavailable_response(request)

    @api.exception_handler(Exception)
    def internal(request: HttpRequest, error: Exception) -> HttpResponse:
        log.exception("API error on %s %s", request.method, request.path)
        return respond(request, 500, "internal", _("Something went wrong on our side; it has been logged."))
