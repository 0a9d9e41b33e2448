"""The registry's filters: read from the query string, checked, and turned into one database filter."""

from __future__ import annotations

import re
import unicodedata
from datetime import date
from typing import Annotated, Literal

from django.db.models import Q
from django.http import QueryDict
from django.utils.translation import gettext as _
from pydantic import AfterValidator, BeforeValidator, StringConstraints

from citycert.certification.choices import CertificateStatus
from citycert.certification.models import Certificate
from citycert.query_string import QUOTED, BadQuery, Identifier, QueryFilters

# Korean local governments nest two deep (a province and its cities); a third level costs nothing to allow.
MAX_DEPTH = 3
LONGEST_SEARCH = 100
# The registry's own word for a refused filter (the API answers its own way, from its schemas).
BadFilter = BadQuery


def _year_of_issue(text: object) -> object:
    # Four digits, as a year of issue is written; int() alone would also take "+2024" or "2_024".
    if isinstance(text, str) and not re.fullmatch(r"[12][0-9]{3}", text):
        raise ValueError("not a year")
    return text


def _no_control_characters(text: str) -> str:
    # A control character cannot be in a name, and PostgreSQL refuses a NUL outright.
    if any(unicodedata.category(char) == "Cc" for char in text):
        raise ValueError("control character")
    return text


class Filters(QueryFilters):
    """What the public chose to see; empty means no filter."""

    q: Annotated[str, StringConstraints(max_length=LONGEST_SEARCH), AfterValidator(_no_control_characters)] = ""
    framework: Identifier = ""
    year: Annotated[int, BeforeValidator(_year_of_issue)] | None = None
    category: Identifier = ""
    grade: Identifier = ""
    region: Identifier = ""
    status: Literal[tuple(CertificateStatus.values)] | Literal[""] = ""  # type: ignore[valid-type]

    @classmethod
    def refusal(cls, name: str, value: str) -> str:
        quoted = value[:QUOTED]
        if name == "q":
            if len(value) > LONGEST_SEARCH:
                return _("Search: at most %(count)d characters.") % {"count": LONGEST_SEARCH}
            return _("Search: a name, without control characters.")
        if name == "year":
            return _("Year: give a year of issue such as 2024, not “%(value)s”.") % {"value": quoted}
        if name == "status":
            return _("Status: choose one of %(choices)s, not “%(value)s”.") % {
                "choices": ", ".join(CertificateStatus.values),
                "value": quoted,
            }
        label = {"framework": _("Framework"), "category": _("Category"), "grade": _("Grade or level")}
        return _("%(filter)s: “%(value)s” is not an id or code the registry knows.") % {
            "filter": label.get(name) or _("Region"),
            "value": quoted,
        }

    def query(self, today: date) -> Q:
        """One filter for Certificate querysets; the status is computed against `today`, as on the pages."""
        where = Q()
        if self.q:
            where &= Q(city__name_ko__icontains=self.q) | Q(city__name_en__icontains=self.q)
        if self.framework:
            where &= Q(framework_version__framework_id=self.framework)
        if self.year is not None:
            where &= Q(issued_on__year=self.year)
        if self.category:
            where &= Q(category=self.category)
        if self.grade:
            where &= Q(grade=self.grade)
        if self.region:
            where &= in_region(self.region)
        if self.status:
            where &= Certificate.having_status(self.status, today)
        return where


def read_filters(params: QueryDict) -> Filters:
    """The filters in a query string; raises BadFilter, naming the filter, for a value that cannot be used."""
    return Filters.from_query(params)


def in_region(code: str) -> Q:
    """Certificates of cities whose top-level government has `code`: the region itself and every city in it."""
    where = Q()
    path = "city"
    for _depth in range(MAX_DEPTH):
        where |= Q(**{f"{path}__code": code, f"{path}__parent__isnull": True})
        path += "__parent"
    return where
