"""A blank responses sheet for a framework: every assessable item with its type, allowed values and names."""

from __future__ import annotations

import csv
from pathlib import Path
from typing import Any

from citycert.frameworks.describe import framework_summary
from citycert.frameworks.schema import Framework
from citycert.spreadsheet_cells import bilingual, csv_record, xlsx_append

COLUMNS = ["item", "value", "type", "allowed", "unit", "name_ko", "name_en", "group_ko", "group_en"]
# Headers read "Korean / english" (a person reads the Korean, `score` the English name).
KOREAN = {
    "item": "항목",
    "value": "값",
    "type": "유형",
    "allowed": "적을 수 있는 값",
    "unit": "단위",
    "name_ko": "이름(한국어)",
    "name_en": "이름(영어)",
    "group_ko": "영역(한국어)",
    "group_en": "영역(영어)",
}
INSTRUCTIONS = [
    (
        "value 열만 채우세요: allowed 열에 적힌 수준이나 범위 안의 수, 예/아니오 항목은 yes 또는 no.",
        "Fill in the value column only: a level or a number within the range the allowed column gives, yes or no "
        "for a yes/no item.",
    ),
    (
        "채운 다음: citycert score --framework ID FILE. CSV로 저장할 때는 'CSV UTF-8'을 고르세요.",
        "Then: citycert score --framework ID FILE. Saving as CSV, choose CSV UTF-8.",
    ),
]


def header() -> list[str]:
    return [bilingual(KOREAN[column], column) for column in COLUMNS]


def template_rows(framework: Framework) -> list[dict[str, Any]]:
    """One row per assessable item, in the framework's order, with `value` left blank."""
    summary = framework_summary(framework)
    names = {node["id"]: node["name"] for node in summary["nodes"]}
    na_allowed = {
        node.id for node in framework.nodes if (node.not_applicable or framework.rules.not_applicable) != "not_allowed"
    }
    rows = []
    for node in summary["nodes"]:
        if not node["assessable"]:
            continue
        group = names.get(node["parent"], {"ko": "", "en": ""})
        rows.append(
            {
                "item": node["id"],
                "value": None,
                "type": node["type"],
                "allowed": allowed_text(node) + (" | NA" if node["id"] in na_allowed else ""),
                "unit": f"{node['unit']['ko']} / {node['unit']['en']}" if node.get("unit") else "",
                "name_ko": node["name"]["ko"],
                "name_en": node["name"]["en"],
                "group_ko": group["ko"],
                "group_en": group["en"],
            }
        )
    return rows


def allowed_text(node: dict[str, Any]) -> str:
    """What may be written in `value`, in words a person filling the sheet understands."""
    if "levels" in node:
        return ", ".join(f"{level['value']} {level['name']['ko']}/{level['name']['en']}" for level in node["levels"])
    if node["type"] == "boolean":
        return "yes / no"
    low = "" if node["min"] is None else f"{node['min']}"
    high = "" if node["max"] is None else f"{node['max']}"
    return f"number {low}..{high}".rstrip(".") if low or high else "number"


def write_template(framework: Framework, path: Path) -> int:
    """Write the sheet as .csv (UTF-8 with BOM, so Excel opens Korean text right) or .xlsx."""
    rows = template_rows(framework)
    if path.suffix.lower() == ".csv":
        with path.open("w", encoding="utf-8-sig", newline="") as handle:
            csv.writer(handle).writerow(header())
            writer = csv.DictWriter(handle, fieldnames=COLUMNS)
            writer.writerows(csv_record(row) for row in rows)
        return len(rows)
    _write_xlsx(framework, rows, path)
    return len(rows)


def _write_xlsx(framework: Framework, rows: list[dict[str, Any]], path: Path) -> None:
    from openpyxl import Workbook
    from openpyxl.styles import Font, PatternFill
    from openpyxl.worksheet.datavalidation import DataValidation

    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = "responses"
    sheet.append(header())
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in rows:
        xlsx_append(sheet, [row[column] for column in COLUMNS])
    sheet.freeze_panes = "C2"
    for column, width in zip("ABCDEFGHI", (22, 10, 13, 40, 18, 36, 44, 24, 30), strict=True):
        sheet.column_dimensions[column].width = width
    fill = PatternFill("solid", fgColor="FFF7E0")
    for index in range(2, len(rows) + 2):
        sheet.cell(row=index, column=2).fill = fill
    # Levelled items get a drop-down of their levels, so a typo cannot happen in the first place.
    by_levels: dict[str, list[str]] = {}
    scales = {scale.id: scale for scale in framework.scales}
    types = {node.id: node for node in framework.nodes}
    for index, row in enumerate(rows, start=2):
        node = types[row["item"]]
        if node.scale in scales:
            values = ",".join(str(level.value) for level in scales[node.scale].levels)
            by_levels.setdefault(values, []).append(f"B{index}")
    for values, cells in by_levels.items():
        validation = DataValidation(type="list", formula1=f'"{values}"', allow_blank=True)
        validation.error = "Choose a level / 수준을 고르세요"
        sheet.add_data_validation(validation)
        for reference in cells:
            validation.add(reference)
    about = workbook.create_sheet("about")
    about.append(["framework", framework.id])
    about.append(["version", framework.version])
    xlsx_append(about, ["name_ko", framework.name.ko])
    xlsx_append(about, ["name_en", framework.name.en])
    about.append(["how", "Fill the value column, then: citycert score --framework ID FILE"])
    instructions = workbook.create_sheet("instructions")
    xlsx_append(instructions, ["안내", "Instructions"])
    for korean, english in INSTRUCTIONS:
        xlsx_append(instructions, [korean, english])
    for column in "AB":
        instructions.column_dimensions[column].width = 80
    workbook.save(path)
