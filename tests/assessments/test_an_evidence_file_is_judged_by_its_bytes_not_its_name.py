"""Evidence files are judged by their bytes, never by their names: real files in, a kind or a reason out."""

from __future__ import annotations

import io
import pickle
import random
import struct
import unicodedata
import uuid
import zipfile
import zlib
from collections.abc import Callable
from pathlib import Path
from typing import NamedTuple

import pytest
from django.utils import translation
from hypothesis import given
from hypothesis import strategies as st
from openpyxl import Workbook

from citycert.assessments.filetypes import (
    MAX_EVIDENCE_BYTES,
    FileKind,
    RejectedFile,
    check_upload,
    safe_filename,
    sniff,
)
from citycert.language import translated

Upload = Callable[..., FileKind]

NOT_ACCEPTED = "This type of file is not accepted: use PDF, an image (PNG, JPEG, GIF, WEBP), an office document (DOCX, XLSX, PPTX, HWP, HWPX) or CSV."


@pytest.fixture
def upload(tmp_path: Path) -> Upload:
    """Write the bytes to a real file under the given name, read it back and check it as an upload would be."""

    def check(name: str, data: bytes, *, max_bytes: int = MAX_EVIDENCE_BYTES) -> FileKind:
        path = tmp_path / name
        path.write_bytes(data)
        return check_upload(path.name, path.read_bytes(), max_bytes=max_bytes)

    return check


class Said(NamedTuple):
    """A refusal as an English and a Korean reader read it."""

    en: str
    ko: str


def said(rejected: RejectedFile) -> Said:
    sides = []
    for language in ("en", "ko"):
        with translation.override(language):
            sides.append(translated(rejected.wording, rejected.values))
    return Said(*sides)


def refusal(data: bytes, *, name: str = "evidence.bin", max_bytes: int = MAX_EVIDENCE_BYTES) -> Said:
    """The reason a file is refused, as read in English and in Korean; fails the test if it is accepted."""
    with pytest.raises(RejectedFile) as caught:
        check_upload(name, data, max_bytes=max_bytes)
    return said(caught.value)


# --- Real files, made here. ---------------------------------------------------------------------------------


def minimal_pdf() -> bytes:
    """A one-page PDF with a correct cross-reference table."""
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] >>",
    ]
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


def one_pixel_png() -> bytes:
    """A 1x1 red PNG, chunks and CRCs written by hand."""

    def chunk(kind: bytes, body: bytes) -> bytes:
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))

    header = struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0)
    pixels = zlib.compress(b"\x00\xff\x00\x00")
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", pixels) + chunk(b"IEND", b"")


JPEG_HEADER = (
    b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00\xff\xdb\x00\x43\x00"
    + bytes(64)
    + b"\xff\xd9"
)
ONE_PIXEL_GIF = (
    b"GIF89a\x01\x00\x01\x00\x80\x00\x00\x00\x00\x00\xff\xff\xff"
    b"!\xf9\x04\x01\x00\x00\x00\x00,\x00\x00\x00\x00\x01\x00\x01\x00\x00\x02\x02D\x01\x00;"
)
WEBP_HEADER = b"RIFF\x1a\x00\x00\x00WEBPVP8L\x0d\x00\x00\x00\x2f\x00\x00\x00\x10\x07\x10\x11\x11\x88\x88\xfe\x07\x00"

CONTENT_TYPES = b'<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>'


