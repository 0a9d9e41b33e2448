"""What an evidence file is, decided by its content and never by its name.

A city uploads evidence (증빙자료) that assessors later download and open. The name a browser sends
is whatever the user's computer called the file, so it proves nothing: a program renamed
``report.pdf`` is still a program. This module reads the bytes, says which of the accepted kinds they
are, and refuses everything else with a reason, a sentence for the catalogue that the pages translate.

Pure Python on purpose: nothing here imports Django, so it can be tested and reused on its own.
"""

from __future__ import annotations

import io
import re
import struct
import unicodedata
import uuid
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass


def gettext_noop(message: str) -> str:
    """Marks a sentence for the catalogue (as Django's gettext_noop does) without importing Django."""
    return message


__all__ = [
    "MAX_EVIDENCE_BYTES",
    "MAX_UNCOMPRESSED_BYTES",
    "FileKind",
    "RejectedFile",
    "check_upload",
    "safe_filename",
    "sniff",
]

MAX_EVIDENCE_BYTES = 20 * 1024 * 1024

_MB = 1024 * 1024
_KB = 1024


@dataclass(frozen=True)
class FileKind:
    """One accepted kind of file: how to store it, serve it and name it to a person."""

    kind: str
    mime: str
    extension: str
    label: str  # in English, marked for the catalogue: translated where it is shown


class RejectedFile(ValueError):
    """Why a file was refused: the catalogue's sentence (in English) and the values it fills in, translated by
    whoever shows it (citycert.language.translated); str() is the English."""

    wording: str
    values: dict[str, str]

    def __init__(self, wording: str, values: dict[str, str] | None = None) -> None:
        # Both go to the base class so the exception survives pickling (it is rebuilt from args).
        super().__init__(wording, values or {})
        self.wording = wording
        self.values = values or {}

    def __str__(self) -> str:
        return self.wording % self.values if self.values else self.wording


PDF = FileKind("pdf", "application/pdf", ".pdf", gettext_noop("PDF document"))
PNG = FileKind("png", "image/png", ".png", gettext_noop("PNG image"))
JPEG = FileKind("jpeg", "image/jpeg", ".jpg", gettext_noop("JPEG image"))
GIF = FileKind("gif", "image/gif", ".gif", gettext_noop("GIF image"))
WEBP = FileKind("webp", "image/webp", ".webp", gettext_noop("WebP image"))
DOCX = FileKind(
    "docx",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ".docx",
    gettext_noop("Word document"),
)
XLSX = FileKind(
    "xlsx",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    ".xlsx",
    gettext_noop("Excel workbook"),
)
PPTX = FileKind(
    "pptx",
    "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    ".pptx",
    gettext_noop("PowerPoint presentation"),
)
# HWPX declares this type itself, in its `mimetype` entry.
HWPX = FileKind("hwpx", "application/hwp+zip", ".hwpx", gettext_noop("Hangul document (HWPX)"))
HWP = FileKind("hwp", "application/x-hwp", ".hwp", gettext_noop("Hangul document (HWP)"))
# Old binary Office files share one container; when its directory names the program, the kind is made precise.
OLE_DOCUMENT = FileKind("doc_legacy", "application/x-ole-storage", ".doc", gettext_noop("Office document (old format)"))
DOC = FileKind("doc_legacy", "application/msword", ".doc", gettext_noop("Word document (old format)"))
XLS = FileKind("doc_legacy", "application/vnd.ms-excel", ".xls", gettext_noop("Excel workbook (old format)"))
PPT = FileKind(
    "doc_legacy",
    "application/vnd.ms-powerpoint",
    ".ppt",
    gettext_noop("PowerPoint presentation (old format)"),
)
CSV = FileKind("csv", "text/csv", ".csv", gettext_noop("CSV table"))

# Each refusal is a sentence for the catalogue, raised as a fresh RejectedFile: exception instances carry tracebacks.
_NOT_ACCEPTED = gettext_noop(
    "This type of file is not accepted: use PDF, an image (PNG, JPEG, GIF, WEBP), an office document (DOCX, XLSX, PPTX, HWP, HWPX) or CSV."
)


