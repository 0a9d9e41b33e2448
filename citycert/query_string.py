"""What a page's query string may carry as an id or a code: a framework id, a city code, a region, a category, an
item id, as the frameworks and the city list write them. A value of any other shape cannot match anything, so the
registry, the monitoring page and the practices library refuse it (naming the filter) before they query."""

from __future__ import annotations

import re
from dataclasses import dataclass

IDENTIFIER = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,63}")


def is_identifier(value: str) -> bool:
    """Whether `value` has the shape of an id or a code (the whole of it)."""
    return IDENTIFIER.fullmatch(value) is not None


@dataclass(frozen=True)
class FilterChoice:
    """One choice of a filter in a page's form: the value its query string carries, and the label people read."""

    value: str
    label: str
