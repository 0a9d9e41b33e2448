"""Planning an import: the file's checked rows compared with the stored series, as what committing would add,
change and leave; nothing is saved.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import NamedTuple

from django.utils.translation import gettext as _

from citycert.cities.models import City
from citycert.indicators.importing.checking import CheckedRow, Key, Rejected, check_row, quantitative_items, shortened
from citycert.indicators.importing.reading import read_rows
from citycert.indicators.models import IndicatorValue
from citycert.permissions import User, officer_city_ids, runs_certification


class Stored(NamedTuple):
    """A current value of the series as the comparison with a file needs it (not a model object: a second
    import of a million values reads a million of these)."""

    pk: int
    value: Decimal
    unit: str
    source: str
    quality: str


@dataclass
class Plan:
    """What committing the file would do."""

    file_name: str
    sha256: str
    rows: int = 0
    added: list[CheckedRow] = field(default_factory=list)
    changed: list[tuple[CheckedRow, Stored]] = field(default_factory=list)
    unchanged: int = 0
    rejected: list[Rejected] = field(default_factory=list)
    # The good rows by key, in the file's order: repeated rows are found here and drops measured from here.
    given: dict[Key, CheckedRow] = field(default_factory=dict)
    # The stored series of the file's cities before the import, by key: where drops are measured from.
    current: dict[Key, Stored] = field(default_factory=dict)

    @property
    def changes_anything(self) -> bool:
        return bool(self.added or self.changed)


def plan_import(name: str, data: bytes, user: User, today: date, *, only_city: City | None = None) -> Plan:
    """Read and check the file, and compare it with the stored series; nothing is saved. With `only_city`
    (an import from that city's page), rows of any other city are rejected."""
    return plan_rows(name, hashlib.sha256(data).hexdigest(), read_rows(name, data), user, today, only_city=only_city)


def plan_rows(
    name: str,
    digest: str,
    rows: Iterable[tuple[int, dict[str, str]]],
    user: User,
    today: date,
    *,
    only_city: City | None = None,
) -> Plan:
    """Check rows ({column: text}, numbered as lines of their file or items of an API request) and compare
    them with the stored series; nothing is saved."""
    plan = Plan(file_name=name, sha256=digest)
    cities = dict(City.objects.values_list("code", "id"))
    allowed = None if runs_certification(user) else officer_city_ids(user)
    qualified, bare = quantitative_items()
    # One object for each repeated text and year, rather than a million equal copies.
    shared: dict[object, object] = {}
    for line, cells in rows:
        plan.rows += 1
        row, rejected = check_row(line, cells, cities, allowed, qualified, bare, today, shared)
        if row is not None and only_city is not None and row.city_id != only_city.pk:
            rejected = Rejected(
                line, "city", _("this import is for %(city)s only") % {"city": f"{only_city.code} {only_city.name}"}, ""
            )
        elif row is not None and row.key in plan.given:
            rejected = Rejected(line, "item", _("repeats line %(line)d") % {"line": plan.given[row.key].line}, "")
        if row is None or rejected is not None:
            assert rejected is not None
            plan.rejected.append(Rejected(line, rejected.field, rejected.reason, shortened(cells)))
            continue
        plan.given[row.key] = row
    good = plan.given.values()
    plan.current = _current_values({row.city_id for row in good}, {row.framework_id for row in good})
    for row in good:
        stored = plan.current.get(row.key)
        if stored is None:
            plan.added.append(row)
        elif (stored.value, stored.unit, stored.source, stored.quality) == (
            row.value,
            row.unit,
            row.source,
            row.quality,
        ):
            plan.unchanged += 1
        else:
            plan.changed.append((row, stored))
    return plan


def _current_values(city_ids: set[int], framework_ids: set[str]) -> dict[Key, Stored]:
    if not city_ids:
        return {}
    found = IndicatorValue.objects.filter(current=True, city_id__in=city_ids, framework_id__in=framework_ids)
    columns = ("city_id", "framework_id", "item_id", "year", "month", "pk", "value", "unit", "source", "quality")
    shared: dict[str, str] = {}
    current = {}
    for city, framework, item, year, month, pk, value, unit, source, quality in found.values_list(*columns).iterator(
        chunk_size=50_000
    ):
        key = (city, shared.setdefault(framework, framework), shared.setdefault(item, item), year, month)
        current[key] = Stored(pk, value, shared.setdefault(unit, unit), shared.setdefault(source, source), quality)
    return current
