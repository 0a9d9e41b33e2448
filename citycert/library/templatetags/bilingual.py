"""Template filters for framework content, which carries its own Korean and English text."""

from __future__ import annotations

from typing import Any

from django import template

from citycert.assessments.answers import readable as readable_value
from citycert.language import in_english

register = template.Library()


@register.filter
def tr(text: Any) -> str:
    """The current language's side of a {ko, en} text (a dict or a Text); Korean unless the page is in English."""
    language = "en" if in_english() else "ko"
    if isinstance(text, dict):
        return str(text.get(language) or text.get("ko") or "")
    if hasattr(text, "ko") and hasattr(text, "en"):
        return str(getattr(text, language))
    return "" if text is None else str(text)


@register.filter
def readable(value: Any) -> str:
    """A stored answer as a person reads it: yes or no (예, 아니오) for "true" and "false"."""
    return readable_value("" if value is None else str(value))
