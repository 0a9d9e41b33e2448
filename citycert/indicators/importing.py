"""Importing indicator values from a file in the long format: read, check each row, show what would change,
and only then commit.

Columns (a header row, in any order, names case-insensitive): city, item, period, value, unit, source and,
optionally, quality and reason (why a value replaces the one stored for its period). `item` is an item id of a framework in the library, written `framework:item` where the
bare id is ambiguous; `period` is a year (2024) or a month (2024-03). A row is rejected with its reason
(unknown city or item, a city the importer does not work for, text in a number, a unit that is not the
item's, a value outside the range the framework allows, a period in the future, a row repeated); the good
rows are committed only if the person chooses to keep them, and a committed import of the same file again
changes nothing.
"""

from __future__ import annotations

import codecs
import csv
import hashlib
import io
import zipfile
from collections.abc import Iterable, Iterator
from dataclasses import asdict, dataclass, field
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any, NamedTuple, cast

from django.conf import settings
from django.contrib.auth.models import User as DjangoUser
from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from citycert.assessments.choices import DataQuality
from citycert.cities.models import City
from citycert.frameworks.schema import Node
from citycert.indicators.models import ImportRun, IndicatorValue
from citycert.library.store import latest_versions
from citycert.permissions import User, officer_city_ids, runs_certification
from citycert.spreadsheet_cells import header_name

INSERT_BATCH = 50_000
SIX_PLACES = Decimal("0.000001")
LARGEST = Decimal(10) ** 14  # IndicatorValue.value: 20 digits, 6 of them decimals
REQUIRED = ("city", "item", "period", "value", "unit", "source")
OPTIONAL = ("quality", "reason")  # reason: why a value replaces the one stored for its period
# Korean headers a city's spreadsheet may carry, read as the English ones.
ALIASES = {
    "지자체": "city",
    "지자체 코드": "city",
    "city_code": "city",
    "항목": "item",
    "기간": "period",
    "값": "value",
    "단위": "unit",
    "출처": "source",
    "품질": "quality",
    "데이터 품질": "quality",
    "사유": "reason",
}


class ImportRefused(Exception):
    """The file as a whole cannot be read or committed; the message says why."""


Key = tuple[int, str, str, int, int]  # city id, framework id, item id, year, month


class CheckedRow(NamedTuple):
    """A good row of the file. A named tuple: an import makes a million of them."""

    line: int  # in the file, the header being line 1
    city_id: int
    framework_id: str
    item_id: str
    year: int
    month: int
    value: Decimal
    unit: str
    source: str
    quality: str
    reason: str = ""  # given with a revision; where none is, the page says it was the import's

    @property
    def key(self) -> Key:
        return (self.city_id, self.framework_id, self.item_id, self.year, self.month)


@dataclass(frozen=True)
class Rejected:
    line: int
    field: str
    reason: str
    text: str  # the row as it was in the file, shortened


class Stored(NamedTuple):
    """A current value of the series as the comparison with a file needs it (not a model object: a second
    import of a million values reads a million of these)."""

    pk: int
    value: Decimal
    unit: str
    source: str
    quality: str


@dataclass(frozen=True)
class Drop:
    """A value worse than the same item's value a year before by more than INDICATOR_DROP_SHARE: lower where
    higher is better, higher where lower is better (fine dust, say)."""

    row: CheckedRow
    before: Decimal
    lower_is_better: bool = False


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


def read_rows(name: str, data: bytes) -> Iterator[tuple[int, dict[str, str]]]:
    """(line number, {column: text}) for each data row of a CSV or XLSX file; ImportRefused for a file that
    is too large, unreadable or lacks columns."""
    limit = settings.INDICATOR_IMPORT_MAX_BYTES
    if len(data) > limit:
        raise ImportRefused(
            _("%(name)s is %(size)s MB; an import file may be at most %(limit)s MB.")
            % {"name": name, "size": f"{len(data) / 2**20:.1f}", "limit": f"{limit / 2**20:.0f}"}
        )
    table = _xlsx_table(name, data) if data[:2] == b"PK" else _csv_table(name, data)
    header = next(table, None)
    if header is None:
        raise ImportRefused(_("%(name)s is empty.") % {"name": name})
    # A bilingual header ("값 / value", as the template has) names its column by the English part.
    columns = [ALIASES.get(cell.strip().lower(), header_name(cell)) for cell in header]
    missing = [column for column in REQUIRED if column not in columns]
    if missing:
        raise ImportRefused(
            _("%(name)s lacks the columns %(missing)s; its header row is: %(header)s")
            % {"name": name, "missing": ", ".join(missing), "header": ", ".join(header)[:200]}
        )
    for line, cells in enumerate(table, start=2):
        if not any(cell.strip() for cell in cells):
            continue
        if len(cells) != len(columns):
            yield line, {"__shape__": str(len(cells)), "__expected__": str(len(columns)), "__text__": ",".join(cells)}
            continue
        yield line, dict(zip(columns, cells, strict=True))


