"""An assessment as a spreadsheet (XLSX or CSV) and back: every field, both languages, changes previewed."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from typing import Any

from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from citycert.assessments.answers import stored_text
from citycert.assessments.choices import DataQuality
from citycert.assessments.models import Assessment
from citycert.assessments.workflow import InvalidAnswer, ResponseInput, clean_response
from citycert.frameworks import template
from citycert.frameworks.describe import framework_summary
from citycert.frameworks.located_yaml import InvalidFile, Problem
from citycert.frameworks.names import find_item
from citycert.frameworks.schema import Framework
from citycert.frameworks.template import allowed_text
from citycert.language import in_english, in_page_language, readable
from citycert.scoring.tables import Table, read_table
from citycert.spreadsheet_cells import bilingual, csv_field_read, csv_record, xlsx_append

# Columns a person may change, then columns that describe the item (ignored when read back).
EDITABLE = ["value", "not_applicable", "value_year", "data_source", "data_quality", "justification"]
COLUMNS = [
    "framework",
    "city_code",
    "item",
    *EDITABLE,
    "prefilled_from",
    "confirmed",
    "evidence",
    "type",
    "allowed",
    "unit",
    "name_ko",
    "name_en",
    "group_ko",
    "group_en",
]
# Each column's header reads "Korean / english"; the upload reads the English part (or a bare English name).
KOREAN = {
    **template.KOREAN,
    "framework": "평가 체계",
    "city_code": "지자체 코드",
    "not_applicable": "해당 없음",
    "value_year": "값의 연도",
    "data_source": "출처",
    "data_quality": "데이터 품질",
    "justification": "근거",
    "prefilled_from": "미리 채운 곳",
    "confirmed": "확인함",
    "evidence": "증빙자료",
}
INSTRUCTIONS = [
    (
        "색칠된 열('value', 'not_applicable', 'value_year', 'data_source', 'data_quality', 'justification')만 고치세요. "
        "나머지 열은 항목 설명이며, 올릴 때 읽지 않습니다.",
        "Change only the shaded columns (value, not_applicable, value_year, data_source, data_quality, "
        "justification). The other columns describe the item and are not read back.",
    ),
    (
        "'value': 'allowed' 열에 적힌 수준이나 범위 안의 수. 예/아니오 항목은 예 또는 아니오. 해당 없는 항목은 "
        "'not_applicable'에 예.",
        "value: a level or a number within the range the allowed column gives; yes or no for a yes/no item. "
        "Write yes in not_applicable for an item that does not apply.",
    ),
    (
        "'item' 열에는 식별자 대신 항목 이름(한국어, 영어 또는 언론이 쓰는 다른 이름)을 적어도 됩니다. 그때는 "
        "'group_ko' 열의 영역 이름(다른 이름 포함)도 읽어, 항목이 그 영역에 있는지 확인합니다.",
        "The item column may name an item instead of giving its id (in Korean, in English, or by another name the "
        "press uses); the area in group_ko (any of its names) is then read too, and must be the item's.",
    ),
    # data_quality's row is added in the file's language (the upload reads the names in either language).
    (
        "이 평가의 화면에서 '작성한 스프레드시트 올리기'로 올리면, 저장하기 전에 바뀌는 내용을 모두 보여 줍니다. "
        "다른 평가나 다른 지자체의 파일은 받지 않습니다.",
        "Upload it on this assessment's page (Upload a filled spreadsheet): every change is shown before it is "
        "saved. A file of another assessment or city is refused.",
    ),
    (
        "CSV로 저장할 때는 'CSV UTF-8'을 고르세요. 수식처럼 보이는 글(=, +, -, @로 시작)은 앞에 ' 를 붙여 글로 "
        "적혀 있으며, 올릴 때 ' 는 떼고 읽습니다.",
        "Saving as CSV, choose CSV UTF-8. Text that looks like a formula (starting with =, +, -, @) is written with "
        "a ' in front so that it stays text; the ' is taken off when the file is read back.",
    ),
]


ITEM_TYPES = {
    "maturity": gettext_lazy("maturity level"),
    "qualitative": gettext_lazy("qualitative"),
    "quantitative": gettext_lazy("quantitative"),
    "boolean": gettext_lazy("yes / no"),
}


def _allowed(node: dict[str, Any]) -> str:
    """What may be written in `value`, in Korean (the English words are frameworks.template.allowed_text)."""
    if "levels" in node:
        return ", ".join(f"{level['value']} {level['name']['ko']}" for level in node["levels"])
    if node["type"] == "boolean":
        return "예 / 아니오"
    low = "" if node["min"] is None else f"{node['min']}"
    high = "" if node["max"] is None else f"{node['max']}"
    return f"숫자 {low}..{high}".rstrip(".") if low or high else "숫자"


def _quality_names() -> tuple[str, str]:
    """The data quality values the upload reads, by name in each language."""
    names = []
    for language in ("ko", "en"):
        with translation.override(language):
            names.append("data_quality: " + ", ".join(str(label) for _value, label in DataQuality.choices))
    return names[0], names[1]


def header() -> list[str]:
    return [bilingual(KOREAN[column], column) for column in COLUMNS]


def export_rows(assessment: Assessment) -> list[dict[str, Any]]:
    """One row per item of the framework, answered or not, in the framework's order."""
    framework = assessment.framework_version.framework
    summary = framework_summary(framework)
    names = {node["id"]: node["name"] for node in summary["nodes"]}
    responses = {response.item_id: response for response in assessment.responses.all()}
    evidence: dict[str, list[str]] = {}
    for item in assessment.evidence.prefetch_related("links"):
        for link in item.links.all():
            evidence.setdefault(link.item_id, []).append(item.title)
    rows = []
    for node in summary["nodes"]:
        if not node["assessable"]:
            continue
        response = responses.get(node["id"])
        group = names.get(node["parent"], {"ko": "", "en": ""})
        rows.append(
            {
                "framework": framework.key,
                "city_code": assessment.city.code,
                "item": node["id"],
                # Yes/no in the reader's language (예, 아니오): the upload reads either language.
                "value": readable(response.value) if response else "",
                "not_applicable": _("yes") if response and response.not_applicable else "",
                "value_year": response.value_year if response and response.value_year else "",
                "data_source": response.data_source if response else "",
                "data_quality": response.get_data_quality_display() if response else "",
                "justification": response.justification if response else "",
                "prefilled_from": response.prefilled_from if response else "",
                "confirmed": (_("yes") if response.confirmed else _("no")) if response else "",
                "evidence": "; ".join(evidence.get(node["id"], [])),
                "type": str(ITEM_TYPES.get(node["type"], node["type"])),
                "allowed": _allowed(node) if not in_english() else allowed_text(node),
                "unit": in_page_language(node["unit"]) if node.get("unit") else "",
                "name_ko": node["name"]["ko"],
                "name_en": node["name"]["en"],
                "group_ko": group["ko"],
                "group_en": group["en"],
            }
        )
    return rows