def zip_of(entries: dict[str, bytes], *, compression: int = zipfile.ZIP_DEFLATED) -> bytes:
    """A ZIP archive holding these entries, in this order."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=compression) as archive:
        for name, content in entries.items():
            archive.writestr(name, content)
    return buffer.getvalue()


def office_zip(main_part: str, *extra: str) -> bytes:
    """An Office Open XML package with its content types, relationships and main part."""
    entries = {"[Content_Types].xml": CONTENT_TYPES, "_rels/.rels": b"<Relationships/>", main_part: b"<document/>"}
    entries.update(dict.fromkeys(extra, b"x"))
    return zip_of(entries)


def hwpx(*, with_mimetype: bool = True) -> bytes:
    """An HWPX package: `mimetype` stored first, as the format requires, then the body under Contents/."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        if with_mimetype:
            archive.writestr(zipfile.ZipInfo("mimetype"), b"application/hwp+zip", compress_type=zipfile.ZIP_STORED)
        archive.writestr("META-INF/container.xml", b"<container/>", compress_type=zipfile.ZIP_DEFLATED)
        archive.writestr("Contents/content.hpf", b"<package/>", compress_type=zipfile.ZIP_DEFLATED)
        archive.writestr(
            "Contents/section0.xml", "<sec>스마트도시 증빙</sec>".encode(), compress_type=zipfile.ZIP_DEFLATED
        )
    return buffer.getvalue()


# A compound file (the container of HWP 5, .doc, .xls, .ppt and .msi), version 3 with 512-byte sectors.
FREE, END_OF_CHAIN, FAT_SECTOR, NO_ENTRY = 0xFFFFFFFF, 0xFFFFFFFE, 0xFFFFFFFD, 0xFFFFFFFF
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
HWP_FILE_HEADER = b"HWP Document File".ljust(32, b"\x00") + struct.pack("<II", 0x05000300, 0) + bytes(216)
MSI_CLASS_ID = uuid.UUID("000c1084-0000-0000-c000-000000000046").bytes_le


