"""Template filters for framework content, which carries its own Korean and English text."""

from __future__ import annotations

from typing import Any

from django import template
from django.utils.translation import get_language

register = template.Library()


@register.filter
def tr(text: Any) -> str:
    """The current language's side of a {ko, en} text; Korean unless the page is in English."""
    if not isinstance(text, dict):
        return "" if text is None else str(text)
    language = "en" if (get_language() or "ko").startswith("en") else "ko"
    return str(text.get(language) or text.get("ko") or "")
