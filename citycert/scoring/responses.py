"""Read a responses file (CSV, XLSX, YAML or JSON) into answers, naming the row of every bad value."""

from __future__ import annotations

import difflib
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from citycert.frameworks.located_yaml import InvalidFile, Problem, parse
from citycert.frameworks.names import Lookup, find_item
from citycert.frameworks.points import Value
from citycert.frameworks.schema import Framework
from citycert.scoring.answers import answer_for
from citycert.scoring.model import Answer, Item, compile_framework
from citycert.scoring.tables import read_table

NOT_APPLICABLE_WORDS = {"na", "n/a", "not applicable", "해당없음", "해당 없음"}
TRUE_WORDS = {"true", "yes", "y", "1", "예", "네", "o"}
FALSE_WORDS = {"false", "no", "n", "0", "아니오", "아니요", "x"}
MAX_BYTES = 20 * 1024 * 1024
# Beyond any plausible value of any item: the bound of an item stored without a maximum of its own.
LARGEST = Decimal(10) ** 15

# Why a value was refused, by a stable code: the text is plain English for the command line, and the pages and
# the API translate the code with its parameters (citycert.assessments.refusals) into the reader's language.
# A new check adds its code here and its translation there (a test holds the two lists together).
REFUSALS: dict[str, str] = {
    "not_a_number": "'%(value)s' is not a number",
    "not_finite": "'%(value)s' is not a finite number",
    "not_a_level": "level %(value)s is not one of %(levels)s",
    "below_minimum": "%(value)s is below the allowed minimum %(minimum)s",
    "above_maximum": "%(value)s is above the allowed maximum %(maximum)s",
    "not_yes_or_no": "value '%(value)s' is not yes or no",
    "verified_not_yes_or_no": "verified '%(value)s' is not yes or no",
    "not_applicable_refused": "this item cannot be marked not applicable",
    "beyond_largest": "%(value)s is beyond the largest value accepted, %(largest)s",
}


class AnswerRefused(ValueError):
    """A value an item does not take: `code` (a key of REFUSALS) and its parameters; str() is the English text."""

    def __init__(self, code: str, **params: str) -> None:
        self.code, self.params = code, params
        super().__init__(REFUSALS[code] % params)


def read_responses(path: Path, framework: Framework) -> dict[str, Answer]:
    """Answers by item id from a file; raise InvalidFile naming FILE:ROW:COLUMN for every bad entry."""
    suffix = path.suffix.lower()
    if suffix not in (".csv", ".xlsx", ".yaml", ".yml", ".json"):
        raise InvalidFile([Problem(str(path), 1, 1, "responses must be a .csv, .xlsx, .yaml, .yml or .json file")])
    try:
        size = path.stat().st_size
        data = path.read_bytes() if size <= MAX_BYTES else b""
    except OSError as error:
        raise InvalidFile([Problem(str(path), 1, 1, f"cannot read the file: {error.strerror}")]) from None
    if size > MAX_BYTES:
        raise InvalidFile([Problem(str(path), 1, 1, f"the file is larger than {MAX_BYTES // (1024 * 1024)} MB")])
    if not data.strip():
        raise InvalidFile([Problem(str(path), 1, 1, "the file is empty")])
    if suffix in (".csv", ".xlsx"):
        rows = _table_rows(data, str(path), suffix, framework.id)
    else:
        rows = _document_rows(data, str(path))
    return answers_from_rows(rows, framework)


class ReadResponse:
    """One response as read from a file, with where it stands."""

    def __init__(
        self, file: str, line: int, item: Any, value: Any, verified: Any = None, column: int = 1, area: Any = None
    ):
        self.file, self.line, self.item, self.value, self.verified, self.column = (
            file,
            line,
            item,
            value,
            verified,
            column,
        )
        # The area a sheet names the item under (group_ko or group_en), read when the item is given by name.
        self.area = str(area).strip() if area is not None else ""

    def problem(self, message: str, column: int | None = None) -> Problem:
        return Problem(self.file, self.line, column or self.column, message)


