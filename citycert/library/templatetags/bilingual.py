"""Template filters for framework content, which carries its own Korean and English text."""

from __future__ import annotations

import re
from typing import Any

from django import template
from django.conf import settings
from django.utils import translation

from citycert.language import in_english, in_page_language
from citycert.language import readable as readable_value

register = template.Library()


@register.filter
def tr(text: Any) -> str:
    """The current language's side of a {ko, en} text (a dict or a Text); Korean unless the page is in English."""
    if isinstance(text, dict) or (hasattr(text, "ko") and hasattr(text, "en")):
        return in_page_language(text)
    return "" if text is None else str(text)


@register.filter
def readable(value: Any) -> str:
    """A stored answer as a person reads it: yes or no (예, 아니오) for "true" and "false"."""
    return readable_value("" if value is None else str(value))


_HANGUL = re.compile(r"[\uac00-\ud7a3]")


@register.filter
def one_side(text: Any) -> str:
    """The reader's side of a reason the system wrote in both languages at once ("ko · en", from
    certification.workflow.in_both_languages); any other text as it is. Both sides hold the same number of
    separators, so the middle one divides them; a text is taken for such a pair only when its first half holds
    Hangul and its second none (a person's own reason with a "·" in it is shown whole)."""
    whole = "" if text is None else str(text)
    parts = whole.split(" · ")
    if len(parts) < 2 or len(parts) % 2:
        return whole
    korean, english = " · ".join(parts[: len(parts) // 2]), " · ".join(parts[len(parts) // 2 :])
    if not _HANGUL.search(korean) or _HANGUL.search(english):
        return whole
    return english if in_english() else korean


@register.simple_tag
def languages_in_their_own_names() -> list[tuple[str, str]]:
    """Each language of settings.LANGUAGES named as its own readers name it (한국어, English), for the language
    switch: the setting's name read through that language's catalogue, so a new language needs no code here."""
    named = []
    for code, name in settings.LANGUAGES:
        with translation.override(code):
            named.append((code, translation.gettext(str(name))))
    return named