def export_csv(assessment: Assessment) -> bytes:
    """UTF-8 with a byte-order mark, so Excel shows the Korean text as it is."""
    out = io.StringIO()
    csv.writer(out).writerow(header())
    writer = csv.DictWriter(out, fieldnames=COLUMNS)
    writer.writerows(csv_record(row) for row in export_rows(assessment))
    return out.getvalue().encode("utf-8-sig")


def export_xlsx(assessment: Assessment) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Font, PatternFill

    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = "responses"
    sheet.append(header())
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    rows = export_rows(assessment)
    for row in rows:
        # Text cells stay text: a value like "3" or a year must come back exactly as it went out.
        xlsx_append(sheet, [row[column] for column in COLUMNS])
    editable_fill = PatternFill("solid", fgColor="FFF7E0")
    for column_index, column in enumerate(COLUMNS, start=1):
        if column in EDITABLE:
            for row_index in range(2, len(rows) + 2):
                sheet.cell(row=row_index, column=column_index).fill = editable_fill
    sheet.freeze_panes = "D2"
    about = workbook.create_sheet("about")
    framework = assessment.framework_version.framework
    for key, value in [
        ("framework", framework.key),
        ("framework_name_ko", framework.name.ko),
        ("framework_name_en", framework.name.en),
        ("city_code", assessment.city.code),
        ("city_ko", assessment.city.name_ko),
        ("city_en", assessment.city.name_en),
        ("assessment", assessment.pk),
        ("kind", assessment.get_kind_display()),
        ("year", assessment.year),
        ("state", assessment.get_state_display()),
        ("exported_at", timezone.now().isoformat(timespec="seconds")),
        ("data_quality_values", ", ".join(str(label) for _value, label in DataQuality.choices)),
    ]:
        xlsx_append(about, [key, value])
    instructions = workbook.create_sheet("instructions")
    xlsx_append(instructions, ["안내", "Instructions"])
    for korean, english in [*INSTRUCTIONS, _quality_names()]:
        xlsx_append(instructions, [korean, english])
    for column in "AB":
        instructions.column_dimensions[column].width = 80
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


