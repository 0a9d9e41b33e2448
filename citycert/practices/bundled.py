"""The cases citycert ships (data/cases.yaml), loaded by `citycert cases load` and by the demo.

Idempotent: a case already stored under its key is left as it is; a city already there is not changed.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import yaml
from django.db import transaction
from django.utils.translation import gettext as _

from citycert.cities.from_files import add_missing_cities
from citycert.cities.models import City
from citycert.library.store import find_version
from citycert.practices.choices import Origin
from citycert.practices.models import Case, CaseItem, CaseSource

BUNDLED = Path(__file__).parent / "data" / "cases.yaml"


class BadCaseFile(ValueError):
    """A case file the loader cannot use; the message names the file, the case and the field."""


def load_bundled_cases(path: Path = BUNDLED) -> list[str]:
    """Store the file's cities (when missing) and cases (when missing); returns a line saying what was added."""
    document = yaml.safe_load(path.read_text(encoding="utf-8"))
    with transaction.atomic():
        cities = sum(created for _entry, _city, created in add_missing_cities(document.get("cities") or []))
        added = sum(_case(path, entry) for entry in document.get("cases") or [])
    return [f"good-practice cases: {added} added, {cities} cities added for them"]


def _case(path: Path, entry: dict[str, Any]) -> bool:
    key = entry.get("key", "?")

    def bad(field: str, message: str) -> BadCaseFile:
        return BadCaseFile(
            _("%(file)s, case %(key)s, field %(field)s: %(message)s")
            % {"file": path.name, "key": key, "field": field, "message": message}
        )

    if Case.objects.filter(key=key).exists():
        return False
    city = City.objects.filter(code=entry.get("city")).first()
    if city is None:
        raise bad("city", _("no city with code %(code)s") % {"code": entry.get("city")})
    framework = find_version(entry["framework"]).framework
    known = {node.id for node in framework.nodes if node.assessable}
    for item in entry.get("items") or []:
        if item.get("item") not in known:
            raise bad(
                "items",
                _("%(item)s is not an item of %(framework)s") % {"item": item.get("item"), "framework": framework.id},
            )
    if not entry.get("items"):
        raise bad("items", _("a case evidences at least one item"))
    result = entry.get("result") or {}
    case = Case.objects.create(
        key=key,
        city=city,
        year=entry["year"],
        framework_id=framework.id,
        title_ko=entry["title"]["ko"],
        title_en=entry["title"]["en"],
        description_ko=entry["description"]["ko"].strip(),
        description_en=entry["description"]["en"].strip(),
        result_ko=result.get("ko", ""),
        result_en=result.get("en", ""),
        origin=Origin.PRESS,
    )
    CaseItem.objects.bulk_create(
        CaseItem(
            case=case,
            item_id=item["item"],
            reached=None if item.get("reached") is None else Decimal(str(item["reached"])),
            inferred=bool(item.get("inferred")),
        )
        for item in entry["items"]
    )
    for source in entry.get("sources") or []:
        published_on = source.get("date")
        if published_on is not None and not isinstance(published_on, date):
            raise bad("sources", _("a date such as 2023-12-21, not %(value)s") % {"value": published_on})
        CaseSource.objects.create(
            case=case, outlet=source["outlet"], url=source.get("url") or "", published_on=published_on
        )
    return True
