"""What every router uses: paged lists, the caller as a user, ETags, and the JSON the API writes."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Annotated, Any, Generic, TypeVar

from django.db.models import QuerySet
from django.http import HttpRequest
from ninja import Field, Schema
from ninja.renderers import JSONRenderer

from citycert.permissions import User


class ReadableJSON(JSONRenderer):
    """UTF-8 as it is: Korean names and messages stay readable in the raw response."""

    media_type = "application/json; charset=utf-8"
    json_dumps_params: Mapping[str, Any] = {"ensure_ascii": False}


T = TypeVar("T")

MAX_LIMIT = 500
# An id: the largest a database's 64-bit integer holds, so that a huge number is refused as input (422)
# rather than overflowing the database driver.
MAX_ID = 2**63 - 1
Id = Annotated[int, Field(ge=1, le=MAX_ID)]


class Paging(Schema):
    limit: int = Field(50, ge=1, le=MAX_LIMIT, description="how many results at most")
    offset: int = Field(0, ge=0, le=10_000_000, description="how many results to skip")


class Page(Schema, Generic[T]):
    count: int = Field(description="how many results in all, across every page")
    limit: int
    offset: int
    results: list[T]


def page(rows: QuerySet[Any] | Sequence[Any], paging: Paging, convert: Callable[[Any], Any]) -> dict[str, Any]:
    count = rows.count() if isinstance(rows, QuerySet) else len(rows)
    chosen = rows[paging.offset : paging.offset + paging.limit]
    return {"count": count, "limit": paging.limit, "offset": paging.offset, "results": [convert(r) for r in chosen]}


def narrowed(rows: QuerySet[Any], **lookups: Any) -> QuerySet[Any]:
    """`rows` filtered by each lookup the caller gave; a filter left out (None or "") narrows nothing."""
    return rows.filter(**{lookup: value for lookup, value in lookups.items() if value not in (None, "")})


def caller(request: HttpRequest) -> User:
    """The person calling: the token's or the session's user, or the public."""
    return request.user


class Text(Schema):
    """A text in both languages."""

    ko: str
    en: str


class ErrorDetail(Schema):
    code: str = Field(description="invalid, unauthenticated, forbidden, not_found, conflict, precondition_failed, …")
    message: str
    details: Any = Field(None, description="the fields or rows at fault, where there are any")


class ErrorOut(Schema):
    error: ErrorDetail


READ_ERRORS = (401, 403, 404, 422)
# 409 a state that does not allow it, 412 a stale If-Match, 413 too large, 428 no If-Match, 429 too many writes.
WRITE_ERRORS = (*READ_ERRORS, 409, 412, 413, 428, 429)


def documented_responses(ok: Any, *, writes: bool = False) -> dict[int, Any]:
    """An operation's documented responses: its success and every error it may give, in the one error shape."""
    documented: dict[int, Any] = dict(ok) if isinstance(ok, dict) else {200: ok}
    return {**documented, **dict.fromkeys(WRITE_ERRORS if writes else READ_ERRORS, ErrorOut)}
