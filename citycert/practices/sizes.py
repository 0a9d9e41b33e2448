"""A city's size as cases are compared by: the national scheme's category (대도시 / 중소도시) from its rules."""

from __future__ import annotations

from collections.abc import Iterable

from citycert.cities.models import City
from citycert.library.store import UnknownFramework, find_version
from citycert.scoring.categories import category_for

# The scheme whose category rules say what "large" and "small-medium" mean for a Korean local government.
SIZE_RULES = "kr-smartcity"


def sizes_of(cities: Iterable[City]) -> dict[int, str]:
    """Each city's size ("large" or "small_medium", "" when no rule places it), by the city's pk."""
    try:
        framework = find_version(SIZE_RULES).framework
    except UnknownFramework:
        return {}
    sizes = {}
    for city in cities:
        latest = max(city.populations.all(), key=lambda entry: entry.year, default=None)
        population = latest.population if latest is not None else None
        sizes[city.pk] = category_for(framework, kind=city.kind, population=population) or ""
    return sizes