def _program(what: str) -> RejectedFile:
    """The refusal for anything that runs code, naming what was found."""
    return RejectedFile(
        gettext_noop(
            "This file is a program (%(what)s), not a document: programs and scripts are not accepted as evidence."
        ),
        {"what": what},
    )


_MARKUP = gettext_noop(
    "This file is a web page or markup (HTML, SVG or XML), which can run script when opened in a browser: it is not accepted. Save it as PDF instead."
)

_MACROS = gettext_noop(
    "This document contains macros, which can run code when it is opened: save it without macros (as DOCX, XLSX or PPTX) or as PDF."
)


# --- Programs: checked first, so that no other rule can accept one whatever it is named. -------------------

_ELF = b"\x7fELF"
# Mach-O thin binaries in both byte orders, 32- and 64-bit; CA FE BA BE is both a Mach-O universal binary and a Java class.
_MACH_O = (b"\xfe\xed\xfa\xce", b"\xfe\xed\xfa\xcf", b"\xce\xfa\xed\xfe", b"\xcf\xfa\xed\xfe")
_CAFEBABE = b"\xca\xfe\xba\xbe"


def _refuse_programs(data: bytes) -> None:
    """Raise if the bytes are an executable or a script, whatever the file is called."""
    if data.startswith(b"MZ") and _looks_binary(data[:64]):
        # A real DOS/Windows header is 64 bytes of binary fields. The check for binary keeps a CSV whose first
        # heading is "MZ세대" (a common Korean word) from being taken for a program.
        raise _program(gettext_noop("Windows executable"))
    if data.startswith(_ELF):
        raise _program(gettext_noop("Linux executable"))
    if data.startswith(_MACH_O):
        raise _program(gettext_noop("macOS executable"))
    if data.startswith(_CAFEBABE):
        raise _program(gettext_noop("Java class or macOS executable"))
    if data.startswith(b"#!"):
        raise _program(gettext_noop("script"))


def _looks_binary(head: bytes) -> bool:
    """True when the bytes hold control characters that text never has (NUL and the like)."""
    return any(byte < 0x20 and byte not in b"\t\n\r\x0c" for byte in head)


# --- Markup: HTML and SVG run script in a browser; XML can carry either. -----------------------------------

# `<?php` joins the list: a server-side script is refused like any other script.
_MARKUP_MARKERS = (b"<html", b"<!doctype", b"<svg", b"<?xml", b"<script", b"<?php")
_MARKUP_WINDOW = 1024


def _refuse_markup(data: bytes) -> None:
    """Raise if the first kilobyte holds an HTML, SVG or XML marker, in any case."""
    head = data[:_MARKUP_WINDOW].lower()
    if any(marker in head for marker in _MARKUP_MARKERS):
        raise RejectedFile(_MARKUP)


# --- ZIP containers: Office Open XML and HWPX. ----------------------------------------------------------------

_ZIP_LOCAL_HEADER = b"PK\x03\x04"
_ZIP_EMPTY = b"PK\x05\x06"
_ZIP_NOT_OFFICE = gettext_noop(
    "This file is a ZIP archive that is not an office document: upload the documents themselves (DOCX, XLSX, PPTX or HWPX), not an archive."
)
_ZIP_DAMAGED = gettext_noop("This file looks like a ZIP archive or office document but is damaged and cannot be read.")
_HWPX_MIMETYPE = b"application/hwp+zip"
# What a ZIP-packed document may hold once inflated. A real 20 MB workbook inflates to a few hundred MB at most; a ZIP
# bomb (1 MB holding a 1 GiB zero-filled worksheet) would make whoever opens it, an assessor's Excel or our own
# openpyxl, inflate it all. The sizes are the ones the archive's directory declares: nothing is inflated to learn them.
MAX_UNCOMPRESSED_BYTES = 256 * _MB
# The parts without which Word, Excel or PowerPoint will not open a file: the content types, the package's
# relationships and the main part of its kind (Word sometimes names it document2.xml).
_OOXML_PACKAGE_PARTS = ("[Content_Types].xml", "_rels/.rels")
_OOXML_MAIN_PARTS = (
    ("word/", re.compile(r"word/document\d*\.xml"), "word/document.xml", DOCX),
    ("xl/", re.compile(r"xl/workbook\.xml"), "xl/workbook.xml", XLSX),
    ("ppt/", re.compile(r"ppt/presentation\.xml"), "ppt/presentation.xml", PPTX),
)


