"""Korean first: the pages are in Korean unless the visitor has chosen English with the switcher."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.utils import translation
from django.utils.cache import patch_vary_headers

from citycert.scoring.result import Bilingual, Said, Sentence

# The languages user data (a framework's texts, a city's name, a round's name) is stored in, as `…_ko` and `…_en`
# fields or {ko, en} pairs. Any other language the site is translated into reads the English side.
DATA_LANGUAGES = ("ko", "en")


def data_language() -> str:
    """The side of stored Korean/English data the current request (or command) reads: its own language when the
    data has that side, English otherwise; Korean when no language is active (the default)."""
    language = (translation.get_language() or settings.LANGUAGE_CODE).split("-")[0]
    return language if language in DATA_LANGUAGES else "en"


def in_english() -> bool:
    """Whether the current request reads the English side of stored data (English, or a language the data has
    no side for); Korean otherwise, and by default."""
    return data_language() == "en"


def in_page_language(pair: Any) -> str:
    """The current language's side of a Korean/English pair (a framework text, or a {ko, en} dict): see
    data_language(). The one place that picks a side, so that a new language needs no code."""
    if pair is None:
        return ""
    if isinstance(pair, dict):
        return str(pair.get(data_language()) or pair.get("ko") or "")
    return str(getattr(pair, data_language()))


def field_in_page_language(record: Any, field: str) -> str:
    """A record's `<field>_ko` or `<field>_en`, as data_language() picks: a city's name, a round's name."""
    return str(getattr(record, f"{field}_{data_language()}"))


def in_each_data_language(make: Callable[[], str]) -> dict[str, str]:
    """What `make` says under each language stored data has a side for ({"ko": …, "en": …}): for a text the
    system writes into data (a due item's name, a round's default name), through the catalogue."""
    said = {}
    for language in DATA_LANGUAGES:
        with translation.override(language):
            said[language] = make()
    return said


def in_each_site_language(make: Callable[[], str]) -> dict[str, str]:
    """What `make` says under each language the site speaks (settings.LANGUAGES), a third one included: for a text
    kept for people who each read their own language (a notification)."""
    said = {}
    for language, _name in settings.LANGUAGES:
        with translation.override(language):
            said[language] = make()
    return said


def translated(wording: str, values: dict[str, str] | None = None) -> str:
    """A sentence the pure core marked for the catalogue (a file refusal, a message code's text), in the current
    language, with its values filled in; a value that is itself a catalogue entry (a file kind) is translated too."""
    if not values:
        return translation.gettext(wording)
    return translation.gettext(wording) % {key: translation.gettext(value) for key, value in values.items()}


def said(what: Said) -> str:
    """What the engine says (a failed condition's reason, a gap plan's value), in the current language: a sentence
    through the catalogue with its values said in turn, framework data on its side, a figure as it is."""
    if isinstance(what, Sentence):
        wording = translation.gettext(what.wording)
        return wording % {key: said(value) for key, value in what.values.items()} if what.values else wording
    if isinstance(what, Bilingual):
        return in_page_language(what)
    return what


def said_in_each_data_language(what: Said) -> dict[str, str]:
    """What the engine says, as a result's record keeps it ({"ko": …, "en": …}): see Result.as_dict."""
    return in_each_data_language(lambda: said(what))


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
