"""Every row of every table, in a form that compares equal across SQLite and PostgreSQL."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime, time
from decimal import Decimal
from typing import Any

from django.apps import apps


def canonical(value: Any) -> Any:
    if isinstance(value, datetime):
        return value.astimezone(UTC).isoformat()
    if isinstance(value, date | time):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value.normalize())
    if isinstance(value, dict | list):
        return json.dumps(value, sort_keys=True, ensure_ascii=False)
    if isinstance(value, bytes | memoryview):
        return bytes(value).hex()
    return value


def snapshot() -> dict[str, list[list[Any]]]:
    """Each table's rows in order, many-to-many link tables included (by their pairs)."""
    tables: dict[str, list[list[Any]]] = {}
    for model in apps.get_models(include_auto_created=True):
        if not model._meta.managed or model._meta.proxy:
            continue
        fields = [field.attname for field in model._meta.concrete_fields]
        if model._meta.auto_created:
            # A many-to-many link's own id is a surrogate nothing refers to, and a restore may number the
            # links afresh; the links themselves (the pairs) are what must come back.
            fields = [name for name in fields if name != model._meta.pk.attname]
        rows = model._base_manager.values_list(*fields)
        table = [[canonical(value) for value in row] for row in rows]
        tables[model._meta.label] = sorted(table, key=lambda row: json.dumps(row, default=str))
    return tables
