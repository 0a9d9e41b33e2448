"""Cities as the bundled data files list them (the demo's cities, the places of the good-practice cases)."""

from __future__ import annotations

from typing import Any

from citycert.cities.models import City


def add_missing_cities(entries: list[dict[str, Any]]) -> list[tuple[dict[str, Any], City, bool]]:
    """Store each listed city not stored yet (found by its code); a city already there is left as it is. An entry
    holds `code`, `name` (`ko`, `en`), `kind` and, below an upper-level government, `parent` (that government's
    code). Returns each entry with its city and whether it was added."""
    added = []
    # Upper-level governments first, so that every parent exists before its children.
    for entry in sorted(entries, key=lambda entry: entry.get("parent") is not None):
        parent = City.objects.get(code=entry["parent"]) if entry.get("parent") else None
        city, created = City.objects.get_or_create(
            code=entry["code"],
            defaults={
                "name_ko": entry["name"]["ko"],
                "name_en": entry["name"]["en"],
                "kind": entry["kind"],
                "parent": parent,
            },
        )
        added.append((entry, city, created))
    return added
