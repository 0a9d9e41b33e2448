"""Who is calling: a personal API token (Authorization: Bearer), the pages' session, or the public.

What each of them may see and do is decided by `citycert.permissions`, as for the pages; this module only
says who it is. A token that is sent but not good is refused (401), never taken for the public.
"""

from __future__ import annotations

from typing import Any, ClassVar

from django.contrib.auth.models import AnonymousUser
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja.errors import AuthenticationError
from ninja.security import HttpBearer, SessionAuth


class Token(HttpBearer):
    """A personal API token, made and revoked by its owner on the tokens page."""

    def authenticate(self, request: HttpRequest, token: str) -> Any:
        from citycert.accounts.tokens import user_for_token

        user = user_for_token(token, timezone.now())
        if user is None:
            raise AuthenticationError(401, _("The API token is unknown, expired or revoked."))
        request.user = user
        return user


class Session(SessionAuth):
    """The pages' own sign-in; changes through it need the CSRF token like any form."""


class Public:
    """Anyone: what the public may see, and nothing else, is left to the permission module.

    Its schema entry is a marker that `app.CitycertAPI` turns into OpenAPI's `{}`: no credentials needed."""

    openapi_security_schema: ClassVar[dict[str, str]] = {"type": "http", "scheme": "none"}

    def __call__(self, request: HttpRequest) -> Any:
        # Not None: an anonymous caller is still let through, as the public.
        return request.user if request.user.is_authenticated else AnonymousUser()


SIGNED_IN = [Token(), Session()]
ANYONE = [Token(), Session(), Public()]
