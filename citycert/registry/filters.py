"""The registry's filters: read from the query string, checked, and turned into one database filter."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import asdict, dataclass
from datetime import date

from django.db.models import Q
from django.http import QueryDict
from django.utils.translation import gettext as _

from citycert.certification.choices import CertificateStatus
from citycert.certification.models import Certificate
from citycert.query_string import is_identifier

# Korean local governments nest two deep (a province and its cities); a third level costs nothing to allow.
MAX_DEPTH = 3
# Ids and codes as the frameworks and the city list write them; anything else cannot match and is refused.
_YEAR = re.compile(r"[12][0-9]{3}")
LONGEST_SEARCH = 100


class BadFilter(ValueError):
    """A filter value the registry cannot use; the message names the filter and says what it takes."""


@dataclass(frozen=True)
class Filters:
    """What the public chose to see; empty means no filter."""

    q: str = ""
    framework: str = ""
    year: int | None = None
    category: str = ""
    grade: str = ""
    region: str = ""
    status: str = ""

    def chosen(self) -> dict[str, str]:
        """The filters as the form shows them again, everything as text."""
        return {name: "" if value is None else str(value) for name, value in asdict(self).items()}

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
    q = params.get("q", "").strip()
    if len(q) > LONGEST_SEARCH:
        raise BadFilter(_("Search: at most %(count)d characters.") % {"count": LONGEST_SEARCH})
    # A control character cannot be in a name, and PostgreSQL refuses a NUL outright.
    if any(unicodedata.category(char) == "Cc" for char in q):
        raise BadFilter(_("Search: a name, without control characters."))
    year_text = params.get("year", "").strip()
    if year_text and not _YEAR.fullmatch(year_text):
        raise BadFilter(_("Year: give a year of issue such as 2024, not “%(value)s”.") % {"value": year_text[:20]})
    status = params.get("status", "").strip()
    if status and status not in CertificateStatus.values:
        raise BadFilter(
            _("Status: choose one of %(choices)s, not “%(value)s”.")
            % {"choices": ", ".join(CertificateStatus.values), "value": status[:20]}
        )
    return Filters(
        q=q,
        framework=_token(params, "framework", _("Framework")),
        year=int(year_text) if year_text else None,
        category=_token(params, "category", _("Category")),
        grade=_token(params, "grade", _("Grade or level")),
        region=_token(params, "region", _("Region")),
        status=status,
    )


def _token(params: QueryDict, name: str, label: str) -> str:
    value = params.get(name, "").strip()
    if value and not is_identifier(value):
        raise BadFilter(
            _("%(filter)s: “%(value)s” is not an id or code the registry knows.")
            % {"filter": label, "value": value[:20]}
        )
    return value


def in_region(code: str) -> Q:
    """Certificates of cities whose top-level government has `code`: the region itself and every city in it."""
    where = Q()
    path = "city"
    for _depth in range(MAX_DEPTH):
        where |= Q(**{f"{path}__code": code, f"{path}__parent__isnull": True})
        path += "__parent"
    return where
