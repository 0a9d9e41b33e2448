"""A blank indicator import file (CSV or XLSX) to fill in: the import's columns with Korean and English
headers; the workbook adds every quantitative item a value may be given for (id, names, unit, range) and
instructions in both languages. The importer reads the bilingual headers by their English part."""

from __future__ import annotations

import csv
import io

from citycert.assessments.choices import DataQuality
from citycert.indicators.importing.checking import quantitative_items
from citycert.spreadsheet_cells import bilingual, csv_row, xlsx_append

COLUMNS = [
    ("지자체 코드", "city"),
    ("항목", "item"),
    ("기간", "period"),
    ("값", "value"),
    ("단위", "unit"),
    ("출처", "source"),
    ("데이터 품질", "quality"),
    ("사유", "reason"),
]
INSTRUCTIONS = [
    (
        "한 줄에 값 하나를 적습니다: 지자체 코드(11650), 항목, 기간, 값, 단위, 출처는 꼭 적고, 데이터 품질과 사유는 있으면 적습니다.",
        "One value per row: city code (11650), item, period, value, unit and source are needed; quality and reason "
        "if you have them.",
    ),
    (
        "항목은 평가 체계:항목 id로 적습니다(kr-smartcity:D1.I1.1). 항목과 단위, 허용 범위는 'items' 시트에 있습니다.",
        "Write an item as framework:item (kr-smartcity:D1.I1.1). The items, their units and ranges are on the "
        "items sheet.",
    ),
    ("기간은 연도(2024) 또는 월(2024-03)입니다.", "A period is a year (2024) or a month (2024-03)."),
    (
        "데이터 품질: "
        + ", ".join(f"'{value}'" for value in DataQuality.values)
        + ". 사유: 이미 저장된 값을 바꾸는 까닭.",
        "Quality: " + ", ".join(DataQuality.values) + ". Reason: why a value replaces the one already stored.",
    ),
    (
        "'values' 시트(또는 CSV UTF-8로 저장한 파일)를 지표 가져오기 화면에 올리면, 저장하기 전에 바뀌는 내용과 거부된 줄을 먼저 "
        "보여 줍니다.",
        "Upload the values sheet (or the file saved as CSV UTF-8) on the indicator import page: what it changes and "
        "every rejected row are shown before anything is stored.",
    ),
]


def header() -> list[str]:
    return [bilingual(korean, name) for korean, name in COLUMNS]


def template_csv() -> bytes:
    """The header row alone, UTF-8 with a byte-order mark so that Excel reads the Korean."""
    out = io.StringIO()
    csv.writer(out).writerow(csv_row(header()))
    return out.getvalue().encode("utf-8-sig")


def template_xlsx() -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font

    workbook = Workbook()
    values = workbook.active
    assert values is not None
    values.title = "values"  # first: the importer reads the first sheet
    xlsx_append(values, header())
    values.freeze_panes = "A2"
    for column, width in zip("ABCDEFGH", (16, 30, 12, 12, 12, 30, 18, 30), strict=True):
        values.column_dimensions[column].width = width

    items = workbook.create_sheet("items")
    xlsx_append(
        items,
        [
            bilingual("항목", "item"),
            bilingual("이름", "name_ko"),
            "name_en",
            bilingual("단위", "unit_ko"),
            "unit_en",
            bilingual("최솟값", "min"),
            bilingual("최댓값", "max"),
        ],
    )
    qualified, _bare = quantitative_items()
    for key, quantity in sorted(qualified.items()):
        node = quantity.node
        xlsx_append(
            items,
            [
                key,
                node.name.ko,
                node.name.en,
                node.unit.ko if node.unit is not None else "",
                node.unit.en if node.unit is not None else "",
                float(node.min) if node.min is not None else None,
                float(node.max) if node.max is not None else None,
            ],
        )
    items.freeze_panes = "B2"
    for column, width in zip("ABCDEFG", (30, 36, 44, 12, 12, 10, 10), strict=True):
        items.column_dimensions[column].width = width

    instructions = workbook.create_sheet("instructions")
    xlsx_append(instructions, ["안내", "Instructions"])
    for korean, english in INSTRUCTIONS:
        xlsx_append(instructions, [korean, english])
    instructions.column_dimensions["A"].width = 70
    instructions.column_dimensions["B"].width = 70
    for sheet in (values, items, instructions):
        for cell in sheet[1]:
            cell.font = Font(bold=True)
    for row in instructions.iter_rows(min_row=2):
        for cell in row:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()