@dataclass(frozen=True)
class Change:
    """One field of one item that an uploaded sheet would change."""

    item: str
    field: str
    before: Any
    after: Any


def read_changes(assessment: Assessment, data: bytes, file: str, suffix: str) -> list[Change]:
    """What an uploaded sheet would change; InvalidFile names every bad row (row and column)."""
    if suffix not in (".xlsx", ".csv"):
        raise InvalidFile([Problem(file, 1, 1, _("upload the .xlsx or .csv file downloaded from this assessment"))])
    if not data.strip():
        raise InvalidFile([Problem(file, 1, 1, _("the file is empty"))])
    table = read_table(data, file, suffix, ("item", "value"))
    if suffix == ".csv":  # text written with an apostrophe so that it stays text (see spreadsheet_cells)
        table.rows = [(line, [csv_field_read(cell) for cell in cells]) for line, cells in table.rows]
    framework = assessment.framework_version.framework
    expected_framework, expected_city = framework.key, assessment.city.code
    about_framework = table.about.get("framework")
    about_city = str(table.about.get("city_code") or "")
    if about_framework and about_framework != expected_framework:
        raise InvalidFile(
            [
                Problem(
                    file,
                    1,
                    1,
                    _("this file is for %(given)s, not %(wanted)s")
                    % {"given": about_framework, "wanted": expected_framework},
                )
            ]
        )
    if about_city and about_city != expected_city:
        raise InvalidFile(
            [
                Problem(
                    file,
                    1,
                    1,
                    _("this file is for city %(given)s, not %(wanted)s")
                    % {"given": about_city, "wanted": expected_city},
                )
            ]
        )
    current = {response.item_id: response for response in assessment.responses.all()}
    problems: list[Problem] = []
    changes: list[Change] = []
    seen: dict[str, int] = {}
    for line, cells in table.rows:
        row_framework = _text(table.get(cells, "framework"))
        row_city = _text(table.get(cells, "city_code"))
        if row_framework and row_framework != expected_framework:
            problems.append(
                Problem(
                    file,
                    line,
                    table.column("framework"),
                    _("this row is for %(given)s, not %(wanted)s")
                    % {"given": row_framework, "wanted": expected_framework},
                )
            )
            continue
        if row_city and row_city != expected_city:
            problems.append(
                Problem(
                    file,
                    line,
                    table.column("city_code"),
                    _("this row is for city %(given)s, not %(wanted)s") % {"given": row_city, "wanted": expected_city},
                )
            )
            continue
        item_id = _text(table.get(cells, "item"))
        if not item_id:
            continue
        try:
            item_id = item_named(framework, item_id, _area(table, cells))
        except ValueError as error:
            problems.append(Problem(file, line, table.column("item"), str(error)))
            continue
        if item_id in seen:
            problems.append(
                Problem(
                    file,
                    line,
                    table.column("item"),
                    _("item %(item)s appears twice (first on row %(row)s)")
                    % {"item": repr(item_id), "row": seen[item_id]},
                )
            )
            continue
        seen[item_id] = line
        try:
            fields = clean_response(assessment, item_id, _given(table, cells))
        except (InvalidAnswer, ValueError) as error:
            # The reason is in the reader's language (see refusals); the item id reads the same in both.
            problems.append(Problem(file, line, table.column("value"), f"{item_id}: {error}"))
            continue
        before = current.get(item_id)
        for name, value in fields.items():
            old = getattr(before, name) if before is not None else _blank(name)
            if (old or None) != (value or None):
                changes.append(Change(item_id, name, old, value))
    if problems:
        raise InvalidFile(problems)
    return changes