def _too_large_inflated(limit: int) -> RejectedFile:
    size = _describe_size(limit)
    return RejectedFile(
        gettext_noop(
            "This document would take more than %(size)s once uncompressed, far more than any real document: it "
            "is refused as a possible ZIP bomb."
        ),
        {"size": size},
    )


def _missing_part(label: str, part: str) -> RejectedFile:
    return RejectedFile(
        gettext_noop(
            "This file looks like an office document (%(label)s) but lacks its required part %(part)s: it is "
            "damaged or not a real document, and would not open."
        ),
        {"label": label, "part": part},
    )


def _sniff_zip(data: bytes, max_uncompressed: int = MAX_UNCOMPRESSED_BYTES) -> FileKind:
    """An office document packed as ZIP, told apart by the names inside; any other ZIP is refused, and so is an
    office document without its required parts or whose declared uncompressed size passes `max_uncompressed`.

    Only the directory and the tiny `mimetype` entry are read, so a ZIP bomb is never inflated.
    """
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            entries = archive.infolist()
            names = [entry.filename for entry in entries]
            declared = _hwpx_mimetype(archive, names)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, NotImplementedError, EOFError, OSError, RuntimeError):
        # RuntimeError: an encrypted `mimetype` entry; the others: a broken or truncated archive.
        raise RejectedFile(_ZIP_DAMAGED) from None
    kind = _zip_kind(names, declared)
    if sum(entry.file_size for entry in entries) > max_uncompressed:
        raise _too_large_inflated(max_uncompressed)
    return kind


def _zip_kind(names: list[str], declared: bytes) -> FileKind:
    if declared == _HWPX_MIMETYPE:
        return HWPX
    if "[Content_Types].xml" in names:
        # A macro-enabled file (.docm, .xlsm, .pptm) has the same parts plus a VBA project; stored as .docx it would
        # not even open, and its macros are code.
        if any(name.lower().endswith("vbaproject.bin") for name in names):
            raise RejectedFile(_MACROS)
        for prefix, main_part, main_name, kind in _OOXML_MAIN_PARTS:
            if any(name.startswith(prefix) for name in names):
                for required in _OOXML_PACKAGE_PARTS:
                    if required not in names:
                        raise _missing_part(kind.label, required)
                if not any(main_part.fullmatch(name) for name in names):
                    raise _missing_part(kind.label, main_name)
                return kind
    if any(name.startswith("Contents/") for name in names):
        # HWPX written without the `mimetype` entry still keeps its body under Contents/.
        return HWPX
    raise RejectedFile(_ZIP_NOT_OFFICE)


def _hwpx_mimetype(archive: zipfile.ZipFile, names: list[str]) -> bytes:
    """The content of the `mimetype` entry, or nothing; read with a cap so a lying header cannot make it large."""
    if "mimetype" not in names:
        return b""
    with archive.open("mimetype") as entry:
        return entry.read(64).strip()


# --- OLE compound files: HWP 5 and the old binary Office formats. -----------------------------------------------

