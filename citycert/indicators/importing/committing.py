"""Committing a plan: its new values and revisions stored in one transaction, as one ImportRun; then the values
that worsened from a year before, for the alerts.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from decimal import Decimal
from typing import Any, cast

from django.conf import settings
from django.contrib.auth.models import User as DjangoUser
from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from citycert.indicators.importing.checking import CheckedRow, Key, quantitative_items
from citycert.indicators.importing.planning import Plan
from citycert.indicators.importing.reading import ImportRefused
from citycert.indicators.models import ImportRun, IndicatorValue
from citycert.permissions import User

INSERT_BATCH = 50_000


def commit(plan: Plan, user: User, *, keep_good_rows: bool) -> ImportRun:
    """Store what the plan adds and changes, in one transaction: revisions supersede the value they replace.

    With rejected rows, nothing is stored unless the person chose to keep the good rows."""
    if plan.rejected and not keep_good_rows:
        raise ImportRefused(
            _("%(count)d rows were rejected; fix them, or choose to import only the good rows.")
            % {"count": len(plan.rejected)}
        )
    actor = cast(DjangoUser, user) if user.is_authenticated else None
    with transaction.atomic():
        run = ImportRun.objects.create(
            by=actor,
            file_name=plan.file_name[:255],
            sha256=plan.sha256,
            rows=plan.rows,
            added=len(plan.added),
            changed=len(plan.changed),
            unchanged=plan.unchanged,
            rejected=len(plan.rejected),
            committed=True,
            report=[asdict(rejected) for rejected in plan.rejected],
        )
        IndicatorValue.objects.filter(pk__in=[stored.pk for _row, stored in plan.changed]).update(current=False)
        # A revision without a reason of its own is said to be the import's when it is shown, in the reader's
        # language (a scheduled import runs in no language at all).
        _insert(
            [
                *((row, None, "") for row in plan.added),
                *((row, stored.pk, row.reason) for row, stored in plan.changed),
            ],
            run,
            actor,
        )
    return run


# The columns _insert writes, in its order; the model's other columns (evidence) are left empty.
INSERTED = (
    "city_id", "framework_id", "item_id", "year", "month", "value", "unit", "source", "quality",
    "entered_by_id", "imported_in_id", "recorded_at", "current", "replaces_id", "reason",
)  # fmt: skip


def _insert(rows: list[tuple[CheckedRow, int | None, str]], run: ImportRun, actor: DjangoUser | None) -> None:
    """Insert new values with one statement run many times. Why not bulk_create: a million model objects
    and SQLite's limit of variables per statement made an import of a million values take minutes."""
    table = connection.ops.quote_name(IndicatorValue._meta.db_table)
    names = ", ".join(connection.ops.quote_name(column) for column in INSERTED)
    statement = f"INSERT INTO {table} ({names}) VALUES ({', '.join(['%s'] * len(INSERTED))})"  # noqa: S608
    now = connection.ops.adapt_datetimefield_value(timezone.now())
    by = actor.pk if actor is not None else None
    with connection.cursor() as cursor:
        for start in range(0, len(rows), INSERT_BATCH):
            batch = rows[start : start + INSERT_BATCH]
            cursor.executemany(statement, [_parameters(*given, by, run.pk, now) for given in batch])


def _parameters(
    row: CheckedRow, replaces: int | None, reason: str, by: int | None, run: int, now: Any
) -> tuple[Any, ...]:
    return (
        *(
            row.city_id,
            row.framework_id,
            row.item_id,
            row.year,
            row.month,
            row.value,
            row.unit,
            row.source,
            row.quality,
        ),
        *(by, run, now, True, replaces, reason),
    )


@dataclass(frozen=True)
class Drop:
    """A value worse than the same item's value a year before by more than INDICATOR_DROP_SHARE: lower where
    higher is better, higher where lower is better (fine dust, say)."""

    row: CheckedRow
    before: Decimal
    lower_is_better: bool = False


def drops_in_run(run: ImportRun) -> list[Drop]:
    """The values an import stored that worsened by more than INDICATOR_DROP_SHARE from a year before. Read
    after its commit, the current series holds the file's own earlier periods as well as the stored ones. Only
    the years before the import's are read, and nothing more when they hold no value (a first year of data)."""
    share = Decimal(str(settings.INDICATOR_DROP_SHARE))
    qualified, _bare = quantitative_items()
    stored = IndicatorValue.objects.filter(imported_in=run)
    years = set(stored.values_list("year", flat=True).distinct())
    series = IndicatorValue.objects.filter(
        current=True,
        year__in={year - 1 for year in years},
        city_id__in=stored.values("city_id"),
        framework_id__in=stored.values("framework_id"),
    )
    columns = ("city_id", "framework_id", "item_id", "year", "month", "value", "unit", "source", "quality")
    before_by_key: dict[Key, Decimal] = {
        (city, framework, item, year, month): value
        for city, framework, item, year, month, value in series.values_list(*columns[:6]).iterator()
    }
    if not before_by_key:
        return []
    found = []
    for values in stored.values_list(*columns).iterator():
        row = CheckedRow(0, *values)
        # A year against the year before; a month against the same month a year before, so that the seasons
        # (fine dust in spring, say) are not taken for a change.
        before = before_by_key.get((row.city_id, row.framework_id, row.item_id, row.year - 1, row.month))
        if before is None or before <= 0:
            continue
        quantity = qualified.get(f"{row.framework_id}:{row.item_id}")
        lower_is_better = quantity is not None and quantity.node.direction == "lower_is_better"
        if row.value > before * (1 + share) if lower_is_better else row.value < before * (1 - share):
            found.append(Drop(row, before, lower_is_better))
    return found
