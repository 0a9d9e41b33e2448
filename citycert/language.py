"""Korean first: the pages are in Korean unless the visitor has chosen English with the switcher."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.utils import translation
from django.utils.cache import patch_vary_headers


def in_english() -> bool:
    """Whether the current request (or command) speaks English; Korean otherwise, and by default."""
    return (translation.get_language() or "ko").startswith("en")


def in_page_language(pair: Any) -> str:
    """The current language's side of a Korean/English pair (a framework text): English when the request speaks
    English, Korean otherwise."""
    return str(pair.en if in_english() else pair.ko)


def readable(text: str) -> str:
    """A stored value as a person reads it, in the current language: "true" and "false" as yes and no (예, 아니오);
    levels and numbers as they are."""
    if text in ("true", "false"):
        return translation.gettext("yes") if text == "true" else translation.gettext("no")
    return text


class KoreanFirstLocaleMiddleware:
    """Like Django's LocaleMiddleware, but the browser's Accept-Language does not override Korean.

    A Korean city officer on an English-language laptop still gets Korean; anyone may switch, and the
    choice is kept in the language cookie. The API is the exception: a program says what it wants in
    Accept-Language, as programs do, and gets Korean when it says nothing.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        is_api = request.path.startswith("/api/")
        if chosen is None and is_api:
            chosen = translation.get_language_from_request(request)
        language = chosen if chosen in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = language
        response = self.get_response(request)
        response.headers.setdefault("Content-Language", language)
        if is_api:
            # A cache in between must keep the Korean and the English answer apart.
            patch_vary_headers(response, ("Accept-Language",))
        return response