def _given(table: Table, cells: list[Any]) -> ResponseInput:
    """The editable fields of one row; a column left out of the file leaves that field as it is."""
    columns = table.columns
    return ResponseInput(
        value=_text(table.get(cells, "value")),
        not_applicable=_text(table.get(cells, "not_applicable")).lower() in ("yes", "y", "true", "1", "예")
        if "not_applicable" in columns
        else None,
        value_year=_year(table.get(cells, "value_year")) if "value_year" in columns else "",
        data_source=_text(table.get(cells, "data_source")) if "data_source" in columns else None,
        data_quality=_quality(table.get(cells, "data_quality")) if "data_quality" in columns else None,
        justification=_text(table.get(cells, "justification")) if "justification" in columns else None,
    )


def _area(table: Table, cells: list[Any]) -> str:
    """The area a row names its item under, in whichever language the sheet gives it."""
    for column in ("group_ko", "group_en"):
        text = _text(table.get(cells, column))
        if text:
            return text
    return ""


def item_named(framework: Framework, given: str, area: str) -> str:
    """The item a row means: its id, or its name (Korean, English or an alias an outlet uses), narrowed by the
    area's name or alias when one name fits several items. A downloaded sheet carries ids, so its area cells
    are not read; a sheet made elsewhere names its items, and then a named area must be the item's."""
    found = find_item(framework, given, area)
    if found.refusal == "no_such_area":
        raise ValueError(
            _("%(item)s: no area of %(framework)s is called %(area)s")
            % {"item": given, "framework": framework.key, "area": repr(area)}
        )
    if found.refusal == "not_in_area":
        names = {node.id: node.name for node in framework.nodes}
        language = "en" if in_english() else "ko"
        raise ValueError(
            _("%(item)s is not in the area %(area)s (it is in %(actual)s)")
            % {
                "item": given,
                "area": repr(area),
                "actual": ", ".join(getattr(names[parent], language) for parent in found.parents),
            }
        )
    if found.refusal == "ambiguous":
        raise ValueError(
            _("%(item)s names more than one item (%(ids)s): give the item's id, or its area in group_ko")
            % {"item": given, "ids": ", ".join(found.candidates)}
        )
    # Neither an id nor a name: clean_response refuses the id, suggesting the nearest one.
    return found.item or given


def changes_by_item(changes: list[Change]) -> dict[str, dict[str, Any]]:
    """The changes as fields per item, ready for save_responses."""
    grouped: dict[str, dict[str, Any]] = {}
    for change in changes:
        grouped.setdefault(change.item, {})[change.field] = change.after
    return grouped


def _blank(field: str) -> Any:
    return False if field == "not_applicable" else None if field == "value_year" else ""


def _text(cell: Any) -> str:
    if cell is None:
        return ""
    if isinstance(cell, float) and cell.is_integer():
        return str(int(cell))
    return stored_text(cell) if isinstance(cell, bool) else str(cell).strip()


def _year(cell: Any) -> int | None:
    text = _text(cell)
    if not text:
        return None
    if not text.isdigit():
        raise ValueError(f"value_year {text!r} is not a year")
    return int(text)


def _quality(cell: Any) -> str:
    text = _text(cell)
    if not text or text in DataQuality.values:
        return text
    for value, label in DataQuality.choices:
        for language in ("ko", "en"):  # downloaded in one language, perhaps uploaded in the other
            with translation.override(language):
                if text.lower() == str(label).lower():
                    return value
    return text  # left for clean_response to refuse with a clear message
