"""A certifying body upgrades a site whose results were decided before decisions wrote their open-data rows:
the migration writes them from the published items, the same rows a decision writes today, so the export
holds every decided result whichever code decided it."""

from __future__ import annotations

import csv
import importlib
import io

from django.apps import apps

from citycert.certification.models import PublishedItem, PublishedRows
from citycert.reports.open_data import chunks
from tests.certification.story import DECISION_DAY
from tests.people import People
from tests.reports.test_open_data_holds_only_what_was_decided import decided

upgrade = importlib.import_module("citycert.certification.migrations.0003_published_rows")


def export() -> list[dict[str, str]]:
    text = b"".join(chunks("results", "csv", DECISION_DAY)).decode("utf-8")
    return list(csv.DictReader(io.StringIO(text)))


def test_the_migration_writes_the_rows_a_decision_writes(people: People) -> None:
    decided(people)
    written_at_decision = export()
    PublishedRows.objects.all().delete()
    assert export() == []

    upgrade.write_rows_of_earlier_decisions(apps, None)

    assert export() == written_at_decision
    items = PublishedItem.objects.order_by("item_id")
    assert [(row["item"], row["value"]) for row in written_at_decision] == [(i.item_id, i.value) for i in items]