def compound_file(
    streams: dict[str, bytes], *, storages: tuple[str, ...] = (), root_class_id: bytes = bytes(16)
) -> bytes:
    """A real compound file: streams under 4096 bytes in the mini stream, larger ones in regular sectors."""
    sector_size = 512
    fat = [FAT_SECTOR]  # sector 0 holds the FAT itself
    sectors: list[bytes] = []

    def allocate(payload: bytes) -> int:
        count = max(1, -(-len(payload) // sector_size))
        first = len(fat)
        fat.extend(range(first + 1, first + count))
        fat.append(END_OF_CHAIN)
        sectors.append(payload.ljust(count * sector_size, b"\x00"))
        return first

    mini, mini_fat, starts = bytearray(), [], {}
    for name, content in streams.items():
        if len(content) < 4096:
            first, count = len(mini) // 64, max(1, -(-len(content) // 64))
            starts[name] = first
            mini_fat.extend([*range(first + 1, first + count), END_OF_CHAIN])
            mini += content.ljust(count * 64, b"\x00")
        else:
            starts[name] = allocate(content)
    mini_stream_start = allocate(bytes(mini)) if mini else END_OF_CHAIN
    mini_fat_bytes = struct.pack(f"<{len(mini_fat)}I", *mini_fat)
    mini_fat_start = allocate(mini_fat_bytes.ljust(sector_size, b"\xff")) if mini_fat else END_OF_CHAIN

    def entry(
        name: str,
        kind: int,
        *,
        right: int = NO_ENTRY,
        child: int = NO_ENTRY,
        start: int = 0,
        size: int = 0,
        class_id: bytes = bytes(16),
    ) -> bytes:
        encoded = (name + "\x00").encode("utf-16-le") if name else b""
        return struct.pack(
            "<64sHBBIII16sIQQIQ", encoded, len(encoded), kind, 1, NO_ENTRY, right, child, class_id, 0, 0, 0, start, size
        )

    names = [*streams, *storages]
    directory = [
        entry(
            "Root Entry",
            5,
            child=1 if names else NO_ENTRY,
            start=mini_stream_start,
            size=len(mini),
            class_id=root_class_id,
        )
    ]
    for index, name in enumerate(names, start=1):
        right = index + 1 if index < len(names) else NO_ENTRY
        if name in streams:
            directory.append(entry(name, 2, right=right, start=starts[name], size=len(streams[name])))
        else:
            directory.append(entry(name, 1, right=right))
    while len(directory) % 4:
        directory.append(entry("", 0))
    directory_start = allocate(b"".join(directory))

    assert len(fat) <= sector_size // 4, "the test builder writes a single FAT sector"
    fat_sector = struct.pack(f"<{sector_size // 4}I", *fat, *[FREE] * (sector_size // 4 - len(fat)))
    header = struct.pack(
        "<8s16sHHHHH6sIIIIIIIII",
        OLE_MAGIC,
        bytes(16),
        0x3E,
        3,
        0xFFFE,
        9,
        6,
        bytes(6),
        0,
        1,
        directory_start,
        0,
        4096,
        mini_fat_start,
        1 if mini_fat else 0,
        END_OF_CHAIN,
        0,
    ) + struct.pack("<109I", 0, *[FREE] * 108)
    return header + fat_sector + b"".join(sectors)


def hwp() -> bytes:
    """The layout Hangul writes: a signed FileHeader stream, DocInfo, a BodyText storage and (often) Scripts."""
    return compound_file({"FileHeader": HWP_FILE_HEADER, "DocInfo": b"\x00" * 300}, storages=("BodyText", "Scripts"))


# --- Accepted kinds. ------------------------------------------------------------------------------------------


def test_a_real_pdf_is_a_pdf(upload: Upload) -> None:
    kind = upload("평가 보고서.pdf", minimal_pdf())
    assert (kind.kind, kind.mime, kind.extension) == ("pdf", "application/pdf", ".pdf")
    with translation.override("ko"):
        assert (kind.label, translation.gettext(kind.label)) == ("PDF document", "PDF 문서")


def test_a_pdf_header_after_a_few_leading_bytes_is_still_a_pdf(upload: Upload) -> None:
    assert upload("scan.pdf", b"\r\n" * 100 + minimal_pdf()).kind == "pdf"


def test_a_pdf_header_beyond_the_first_kilobyte_is_not_enough() -> None:
    assert refusal(b"\x01" * 1100 + minimal_pdf()).en == NOT_ACCEPTED


def test_a_real_png_is_a_png(upload: Upload) -> None:
    kind = upload("map.png", one_pixel_png())
    assert (kind.kind, kind.mime, kind.extension) == ("png", "image/png", ".png")


def test_a_jpeg_is_recognised_by_its_header(upload: Upload) -> None:
    kind = upload("photo.jpeg", JPEG_HEADER)
    assert (kind.kind, kind.mime, kind.extension) == ("jpeg", "image/jpeg", ".jpg")


def test_a_gif_is_a_gif(upload: Upload) -> None:
    assert upload("chart.gif", ONE_PIXEL_GIF).mime == "image/gif"


def test_a_webp_is_a_webp(upload: Upload) -> None:
    assert upload("photo.webp", WEBP_HEADER).mime == "image/webp"


def test_a_docx_made_with_zipfile_is_a_word_document(upload: Upload) -> None:
    kind = upload("계획서.docx", office_zip("word/document.xml"))
    assert (kind.kind, kind.extension) == ("docx", ".docx")
    assert kind.mime == "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def test_an_uncompressed_docx_is_not_taken_for_xml(upload: Upload) -> None:
    # Stored without compression, "<?xml" sits in the first kilobyte; the ZIP signature at byte 0 decides first.
    data = zip_of(
        {"[Content_Types].xml": CONTENT_TYPES, "_rels/.rels": b"<Relationships/>", "word/document.xml": b"<w/>"},
        compression=zipfile.ZIP_STORED,
    )
    assert b"<?xml" in data[:1024]
    assert upload("plan.docx", data).kind == "docx"


def test_an_xlsx_made_with_zipfile_is_a_workbook(upload: Upload) -> None:
    kind = upload("지표.xlsx", office_zip("xl/workbook.xml"))
    assert (kind.kind, kind.extension) == ("xlsx", ".xlsx")
    assert kind.mime == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def test_an_xlsx_saved_by_openpyxl_is_a_workbook(upload: Upload) -> None:
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.append(["지표", "값"])
    sheet.append(["공공 와이파이 보급률", 87.5])
    buffer = io.BytesIO()
    workbook.save(buffer)
    assert upload("indicators.xlsx", buffer.getvalue()).kind == "xlsx"


def test_a_pptx_is_a_presentation(upload: Upload) -> None:
    kind = upload("발표.pptx", office_zip("ppt/presentation.xml"))
    assert (kind.kind, kind.extension) == ("pptx", ".pptx")
    assert kind.mime == "application/vnd.openxmlformats-officedocument.presentationml.presentation"


def test_an_hwpx_is_known_by_its_mimetype_entry(upload: Upload) -> None:
    kind = upload("공문.hwpx", hwpx())
    assert (kind.kind, kind.mime, kind.extension) == ("hwpx", "application/hwp+zip", ".hwpx")


def test_an_hwpx_without_a_mimetype_entry_is_known_by_its_contents_folder(upload: Upload) -> None:
    assert upload("공문.hwpx", hwpx(with_mimetype=False)).kind == "hwpx"


def test_an_hwp_file_is_known_by_its_signed_file_header(upload: Upload) -> None:
    kind = upload("공문.hwp", hwp())
    assert (kind.kind, kind.mime, kind.extension) == ("hwp", "application/x-hwp", ".hwp")


def test_an_hwp_file_header_stored_in_regular_sectors_is_read_too(upload: Upload) -> None:
    # A stream of 4096 bytes or more is kept outside the mini stream; the reader follows either.
    data = compound_file({"FileHeader": HWP_FILE_HEADER.ljust(4096, b"\x00")}, storages=("BodyText",))
    assert upload("공문.hwp", data).kind == "hwp"


def test_a_file_header_stream_without_the_hangul_signature_is_not_hwp(upload: Upload) -> None:
    data = compound_file({"FileHeader": b"Not a Hangul file".ljust(256, b"\x00"), "WordDocument": bytes(600)})
    assert upload("odd.hwp", data).kind == "doc_legacy"


def test_an_old_word_file_is_a_legacy_document_served_as_msword(upload: Upload) -> None:
    kind = upload("계획서.doc", compound_file({"WordDocument": bytes(5000), "1Table": bytes(600)}))
    assert (kind.kind, kind.mime, kind.extension) == ("doc_legacy", "application/msword", ".doc")


def test_an_old_excel_file_is_a_legacy_document_served_as_excel(upload: Upload) -> None:
    kind = upload("지표.xls", compound_file({"Workbook": bytes(5000)}))
    assert (kind.kind, kind.mime, kind.extension) == ("doc_legacy", "application/vnd.ms-excel", ".xls")


def test_an_old_powerpoint_file_is_a_legacy_document_served_as_powerpoint(upload: Upload) -> None:
    kind = upload("발표.ppt", compound_file({"PowerPoint Document": bytes(5000), "Current User": bytes(60)}))
    assert (kind.kind, kind.mime) == ("doc_legacy", "application/vnd.ms-powerpoint")


def test_an_ole_header_sample_is_a_legacy_document(upload: Upload) -> None:
    kind = upload("old.doc", OLE_MAGIC + bytes(504))
    assert (kind.kind, kind.mime) == ("doc_legacy", "application/x-ole-storage")


def test_a_utf8_csv_with_korean_text_is_csv(upload: Upload) -> None:
    data = "지표,값,단위\n공공 와이파이 보급률,87.5,%\n스마트 가로등,1200,개\n".encode()
    kind = upload("지표.csv", data)
    assert (kind.kind, kind.mime, kind.extension) == ("csv", "text/csv", ".csv")


def test_a_utf8_csv_with_a_byte_order_mark_is_csv(upload: Upload) -> None:
    assert upload("지표.csv", "\ufeff지표\t값\r\n보급률\t87.5\r\n".encode()).kind == "csv"


def test_a_cp949_csv_saved_by_korean_excel_is_csv(upload: Upload) -> None:
    data = "지표,값\r\n공공 와이파이 보급률,87.5\r\n".encode("cp949")
    with pytest.raises(UnicodeDecodeError):
        data.decode("utf-8")
    assert upload("지표.csv", data).kind == "csv"


def test_a_single_column_of_lines_is_csv(upload: Upload) -> None:
    assert upload("목록.csv", "서울특별시\n부산광역시\n세종특별자치시\n".encode()).kind == "csv"


def test_a_csv_whose_first_heading_is_mz_is_not_taken_for_a_program(upload: Upload) -> None:
    assert upload("세대.csv", "MZ세대,비율\n20대,31.2\n".encode()).kind == "csv"


def test_the_name_never_decides_the_type(upload: Upload) -> None:
    assert upload("setup.exe", minimal_pdf()).kind == "pdf"
    assert upload("report.pdf", b"a,b\n1,2\n").kind == "csv"
    assert upload("noextension", one_pixel_png()).kind == "png"


# --- Refusals. ------------------------------------------------------------------------------------------------


def test_an_empty_file_is_refused() -> None:
    rejected = refusal(b"")
    assert (rejected.en, rejected.ko) == ("The file is empty.", "빈 파일입니다.")


def test_a_whitespace_only_file_is_refused_as_empty() -> None:
    assert refusal(b" \r\n\t \n").en == "The file is empty."


def test_an_oversized_file_is_refused_naming_the_limit() -> None:
    rejected = refusal(minimal_pdf() + bytes(3 * 1024 * 1024), max_bytes=2 * 1024 * 1024)
    assert "2 MB" in rejected.en
    assert "2 MB" in rejected.ko


def test_the_default_limit_is_twenty_megabytes() -> None:
    assert MAX_EVIDENCE_BYTES == 20 * 1024 * 1024
    assert "20 MB" in refusal(b"%PDF-1.4\n" + bytes(MAX_EVIDENCE_BYTES)).en


def test_a_file_exactly_at_the_limit_is_accepted(upload: Upload) -> None:
    data = minimal_pdf()
    assert upload("exact.pdf", data, max_bytes=len(data)).kind == "pdf"
    assert "limit" in refusal(data, max_bytes=len(data) - 1).en


def test_a_renamed_executable_is_refused(upload: Upload) -> None:
    with pytest.raises(RejectedFile) as caught:
        upload("report.pdf", b"MZ" + bytes(510))
    assert "program" in said(caught.value).en
    assert "Windows" in said(caught.value).en


def test_a_windows_executable_with_a_pe_header_is_refused() -> None:
    dos_header = b"MZ" + struct.pack("<29H", 0x90, 3, 0, 4, 0, 0xFFFF, 0, 0xB8, *[0] * 21) + struct.pack("<I", 0x80)
    program = dos_header.ljust(0x80, b"\x00") + b"PE\x00\x00" + struct.pack("<H", 0x8664) + bytes(200)
    assert "Windows executable" in refusal(program, name="지표.xlsx").en


def test_an_elf_binary_is_refused() -> None:
    assert "Linux executable" in refusal(b"\x7fELF\x02\x01\x01" + bytes(57), name="data.csv").en


def test_a_mach_o_binary_is_refused() -> None:
    assert "macOS executable" in refusal(b"\xcf\xfa\xed\xfe" + bytes(60), name="photo.png").en


def test_a_java_class_is_refused() -> None:
    assert "program" in refusal(b"\xca\xfe\xba\xbe\x00\x00\x00\x34" + bytes(40), name="table.csv").en


def test_a_shell_script_is_refused() -> None:
    rejected = refusal(b"#!/bin/sh\nrm -rf ~\n", name="list.csv")
    assert "script" in rejected.en
    assert "스크립트" in rejected.ko


def test_a_windows_installer_is_refused_as_a_program() -> None:
    installer = compound_file({"\u4840\u3b3f": bytes(100)}, root_class_id=MSI_CLASS_ID)
    assert "Windows Installer" in refusal(installer, name="report.doc").en


def test_a_macro_enabled_office_file_is_refused() -> None:
    rejected = refusal(office_zip("word/document.xml", "word/vbaProject.bin"), name="plan.docx")
    assert "macros" in rejected.en
    assert "매크로" in rejected.ko


def test_an_old_word_file_with_macros_is_refused() -> None:
    data = compound_file({"WordDocument": bytes(5000)}, storages=("Macros",))
    assert "macros" in refusal(data, name="plan.doc").en


def test_an_html_page_named_csv_is_refused() -> None:
    page = b"<!DOCTYPE html>\n<html><body><script>alert(document.cookie)</script></body></html>\n"
    rejected = refusal(page, name="지표.csv")
    assert "HTML" in rejected.en
    assert "HTML" in rejected.ko


def test_an_html_page_after_some_lines_of_text_is_still_refused() -> None:
    assert "HTML" in refusal(b"a,b\n1,2\n<HTML><script>alert(1)</script>", name="t.csv").en


def test_an_svg_image_is_refused() -> None:
    svg = b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"><circle r="5"/></svg>'
    assert "SVG" in refusal(svg, name="logo.png").en


def test_an_xml_file_is_refused() -> None:
    assert "XML" in refusal('<?xml version="1.0"?><지표/>'.encode(), name="data.csv").en


def test_a_zip_that_is_not_an_office_document_is_refused() -> None:
    archive = zip_of({"photos/1.jpg": JPEG_HEADER, "readme.txt": b"evidence"})
    assert "ZIP archive that is not an office document" in refusal(archive, name="evidence.docx").en


def test_a_damaged_zip_is_refused() -> None:
    assert "damaged" in refusal(b"PK\x03\x04" + bytes(100), name="plan.docx").en


def test_random_binary_is_refused_with_the_list_of_accepted_types() -> None:
    rejected = refusal(random.Random(37106).randbytes(4096), name="data.csv")
    assert rejected.en == NOT_ACCEPTED
    assert "PDF" in rejected.ko
    assert "HWP" in rejected.ko


def test_text_with_control_characters_is_not_csv() -> None:
    assert refusal(b"a,b\n\x01\x02\x03,4\n", name="t.csv").en == NOT_ACCEPTED


def test_a_rich_text_file_is_not_taken_for_csv() -> None:
    assert refusal(b"{\\rtf1\\ansi Hello}", name="note.csv").en == NOT_ACCEPTED


def random_zip() -> bytes:
    return zip_of({"a.txt": b"a"})


REFUSED = {
    "empty": (b"", MAX_EVIDENCE_BYTES),
    "whitespace": (b"\n \n", MAX_EVIDENCE_BYTES),
    "oversized": (minimal_pdf(), 100),
    "renamed executable": (b"MZ" + bytes(510), MAX_EVIDENCE_BYTES),
    "elf": (b"\x7fELF" + bytes(60), MAX_EVIDENCE_BYTES),
    "mach-o": (b"\xfe\xed\xfa\xce" + bytes(60), MAX_EVIDENCE_BYTES),
    "java class": (b"\xca\xfe\xba\xbe" + bytes(60), MAX_EVIDENCE_BYTES),
    "shell script": (b"#!/bin/bash\necho hi\n", MAX_EVIDENCE_BYTES),
    "html": (b"<html><body>hi</body></html>", MAX_EVIDENCE_BYTES),
    "svg": (b"<svg/>", MAX_EVIDENCE_BYTES),
    "xml": (b"<?xml version='1.0'?><a/>", MAX_EVIDENCE_BYTES),
    "random zip": (random_zip(), MAX_EVIDENCE_BYTES),
    "damaged zip": (b"PK\x03\x04garbage", MAX_EVIDENCE_BYTES),
    "macro document": (office_zip("xl/workbook.xml", "xl/vbaProject.bin"), MAX_EVIDENCE_BYTES),
    "installer": (compound_file({"x": b"1"}, root_class_id=MSI_CLASS_ID), MAX_EVIDENCE_BYTES),
    "random binary": (random.Random(1).randbytes(2048), MAX_EVIDENCE_BYTES),
}


@pytest.mark.parametrize(("data", "max_bytes"), REFUSED.values(), ids=REFUSED.keys())
def test_every_refusal_explains_itself_in_english_and_korean(data: bytes, max_bytes: int) -> None:
    rejected = refusal(data, max_bytes=max_bytes)
    assert rejected.en.strip()
    assert rejected.ko.strip()
    assert any("\uac00" <= char <= "\ud7a3" for char in rejected.ko), "the Korean message is in Hangul"


def test_a_refusal_is_a_value_error_that_reads_in_english_and_survives_pickling() -> None:
    rejected = RejectedFile("The file is larger than the %(limit)s limit.", {"limit": "2 MB"})
    assert isinstance(rejected, ValueError)
    assert str(rejected) == "The file is larger than the 2 MB limit."
    copy = pickle.loads(pickle.dumps(rejected))
    assert (
        said(copy)
        == said(rejected)
        == ("The file is larger than the 2 MB limit.", "파일이 너무 큽니다. 2 MB까지 올릴 수 있습니다.")
    )


def test_sniff_alone_judges_content_without_a_size_limit() -> None:
    assert sniff(minimal_pdf()).kind == "pdf"
    with pytest.raises(RejectedFile):
        sniff(b"")


# --- Names to store and to send back. -------------------------------------------------------------------------


def test_a_safe_filename_drops_directories_of_either_kind() -> None:
    assert safe_filename("../../etc/passwd") == "passwd"
    assert safe_filename("C:\\Users\\시청\\Desktop\\보고서.pdf") == "보고서.pdf"


def test_a_safe_filename_drops_control_and_direction_characters() -> None:
    assert safe_filename("report\r\nSet-Cookie: x.pdf") == "report Set-Cookie x.pdf"
    assert safe_filename("invoice\u202egpj.exe") == "invoicegpj.exe"


def test_a_safe_filename_drops_quotes() -> None:
    assert safe_filename("\"quoted\" 'name'.pdf") == "quoted name.pdf"


def test_a_safe_filename_collapses_whitespace() -> None:
    assert safe_filename("  2024년   평가\t보고서 .pdf  ") == "2024년 평가 보고서 .pdf"


def test_a_safe_filename_keeps_hangul_and_ordinary_punctuation() -> None:
    name = "[세종시] 스마트도시 인증_평가(최종), v1.2 & 부록 #3 - 사본+수정!.hwpx"
    assert safe_filename(name) == name


def test_a_safe_filename_composes_hangul_sent_decomposed_by_macos() -> None:
    decomposed = unicodedata.normalize("NFD", "보고서.pdf")
    assert len(decomposed) > len("보고서.pdf")
    assert safe_filename(decomposed) == "보고서.pdf"


def test_a_long_filename_is_cut_to_120_characters_keeping_its_extension() -> None:
    cut = safe_filename("스마트도시" * 40 + ".xlsx")
    assert len(cut) == 120
    assert cut.endswith(".xlsx")
    assert cut.startswith("스마트도시")


def test_a_filename_that_is_nothing_once_cleaned_becomes_evidence() -> None:
    assert safe_filename("") == "evidence"
    assert safe_filename("../..") == "evidence"
    assert safe_filename("\x00\x01\u200b") == "evidence"
    assert safe_filename("folder/") == "evidence"


@given(st.text())
def test_any_name_becomes_a_short_non_empty_name_fit_for_a_header(name: str) -> None:
    safe = safe_filename(name)
    assert 0 < len(safe) <= 120
    assert not set(safe) & set("/\\\"'\r\n\x00")
    assert all(not unicodedata.category(char).startswith("C") for char in safe)
    assert safe == safe.strip()