def _csv_table(name: str, data: bytes) -> Iterator[list[str]]:
    encoding = _encoding(data)
    # Decoded as it is read: the whole text exists only briefly, once, while its encoding is found.
    reader = csv.reader(io.TextIOWrapper(io.BytesIO(data), encoding=encoding, newline=""))
    try:
        yield from reader
    except csv.Error as error:
        # Python's reader refuses a field longer than its limit (128 KB), or a stray NUL, for the whole file.
        too_long = "field limit" in str(error)
        raise ImportRefused(
            (
                _("%(name)s:%(line)d: a field is longer than %(limit)d characters.")
                if too_long
                else _("%(name)s:%(line)d: %(error)s")
            )
            % {"name": name, "line": reader.line_num, "limit": csv.field_size_limit(), "error": error}
        ) from None


def _encoding(data: bytes) -> str:
    """UTF-8, or CP949, which Korean spreadsheet programs save CSV in unless told otherwise."""
    for encoding in ("utf-8-sig", "cp949"):
        try:
            codecs.getincrementaldecoder(encoding)().decode(data, final=True)
        except UnicodeDecodeError:
            continue
        return encoding
    raise ImportRefused(_("The file is neither UTF-8 nor CP949 text."))


def _xlsx_table(name: str, data: bytes) -> Iterator[list[str]]:
    from openpyxl import load_workbook

    try:
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError):
        raise ImportRefused(_("%(name)s is not a readable XLSX file (is it cut short?).") % {"name": name}) from None
    sheet = book.worksheets[0]
    for values in sheet.iter_rows(values_only=True):
        yield ["" if value is None else str(value) for value in values]


@dataclass(frozen=True)
class Quantity:
    framework_id: str
    node: Node
    units: frozenset[str]  # the item's unit in either language, lower case; empty where it has none


def quantitative_items() -> tuple[dict[str, Quantity], dict[str, list[str]]]:
    """Every quantitative item of the newest version of each framework, by `framework:item`, and the
    frameworks each bare item id belongs to (to tell when a bare id is ambiguous)."""
    qualified: dict[str, Quantity] = {}
    bare: dict[str, list[str]] = {}
    for version in latest_versions():
        for node in version.framework.nodes:
            if node.type == "quantitative":
                units = (
                    frozenset({node.unit.ko.lower(), node.unit.en.lower()}) if node.unit is not None else frozenset()
                )
                qualified[f"{version.framework_id}:{node.id}"] = Quantity(version.framework_id, node, units)
                bare.setdefault(node.id, []).append(version.framework_id)
    return qualified, bare


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
        row, rejected = _checked(line, cells, cities, allowed, qualified, bare, today, shared)
        if row is not None and only_city is not None and row.city_id != only_city.pk:
            rejected = Rejected(
                line, "city", _("this import is for %(city)s only") % {"city": f"{only_city.code} {only_city.name}"}, ""
            )
        elif row is not None and row.key in plan.given:
            rejected = Rejected(line, "item", _("repeats line %(line)d") % {"line": plan.given[row.key].line}, "")
        if row is None or rejected is not None:
            assert rejected is not None
            plan.rejected.append(Rejected(line, rejected.field, rejected.reason, _shortened(cells)))
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