def answers_from_rows(rows: list[ReadResponse], framework: Framework) -> dict[str, Answer]:
    """Check every row against the framework; all problems are reported together."""
    model = compile_framework(framework)
    problems: list[Problem] = []
    answers: dict[str, Answer] = {}
    first_row: dict[str, int] = {}
    for row in rows:
        item_id = str(row.item).strip() if row.item is not None else ""
        if not item_id:
            if _blank(row.value):
                continue
            problems.append(row.problem("a value without an item id"))
            continue
        found = find_item(framework, item_id, row.area)
        if found.refusal is not None:
            problems.append(row.problem(_refused_name(item_id, row.area, framework, found)))
            continue
        item_id = found.item or item_id
        item = model.item_by_id.get(item_id)
        if item is None:
            problems.append(row.problem(_unknown_item(item_id, framework, model.item_by_id)))
            continue
        if item_id in first_row:
            problems.append(row.problem(f"item {item_id!r} is answered twice (first on line {first_row[item_id]})"))
            continue
        first_row[item_id] = row.line
        try:
            answer = coerce_answer(item, row.value, row.verified)
        except ValueError as error:
            problems.append(row.problem(f"item {item_id!r}: {error}"))
            continue
        if answer is not None:
            answers[item_id] = answer
    if problems and not answers and all("is not an assessable item" in problem.message for problem in problems):
        # Nothing in the file belongs to this framework: most likely a sheet made for another one.
        first = rows[0]
        raise InvalidFile(
            [
                first.problem(
                    f"none of the {len(problems)} items in this file belong to {framework.key}; is it a sheet for another framework?"
                )
            ]
        )
    if problems:
        raise InvalidFile(problems)
    return answers


def coerce_answer(item: Item, raw: Any, verified: Any = None) -> Answer | None:
    """An Answer for one raw value, or None when left blank; AnswerRefused (a ValueError) says what is wrong."""
    if _blank(raw):
        return None
    flag = _flag(verified, "verified") if not _blank(verified) else None
    if isinstance(raw, str) and raw.strip().lower() in NOT_APPLICABLE_WORDS:
        if item.not_applicable == "not_allowed":
            raise AnswerRefused("not_applicable_refused")
        return answer_for(item, None, not_applicable=True, verified=flag)
    return answer_for(item, _value(item, raw), verified=flag)


def _short(number: Decimal) -> str:
    """A refused number as a reader can take it in: in full, or in scientific notation when that runs past 30
    characters (1e308 written out has 309 digits)."""
    written = f"{number.normalize():f}"
    return written if len(written) <= 30 else f"{number:.3e}"


def _value(item: Item, raw: Any) -> Value:
    node = item.node
    if node.type == "boolean":
        return _flag(raw, "value")
    number = _number(raw)
    if item.levelled:
        allowed = [level.value for level in item.scale.levels] if item.scale else []
        if number != number.to_integral_value() or int(number) not in allowed:
            labels = ", ".join(str(value) for value in allowed)
            raise AnswerRefused("not_a_level", value=f"{number.normalize():f}", levels=labels)
        return int(number)
    if node.min is not None and number < node.min:
        raise AnswerRefused("below_minimum", value=_short(number), minimum=str(node.min))
    if node.max is not None and number > node.max:
        raise AnswerRefused("above_maximum", value=_short(number), maximum=str(node.max))
    if node.max is None and abs(number) > LARGEST:
        raise AnswerRefused("beyond_largest", value=_short(number), largest=f"{LARGEST:f}")
    return number


def _number(raw: Any) -> Decimal:
    if isinstance(raw, bool):
        raise AnswerRefused("not_a_number", value=_shown(raw))
    if isinstance(raw, int | float | Decimal):
        number = Decimal(str(raw))
    else:
        text = str(raw).strip().replace(",", "") if _thousands(str(raw).strip()) else str(raw).strip()
        try:
            number = Decimal(text)
        except InvalidOperation:
            raise AnswerRefused("not_a_number", value=_shown(raw)) from None
    if not number.is_finite():
        raise AnswerRefused("not_finite", value=_shown(raw))
    return number


