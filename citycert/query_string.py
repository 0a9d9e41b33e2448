"""What a page's query string may carry, and the one way pages read their filters from it (`QueryFilters`).

An id or a code (a framework id, a city code, a region, a category, an item id) has the shape the frameworks and the
city list write; a value of any other shape cannot match anything, so the registry, the monitoring page and the
practices library refuse it (naming the filter) before they query."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Annotated, Self

from pydantic import BaseModel, ConfigDict, StringConstraints, ValidationError

IDENTIFIER = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,63}")


def is_identifier(value: str) -> bool:
    """Whether `value` has the shape of an id or a code (the whole of it)."""
    return IDENTIFIER.fullmatch(value) is not None


@dataclass(frozen=True)
class FilterChoice:
    """One choice of a filter in a page's form: the value its query string carries, and the label people read."""

    value: str
    label: str


QUOTED = 20  # characters of a refused value quoted back in the message


class BadQuery(ValueError):
    """A query-string value a page cannot use; the message names the filter and says what it takes."""


# A filter's id or code: the shape `is_identifier` checks, as a pydantic type the filter models share.
Identifier = Annotated[str, StringConstraints(pattern=rf"^{IDENTIFIER.pattern}$")]


class QueryFilters(BaseModel):
    """The filters a page reads from its query string, as one pydantic model per page (the registry, the monitoring
    page, the practices library), the same way the API reads its filters (django-ninja's `Query[...]` schemas):
    the fields say what each filter takes, and an empty or absent value means no filter.

    A value the model refuses raises `BadQuery` with the page's own sentence for that filter (`refusal`), so that the
    person reads which filter was wrong and what it takes, in their language."""

    model_config = ConfigDict(frozen=True, str_strip_whitespace=True, extra="ignore")

    @classmethod
    def from_query(cls, params: Mapping[str, str]) -> Self:
        given = {name: params.get(name, "").strip() for name in cls.model_fields}
        try:
            return cls.model_validate({name: value for name, value in given.items() if value})
        except ValidationError as error:
            name = str(error.errors()[0]["loc"][0])
            raise BadQuery(cls.refusal(name, given[name])) from None

    @classmethod
    def refusal(cls, name: str, value: str) -> str:
        """The sentence that says why filter `name` cannot take `value` (shown to the person; quote at most
        `QUOTED` characters of the value)."""
        raise NotImplementedError

    def chosen(self) -> dict[str, str]:
        """The filters as the form shows them again, everything as text (a ticked box as "1")."""
        return {name: _as_text(value) for name, value in self}


def _as_text(value: object) -> str:
    if isinstance(value, bool):
        return "1" if value else ""
    return "" if value is None else str(value)