_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_OLE_HEADER_SIZE = 512
_OLE_ENTRY_SIZE = 128
_LAST_REGULAR_SECTOR = 0xFFFFFFFA
_END_OF_CHAIN = 0xFFFFFFFE
_NO_ENTRY = 0xFFFFFFFF
_ROOT_STORAGE = 5
_STREAM = 2
_STORAGE = 1
_MINI_SECTOR_SIZE = 64
_HWP_SIGNATURE = b"HWP Document File"
# Windows Installer packages (.msi, .msp, .mst) are compound files too; their root storage carries one of these class ids.
_INSTALLER_CLASS_IDS = frozenset(
    uuid.UUID(f"000c108{digit}-0000-0000-c000-000000000046").bytes_le
    for digit in "246"  # .mst, .msi, .msp
)
# Where Word (`Macros`) and Excel (`_VBA_PROJECT_CUR`) keep a VBA project in the old formats.
_VBA_STORAGES = frozenset({"Macros", "_VBA_PROJECT_CUR"})


class _MalformedOle(Exception):
    """The compound file's structure cannot be followed."""


@dataclass(frozen=True)
class _OleEntry:
    """One entry of a compound file's directory, with only the fields needed here."""

    name: str
    entry_type: int
    left: int
    right: int
    child: int
    class_id: bytes
    start: int
    size: int


class _CompoundFile:
    """Just enough of [MS-CFB] to list the root's entries and read the first bytes of a stream.

    Every sector number is checked against the data and every chain is followed at most once per sector,
    so a crafted file can neither read out of bounds nor loop forever.
    """

    def __init__(self, data: bytes) -> None:
        if len(data) < _OLE_HEADER_SIZE:
            raise _MalformedOle("shorter than the header")
        self._data = data
        sector_shift, mini_shift = struct.unpack_from("<HH", data, 30)
        if sector_shift not in (9, 12) or mini_shift != 6:
            raise _MalformedOle("unknown sector sizes")
        self._sector_size = 1 << sector_shift
        (self._mini_cutoff,) = struct.unpack_from("<I", data, 56)
        (first_directory,) = struct.unpack_from("<I", data, 48)
        self._fat = self._read_fat()
        self.entries = self._read_directory(first_directory)
        if not self.entries or self.entries[0].entry_type != _ROOT_STORAGE:
            raise _MalformedOle("no root storage")

    def _sector(self, number: int) -> bytes:
        if number > _LAST_REGULAR_SECTOR:
            raise _MalformedOle("not a sector")
        offset = (number + 1) * self._sector_size
        if offset >= len(self._data):
            raise _MalformedOle("sector past the end")
        return self._data[offset : offset + self._sector_size]

    def _read_fat(self) -> list[int]:
        # The first 109 FAT sector numbers sit in the header; any more are in a chain of DIFAT sectors.
        fat_sectors = [n for n in struct.unpack_from("<109I", self._data, 76) if n <= _LAST_REGULAR_SECTOR]
        (difat,) = struct.unpack_from("<I", self._data, 68)
        seen: set[int] = set()
        per_sector = self._sector_size // 4
        while difat <= _LAST_REGULAR_SECTOR:
            if difat in seen:
                raise _MalformedOle("DIFAT loops")
            seen.add(difat)
            numbers = struct.unpack(f"<{per_sector}I", self._sector(difat).ljust(self._sector_size, b"\xff"))
            fat_sectors.extend(n for n in numbers[:-1] if n <= _LAST_REGULAR_SECTOR)
            difat = numbers[-1]
        fat: list[int] = []
        for number in fat_sectors:
            sector = self._sector(number).ljust(self._sector_size, b"\xff")
            fat.extend(struct.unpack(f"<{per_sector}I", sector))
        return fat

    def _chain(self, start: int) -> Iterator[int]:
        number, seen = start, set[int]()
        while number != _END_OF_CHAIN:
            if number >= len(self._fat) or number in seen:
                raise _MalformedOle("broken sector chain")
            seen.add(number)
            yield number
            number = self._fat[number]

    def _read_directory(self, first: int) -> list[_OleEntry]:
        raw = b"".join(self._sector(number) for number in self._chain(first))
        entries = []
        for offset in range(0, len(raw) - _OLE_ENTRY_SIZE + 1, _OLE_ENTRY_SIZE):
            name_bytes, name_length, entry_type = struct.unpack_from("<64sHB", raw, offset)
            left, right, child = struct.unpack_from("<III", raw, offset + 68)
            class_id = raw[offset + 80 : offset + 96]
            # Only the low 32 bits of the size count in version 3 files, and nothing here is near 4 GB.
            start, size = struct.unpack_from("<II", raw, offset + 116)
            length = min(name_length, 64)
            name = name_bytes[: max(length - 2, 0)].decode("utf-16-le", errors="replace")
            entries.append(_OleEntry(name, entry_type, left, right, child, class_id, start, size))
        return entries

    def root_children(self) -> Iterator[_OleEntry]:
        """The entries directly under the root storage (a tree of siblings, walked without recursion)."""
        pending, seen = [self.entries[0].child], set[int]()
        while pending:
            index = pending.pop()
            if index == _NO_ENTRY or index >= len(self.entries) or index in seen:
                continue
            seen.add(index)
            entry = self.entries[index]
            yield entry
            pending.extend((entry.left, entry.right))

    def stream_start(self, entry: _OleEntry, count: int) -> bytes:
        """The first `count` bytes (at most 64) of a stream, from the mini stream when the stream is small."""
        count = min(count, entry.size, _MINI_SECTOR_SIZE)
        if entry.size >= self._mini_cutoff:
            return self._sector(entry.start)[:count]
        # A small stream lives in the mini stream, itself stored in the sectors of the root entry. A 64-byte mini
        # sector never straddles two regular sectors, so one lookup is enough.
        position = entry.start * _MINI_SECTOR_SIZE
        root_sectors = list(self._chain(self.entries[0].start))
        index, within = divmod(position, self._sector_size)
        if index >= len(root_sectors):
            raise _MalformedOle("mini sector past the mini stream")
        return self._sector(root_sectors[index])[within : within + count]


