"""Open a file as a spreadsheet user would: LibreOffice Calc, headless, in a Korean locale; read back the
workbook it saves, to see what each cell became (text, number or formula)."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest
from openpyxl import Workbook, load_workbook

SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")
KOREAN = "ko_KR.UTF-8"


def korean_locale(folder: Path) -> Path:
    """A compiled ko_KR.UTF-8 locale of its own (LOCPATH), so the machine needs none installed."""
    folder.mkdir(parents=True, exist_ok=True)
    if not (folder / KOREAN).exists():
        subprocess.run(["localedef", "-i", "ko_KR", "-f", "UTF-8", str(folder / KOREAN)], check=True, timeout=120)
    return folder


def opened_in_calc(path: Path, work: Path) -> Workbook:
    """The workbook LibreOffice makes of `path` (.csv or .xlsx), saved as .xlsx and read with openpyxl.

    A CSV is read with the character set of the Korean locale (the filter's SYSTEM), as a person in Korea
    opening it would; formulas are kept as formulas (not their values) in what openpyxl reads."""
    if SOFFICE is None:
        pytest.fail("LibreOffice is missing: install Debian's libreoffice-calc (`make install` does, as root)")
    out = work / "calc"
    out.mkdir(exist_ok=True)
    locales = korean_locale(work / "locales")
    environment = {**os.environ, "LOCPATH": str(locales), "LANG": KOREAN, "LC_ALL": KOREAN}
    command = [
        SOFFICE,
        # A profile of its own: another soffice running on the machine would otherwise take the job.
        f"-env:UserInstallation={(work / 'profile').as_uri()}",
        "--headless",
        "--convert-to",
        "xlsx",
        "--outdir",
        str(out),
        str(path),
    ]
    if path.suffix == ".csv":
        command[3:3] = ["--infilter=CSV:44,34,SYSTEM,1"]
    subprocess.run(command, check=True, capture_output=True, env=environment, timeout=180)
    converted = out / f"{path.stem}.xlsx"
    assert converted.exists(), f"LibreOffice did not convert {path.name}"
    return load_workbook(converted)


def cells(book: Workbook, sheet: str | None = None) -> list[list[tuple[object, str]]]:
    """Every row of a sheet as (value, openpyxl data type): "s" text, "n" number, "f" formula."""
    page = book[sheet] if sheet else book.worksheets[0]
    return [[(cell.value, cell.data_type) for cell in row] for row in page.iter_rows()]
