"""A round's results as a workbook: one sheet of applications and outcomes, one of the decided values item
by item (as frozen at each decision), headers in Korean and English."""

from __future__ import annotations

import io

from django.utils import timezone

from citycert.certification.models import PublishedItem, Round
from citycert.spreadsheet_cells import xlsx_append


def round_xlsx(round_: Round) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    today = timezone.localdate()
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = "applications"
    sheet.append(
        [
            "지자체 코드 / city code",
            "지자체 / city",
            "City",
            "구분 / category",
            "상태 / state",
            "결정 / outcome",
            "총점 / total",
            "만점 / max",
            "등급·수준 / grade",
            "인증서 / certificate",
            "오늘 상태 / status today",
        ]
    )
    applications = round_.applications.select_related("city", "decision", "certificate").order_by(
        "category", "city__code"
    )
    # The stored result names its grade, level, tier or band by the scheme's own word for it.
    classification = round_.framework_version.framework.rules.classification
    grade_key = classification.kind if classification is not None else None
    for application in applications:
        decision = getattr(application, "decision", None)
        certificate = getattr(application, "certificate", None)
        result = decision.result if decision is not None else {}
        grade = result.get(grade_key, "") if grade_key else ""
        xlsx_append(
            sheet,
            [
                application.city.code,
                application.city.name_ko,
                application.city.name_en,
                application.category,
                application.state,
                decision.outcome if decision is not None else "",
                result.get("total"),
                result.get("max"),
                grade,
                certificate.number if certificate is not None else "",
                certificate.status_on(today) if certificate is not None else "",
            ],
        )
    items = workbook.create_sheet("items")
    items.append(["지자체 코드 / city code", "항목 / item", "값 / value", "단위 / unit", "점수 / points"])
    rows = (
        PublishedItem.objects.filter(application__round=round_)
        .order_by("city__code", "item_id")
        .values_list("city__code", "item_id", "value", "unit", "points")
    )
    for code, item, value, unit, points in rows.iterator(chunk_size=5000):
        xlsx_append(items, [code, item, value, unit, float(points) if points is not None else None])
    for page in (sheet, items):
        for cell in page[1]:
            cell.font = Font(bold=True)
        page.freeze_panes = "A2"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
