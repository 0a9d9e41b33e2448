"""A city officer uploads a file named .xlsx, .docx or .pptx that is a ZIP without the parts its kind needs, or
one that would inflate past any real document (a ZIP bomb): it is refused with a reason, and nothing is stored."""

from __future__ import annotations

import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from openpyxl import Workbook

from citycert.assessments.filetypes import MAX_UNCOMPRESSED_BYTES, RejectedFile, check_upload
from citycert.assessments.models import Evidence, EvidenceFile
from tests.assessments.test_an_evidence_file_is_judged_by_its_bytes_not_its_name import Said, said
from tests.people import People

CONTENT_TYPES = b'<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>'
GIB = 1024 * 1024 * 1024


def package(entries: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, content in entries.items():
            archive.writestr(name, content)
    return buffer.getvalue()


def bomb(*, with_workbook: bool) -> bytes:
    """About 1 MB of ZIP holding a worksheet of 1 GiB of zeros, streamed in so the test never holds the GiB."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        archive.writestr("[Content_Types].xml", CONTENT_TYPES)
        archive.writestr("_rels/.rels", b"<Relationships/>")
        if with_workbook:
            archive.writestr("xl/workbook.xml", b"<workbook/>")
        zeros = bytes(1024 * 1024)
        with archive.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as sheet:
            for _ in range(GIB // len(zeros)):
                sheet.write(zeros)
    return buffer.getvalue()


@pytest.fixture(scope="module")
def bomb_with_workbook() -> bytes:
    return bomb(with_workbook=True)


def refusal(name: str, data: bytes) -> Said:
    """The reason a file is refused, as read in English and in Korean."""
    with pytest.raises(RejectedFile) as caught:
        check_upload(name, data)
    return said(caught.value)


def test_a_one_megabyte_zip_holding_a_gibibyte_worksheet_is_refused_as_a_bomb(bomb_with_workbook: bytes) -> None:
    assert len(bomb_with_workbook) < 2 * 1024 * 1024  # small enough to pass the 20 MB upload limit
    refused = refusal("지표.xlsx", bomb_with_workbook)
    assert "more than 256 MB once uncompressed" in refused.en and "ZIP bomb" in refused.en
    assert "압축 폭탄" in refused.ko and "256 MB" in refused.ko


def test_the_same_bomb_without_its_workbook_part_is_refused_for_the_missing_part() -> None:
    refused = refusal("지표.xlsx", bomb(with_workbook=False))
    assert "lacks its required part xl/workbook.xml" in refused.en
    assert "xl/workbook.xml" in refused.ko


@pytest.mark.parametrize(
    ("name", "entries", "missing"),
    [
        ("계획서.docx", {"_rels/.rels": b"<r/>", "word/styles.xml": b"<s/>"}, "word/document.xml"),
        ("발표.pptx", {"_rels/.rels": b"<r/>", "ppt/slides/slide1.xml": b"<s/>"}, "ppt/presentation.xml"),
        ("지표.xlsx", {"xl/workbook.xml": b"<w/>"}, "_rels/.rels"),
    ],
)
def test_an_office_file_without_a_required_part_is_refused_naming_it(
    name: str, entries: dict[str, bytes], missing: str
) -> None:
    refused = refusal(name, package({"[Content_Types].xml": CONTENT_TYPES, **entries}))
    assert f"lacks its required part {missing}" in refused.en and "would not open" in refused.en
    assert f"꼭 있어야 할 부분({missing})이 없습니다" in refused.ko


def test_word_s_second_document_name_is_still_a_word_document() -> None:
    data = package({"[Content_Types].xml": CONTENT_TYPES, "_rels/.rels": b"<r/>", "word/document2.xml": b"<w/>"})
    assert check_upload("plan.docx", data).kind == "docx"


def test_a_real_workbook_well_under_the_bound_is_accepted() -> None:
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    for row in range(2000):
        sheet.append(["공공 와이파이 보급률", row, row * 1.5])
    buffer = io.BytesIO()
    workbook.save(buffer)
    assert check_upload("indicators.xlsx", buffer.getvalue()).kind == "xlsx"
    assert MAX_UNCOMPRESSED_BYTES == 256 * 1024 * 1024


def test_the_officer_sees_the_bomb_refused_and_nothing_is_stored(
    client: Client, people: People, bomb_with_workbook: bytes
) -> None:
    evidence_before, files_before = Evidence.objects.count(), EvidenceFile.objects.count()
    client.force_login(people.officer)
    answer = client.post(
        f"/assessments/{people.draft.pk}/evidence/",
        {"title": "지표 원자료", "items": ["BM.vision"], "file": SimpleUploadedFile("지표.xlsx", bomb_with_workbook)},
    )
    assert answer.status_code == 400
    html = answer.content.decode()
    assert "증빙자료를 추가하지 않았습니다" in html
    assert "압축 폭탄일 수 있어 받을 수 없습니다" in html
    assert (Evidence.objects.count(), EvidenceFile.objects.count()) == (evidence_before, files_before)
