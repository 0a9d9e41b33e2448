"""A round's results as a workbook: one sheet of applications and outcomes, one of the decided values item
by item (as frozen at each decision), headers in Korean and English."""

from __future__ import annotations

import io

from django.utils import timezone

from citycert.certification.choices import CertificateStatus
from citycert.certification.models import PublishedItem, Round
from citycert.language import readable
from citycert.spreadsheet_cells import xlsx_append

INSTRUCTIONS = [
    (
        "'applications' 시트: 이 회차의 신청마다 한 줄. 결정, 총점, 등급·수준과 인증서는 결정된 신청에만 있습니다.",
        "applications sheet: one row per application of the round; the outcome, total, grade and certificate "
        "only where it has been decided.",
    ),
    (
        "'items' 시트: 결정된 신청의 항목별 합의 값과 점수(결정할 때 고정된 그대로).",
        "items sheet: the agreed value and points of each item of a decided application, as frozen at the decision.",
    ),
    (
        "'오늘 상태'는 내려받은 날의 인증서 상태입니다(유효, 정지, 취소, 만료).",
        "Status today is the certificate's status on the day of the download (valid, suspended, withdrawn, expired).",
    ),
]


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
            "지자체 영문 이름 / city_en",
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
    applications = (
        round_.applications.select_related("city", "decision")
        .prefetch_related("certificates")
        .order_by("category", "city__code")
    )
    # The stored result names its grade, level, tier or band by the scheme's own word for it.
    classification = round_.framework_version.framework.rules.classification
    grade_key = classification.kind if classification is not None else None
    for application in applications:
        decision = getattr(application, "decision", None)
        certificate = application.certificate
        result = decision.result if decision is not None else {}
        grade = result.get(grade_key, "") if grade_key else ""
        xlsx_append(
            sheet,
            [
                application.city.code,
                application.city.name_ko,
                application.city.name_en,
                # Categories, states, outcomes and statuses by name, in the language of the download.
                str(application.category_name) if application.category else "",
                application.get_state_display(),
                decision.get_outcome_display() if decision is not None else "",
                result.get("total"),
                result.get("max"),
                grade,
                certificate.number if certificate is not None else "",
                str(CertificateStatus(certificate.status_on(today)).label) if certificate is not None else "",
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
        xlsx_append(items, [code, item, readable(value), unit, float(points) if points is not None else None])
    instructions = workbook.create_sheet("instructions")
    xlsx_append(instructions, ["안내", "Instructions"])
    for korean, english in INSTRUCTIONS:
        xlsx_append(instructions, [korean, english])
    for column in "AB":
        instructions.column_dimensions[column].width = 80
    for page in (sheet, items, instructions):
        for cell in page[1]:
            cell.font = Font(bold=True)
        page.freeze_panes = "A2"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