def _sniff_ole(data: bytes) -> FileKind:
    """HWP when the root holds a `FileHeader` stream signed by Hangul; otherwise an old Office file."""
    try:
        ole = _CompoundFile(data)
        children = {entry.name: entry for entry in ole.root_children() if entry.entry_type in (_STREAM, _STORAGE)}
        if ole.entries[0].class_id in _INSTALLER_CLASS_IDS:
            raise _program(gettext_noop("Windows Installer package"))
        header = children.get("FileHeader")
        if (
            header is not None
            and header.entry_type == _STREAM
            and ole.stream_start(header, 32).startswith(_HWP_SIGNATURE)
        ):
            return HWP
    except (_MalformedOle, struct.error):
        # The right signature but a directory that cannot be followed: still an old Office file, served only as a
        # download with a neutral type and never opened by this site.
        return OLE_DOCUMENT
    if _VBA_STORAGES & children.keys():
        raise RejectedFile(_MACROS)
    if "WordDocument" in children:
        return DOC
    if "Workbook" in children or "Book" in children:
        return XLS
    if "PowerPoint Document" in children:
        return PPT
    return OLE_DOCUMENT


# --- Text: CSV, as saved by Excel in Korea (CP949) or anywhere else (UTF-8). --------------------------------------

_UTF8_BOM = b"\xef\xbb\xbf"
# Text formats that are not tables and that a viewer would interpret: kept out of the CSV rule.
_OTHER_TEXT_FORMATS = (b"{\\rtf", b"%!PS")
_CSV_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f]")


def _sniff_csv(data: bytes) -> FileKind:
    """CSV when the bytes are text in UTF-8 or CP949 without control characters; one column counts."""
    body = data.removeprefix(_UTF8_BOM)
    if body.startswith(_OTHER_TEXT_FORMATS):
        raise RejectedFile(_NOT_ACCEPTED)
    if body.endswith(b"\x1a"):
        # A DOS end-of-file mark, still written by some old exporters.
        body = body[:-1]
    text = _decode(body)
    if text is None or _CSV_CONTROL.search(text):
        raise RejectedFile(_NOT_ACCEPTED)
    # Any delimiter, or a single column of lines: every non-empty text qualifies, which is what a one-column export is.
    return CSV