def _thousands(text: str) -> bool:
    # "1,234,567.5" is a number written with thousands separators; "1,5" is not accepted as one.
    head = text.split(".")[0].lstrip("-")
    groups = head.split(",")
    return len(groups) > 1 and groups[0].isdigit() and all(len(group) == 3 and group.isdigit() for group in groups[1:])


def _flag(raw: Any, what: str) -> bool:
    if isinstance(raw, bool):
        return raw
    text = str(raw).strip().lower()
    if text in TRUE_WORDS:
        return True
    if text in FALSE_WORDS:
        return False
    raise AnswerRefused("verified_not_yes_or_no" if what == "verified" else "not_yes_or_no", value=_shown(raw))


def _blank(raw: Any) -> bool:
    return raw is None or (isinstance(raw, str) and not raw.strip())


def _shown(raw: Any) -> str:
    # What was given, as the person typed it (cut short: a refusal quotes it, it does not repeat a whole cell).
    text = str(raw).strip()
    return text if len(text) <= 40 else text[:39] + "…"


def _refused_name(given: str, area: str, framework: Framework, found: Lookup) -> str:
    if found.refusal == "no_such_area":
        return f"{given!r}: no area of {framework.key} is called {area!r}"
    if found.refusal == "not_in_area":
        return f"{given!r} is not in the area {area!r} (it is in {', '.join(found.parents)})"
    return f"{given!r} names more than one item ({', '.join(found.candidates)}): give its id, or its area in group_ko"


def _unknown_item(item_id: str, framework: Framework, items: dict[str, Item]) -> str:
    hint = difflib.get_close_matches(item_id, list(items), n=1)
    suggestion = f" (did you mean {hint[0]!r}?)" if hint else ""
    group = next((node for node in framework.nodes if node.id == item_id), None)
    if group is not None:
        return f"{item_id!r} is a group of {framework.key}, not an assessable item"
    return f"item {item_id!r} is not an assessable item of {framework.key}{suggestion}"


def _table_rows(data: bytes, file: str, suffix: str, framework_id: str) -> list[ReadResponse]:
    table = read_table(data, file, suffix, ("item", "value"))
    made_for = table.about.get("framework")
    if made_for and made_for != framework_id:
        raise InvalidFile([Problem(file, 1, 1, f"this sheet was made for {made_for}, not {framework_id}")])
    column = table.column("value")
    return [
        ReadResponse(
            file,
            line,
            table.get(cells, "item"),
            table.get(cells, "value"),
            table.get(cells, "verified"),
            column,
            table.get(cells, "group_ko") or table.get(cells, "group_en"),
        )
        for line, cells in table.rows
    ]


def _document_rows(data: bytes, file: str) -> list[ReadResponse]:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise InvalidFile([Problem(file, 1, 1, "the file is not UTF-8 text")]) from None
    doc = parse(text, file)
    if not isinstance(doc.data, dict) or not isinstance(doc.data.get("responses"), dict):
        raise InvalidFile([doc.problem((), "expected a mapping {responses: {ITEM: VALUE}}")])
    rows = []
    for item_id, raw in doc.data["responses"].items():
        line, column = doc.value_at.get(("responses", item_id), (1, 1))
        key_line, _ = doc.key_at.get(("responses", item_id), (line, column))
        if isinstance(raw, dict):
            unknown = set(raw) - {"value", "verified"}
            if unknown:
                raise InvalidFile(
                    [
                        Problem(
                            file,
                            line,
                            column,
                            f"item {item_id!r}: unknown keys {sorted(unknown)}; use value and verified",
                        )
                    ]
                )
            rows.append(ReadResponse(file, line, item_id, raw.get("value"), raw.get("verified"), column))
        else:
            rows.append(ReadResponse(file, key_line, item_id, raw, None, column))
    return rows