def _checked(
    line: int,
    cells: dict[str, str],
    cities: dict[str, int],
    allowed: set[int] | None,
    qualified: dict[str, Quantity],
    bare: dict[str, list[str]],
    today: date,
    shared: dict[object, object],
) -> tuple[CheckedRow | None, Rejected | None]:
    def refuse(column: str, reason: str) -> tuple[None, Rejected]:
        return None, Rejected(line, column, reason, "")

    if "__shape__" in cells:
        return refuse(
            "",
            _("the row has %(found)s fields, the header %(expected)s (is the file cut short?)")
            % {"found": cells["__shape__"], "expected": cells["__expected__"]},
        )
    code = cells["city"].strip()
    city_id = cities.get(code)
    if city_id is None:
        return refuse("city", _("no city has the code “%(code)s”") % {"code": code[:20]})
    if allowed is not None and city_id not in allowed:
        return refuse("city", _("you do not keep the indicators of %(code)s") % {"code": code})
    quantity = _item(cells["item"].strip(), qualified, bare)
    if isinstance(quantity, str):
        return refuse("item", quantity)
    period = _period(cells["period"].strip(), today)
    if isinstance(period, str):
        return refuse("period", period)
    node = quantity.node
    text = cells["value"].strip().replace(",", "")
    try:
        # Stored with six decimals, as the column keeps them; a number too long for the column is not one.
        value = Decimal(text).quantize(SIX_PLACES)
        if not value.is_finite() or abs(value) >= LARGEST:
            raise InvalidOperation
    except InvalidOperation:
        return refuse("value", _("“%(text)s” is not a number") % {"text": cells["value"].strip()[:30]})
    if (node.min is not None and value < node.min) or (node.max is not None and value > node.max):
        return refuse(
            "value",
            _("%(value)s is outside the range %(item)s allows (%(low)s to %(high)s)")
            % {
                "value": f"{value.normalize():f}",
                "item": node.id,
                "low": "-" if node.min is None else f"{node.min.normalize():f}",
                "high": "-" if node.max is None else f"{node.max.normalize():f}",
            },
        )
    unit = cells["unit"].strip()
    if unit and unit.lower() not in quantity.units:
        shown = f"{node.unit.ko} / {node.unit.en}" if node.unit is not None else "-"
        return refuse(
            "unit", _("the unit “%(unit)s” is not the item's (%(expected)s)") % {"unit": unit, "expected": shown}
        )
    quality = cells.get("quality", "").strip()
    if quality and quality not in DataQuality.values:
        return refuse(
            "quality",
            _("unknown data quality “%(value)s”; use one of %(known)s")
            % {"value": quality, "known": ", ".join(DataQuality.values)},
        )
    year, month = period
    source = cells["source"].strip()[:300]
    return (
        CheckedRow(
            line,
            city_id,
            quantity.framework_id,
            node.id,
            shared.setdefault(year, year),  # type: ignore[arg-type]
            month,
            value,
            node.unit.en if node.unit is not None else "",
            shared.setdefault(source, source),  # type: ignore[arg-type]
            quality,
            cells.get("reason", "").strip()[:300],
        ),
        None,
    )


def _item(text: str, qualified: dict[str, Quantity], bare: dict[str, list[str]]) -> Quantity | str:
    if ":" in text:
        found = qualified.get(text)
        return found if found is not None else _("no quantitative item “%(item)s” in the library") % {"item": text[:80]}
    frameworks = bare.get(text, [])
    if len(frameworks) == 1:
        return qualified[f"{frameworks[0]}:{text}"]
    if frameworks:
        return _("“%(item)s” is in several frameworks; write it as %(choices)s") % {
            "item": text,
            "choices": " or ".join(f"{framework}:{text}" for framework in frameworks),
        }
    return _("no quantitative item “%(item)s” in the library") % {"item": text[:80]}


def _period(text: str, today: date) -> tuple[int, int] | str:
    year_text, _dash, month_text = text.partition("-")
    if not (year_text.isdigit() and len(year_text) == 4 and (not month_text or month_text.isdigit())):
        return _("“%(text)s” is not a period; write a year (2024) or a month (2024-03)") % {"text": text[:20]}
    year, month = int(year_text), int(month_text) if month_text else 0
    if not 0 <= month <= 12 or (month_text and month == 0):
        return _("“%(text)s” is not a month of the year") % {"text": text}
    if (year, month) > (today.year, today.month) or year > today.year:
        return _("%(text)s is in the future") % {"text": text}
    return year, month


def _shortened(cells: dict[str, str]) -> str:
    text = cells.get("__text__") or ",".join(cells.get(column, "") for column in (*REQUIRED, *OPTIONAL))
    return text[:120]


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