def _decode(body: bytes) -> str | None:
    """The text in UTF-8, else in CP949 (what Korean Excel writes), else nothing."""
    if b"\x00" in body:
        return None
    for encoding in ("utf-8", "cp949"):
        try:
            return body.decode(encoding)
        except UnicodeDecodeError:
            continue
    return None


# --- The public functions. --------------------------------------------------------------------------------------

_PDF_WINDOW = 1024


def sniff(data: bytes) -> FileKind:
    """The kind of file these bytes are; raises RejectedFile for anything not accepted as evidence."""
    if not data.removeprefix(_UTF8_BOM).strip():
        raise RejectedFile(gettext_noop("The file is empty."))
    _refuse_programs(data)
    # Signatures at the very first byte are certain, and are checked before looking for markup: a PNG or ZIP may well
    # hold "<?xml" in its first kilobyte.
    if data.startswith(b"%PDF-"):
        return PDF
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return PNG
    if data.startswith(b"\xff\xd8\xff"):
        return JPEG
    if data.startswith((b"GIF87a", b"GIF89a")):
        return GIF
    if data.startswith(b"RIFF") and data[8:12] == b"WEBP":
        return WEBP
    if data.startswith((_ZIP_LOCAL_HEADER, _ZIP_EMPTY)):
        return _sniff_zip(data)
    if data.startswith(_OLE_MAGIC):
        return _sniff_ole(data)
    _refuse_markup(data)
    # Readers accept a PDF whose header comes after some junk, as long as it is within the first kilobyte.
    if b"%PDF-" in data[:_PDF_WINDOW]:
        return PDF
    return _sniff_csv(data)


def check_upload(name: str, data: bytes, *, max_bytes: int = MAX_EVIDENCE_BYTES) -> FileKind:
    """Check an uploaded file's size and content and say what it is; raises RejectedFile.

    `name` is taken so callers pass what they have, but it is deliberately not consulted: the type comes from
    the bytes alone (store the name through `safe_filename`).
    """
    if len(data) > max_bytes:
        limit = _describe_size(max_bytes)
        raise RejectedFile(gettext_noop("The file is larger than the %(limit)s limit."), {"limit": limit})
    return sniff(data)


def _describe_size(size: int) -> str:
    """A limit as people read it: "20 MB", "1.5 MB"; small limits (used in tests) fall back to KB or bytes."""
    for unit, step in (("MB", _MB), ("KB", _KB)):
        if size >= step:
            return f"{size / step:.1f}".removesuffix(".0") + f" {unit}"
    return f"{size} bytes"


_MAX_NAME = 120
_MAX_EXTENSION = 16
_FALLBACK_NAME = "evidence"
# Quotes break header values; the rest are refused by Windows in file names, so a download would be renamed anyway.
_UNSAFE_IN_NAMES = str.maketrans("", "", "\"'`<>:|?*")


def safe_filename(name: str) -> str:
    """A display name safe to store and to put in a Content-Disposition header; never empty."""
    name = re.split(r"[/\\]", name)[-1]
    # Tabs and line breaks become spaces first, so words they separated stay apart once control characters go.
    name = " ".join(name.split())
    # Category C covers control characters, but also format characters such as U+202E, which can make
    # "gpj.exe" display as "exe.jpg".
    name = "".join(char for char in name if not unicodedata.category(char).startswith("C"))
    # Composed form, once invisible characters are gone: macOS sends Hangul decomposed into jamo, which looks the
    # same but compares (and counts) differently.
    name = unicodedata.normalize("NFC", name).translate(_UNSAFE_IN_NAMES)
    name = " ".join(name.split())
    # Leading dots hide a file on Unix; trailing dots and spaces are dropped by Windows.
    name = name.strip(" .")
    if len(name) > _MAX_NAME:
        stem, dot, extension = name.rpartition(".")
        if stem and dot and 0 < len(extension) < _MAX_EXTENSION:
            tail = "." + extension
            name = stem[: _MAX_NAME - len(tail)].rstrip(" .") + tail
        else:
            name = name[:_MAX_NAME].rstrip(" .")
    return name or _FALLBACK_NAME
