"""Cases beside the steps of a gap plan: for each step, cases from other cities that reached at least the step's
target at that item, cities of the assessed city's size first."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.core.cache import cache
from django.db.models import Count, Max, Prefetch

from citycert.cities.models import City, Population
from citycert.frameworks.schema import Framework
from citycert.practices.models import CaseItem
from citycert.practices.naming import reached_text
from citycert.practices.sizes import sizes_of

CASES_PER_STEP = 3


@dataclass(frozen=True)
class StepCase:
    """A case shown at a step: what the city reached there (None when no source states it)."""

    entry: CaseItem
    reached: str | None
    same_size: bool

    @property
    def case(self) -> Any:
        return self.entry.case


def _target(after: Any) -> Decimal | None:
    """The step's target as a number: a level or value, 1 for "yes"; None when the step proposes no value."""
    if after is None:
        return None
    if isinstance(after, bool):
        return Decimal(int(after))
    try:
        return Decimal(str(after))
    except ArithmeticError:
        return None


# How long an index of the library is kept in the cache: its key names the library's stamp, so a changed library is
# read again at once; the time only frees what no page asks for any more.
INDEX_KEPT_SECONDS = 24 * 3600


def _cities_with_cases() -> dict[tuple[str, str], frozenset[int]]:
    """Each (framework, item) that has cases, with the cities they are of: kept in the cache under the stamp of the
    library (its last entry and its number of entries). Cases are only ever added (a city publishes one, the bundled
    ones are loaded) and their entries never edited, so a new stamp is a changed library; a page whose steps have no
    other city's case then costs the stamp's small query, not a join of cases, cities and populations."""
    stamp = CaseItem.objects.aggregate(last=Max("pk"), count=Count("pk"))
    key = f"practices:cities-at:{stamp['last']}:{stamp['count']}"
    index: dict[tuple[str, str], frozenset[int]] | None = cache.get(key)
    if index is None:
        found: dict[tuple[str, str], set[int]] = {}
        entries = CaseItem.objects.values_list("case__framework_id", "item_id", "case__city_id")
        for framework_id, item_id, city_id in entries:
            found.setdefault((framework_id, item_id), set()).add(city_id)
        index = {at: frozenset(cities) for at, cities in found.items()}
        cache.set(key, index, INDEX_KEPT_SECONDS)
    return index


def cases_for_steps(framework: Framework, steps: Sequence[tuple[str, Any]], city: City) -> dict[str, list[StepCase]]:
    """For each (item, target) step, up to three cases of other cities: first those whose stated level or value at
    the item is at least the target, then those whose level there no source states (the city's result at least
    met the scheme's bar); cities of `city`'s size first within each. One small query when no other city's case is at
    these items, and a fixed few otherwise, whatever the number of steps."""
    if not steps:
        return {}
    with_cases = _cities_with_cases()
    targets = {
        item: _target(after) for item, after in steps if with_cases.get((framework.id, item), frozenset()) - {city.pk}
    }
    if not targets:
        return {}
    entries = list(
        CaseItem.objects.filter(case__framework_id=framework.id, item_id__in=list(targets))
        .exclude(case__city=city)
        .select_related("case__city__parent")
        .prefetch_related(Prefetch("case__city__populations", queryset=Population.objects.order_by()))
    )
    if not entries:
        return {}
    sizes = sizes_of([city, *{entry.case.city for entry in entries}])
    own_size = sizes.get(city.pk, "")
    on_scale = {node.id for node in framework.nodes if node.assessable and node.scale}
    found: dict[str, list[tuple[tuple[Any, ...], StepCase]]] = {}
    for entry in entries:
        target = targets[entry.item_id]
        if entry.reached is not None and target is not None and entry.reached < target:
            continue
        same_size = bool(own_size) and sizes.get(entry.case.city_id) == own_size
        shown = reached_text(entry.reached, entry.item_id in on_scale) or None
        rank = (entry.reached is None, not same_size, -(entry.reached or 0), -entry.case.year, entry.case.key)
        found.setdefault(entry.item_id, []).append((rank, StepCase(entry, shown, same_size)))
    return {item: [case for _rank, case in sorted(pairs)[:CASES_PER_STEP]] for item, pairs in found.items()}
