"""Seocho-gu's officer works through a load balancer that sends each request to one of two app servers (gunicorn),
each with a data folder of its own, sharing the database and the file storage: a folder both mount, or an S3
bucket. The spreadsheet previewed on one server is applied on the other, and evidence uploaded on one downloads
whole from the other; so is a file of indicator values previewed on one and imported on the other. Where each server keeps files in its own folder, the other server says the upload expired
and changes nothing.
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook

from tests.indicators.story import long_csv
from tests.operations.browsing import Browser
from tests.operations.processes import Server, child, child_env, citycert, copy_data_dir, gunicorn_server
from tests.people import PDF
from tests.services import Storage

pytestmark = pytest.mark.slow

SAVED = "changes saved from the spreadsheet."
EXPIRED = "That upload has expired; upload the file again."


def server_env(tmp_path: Path, name: str, files: dict[str, str]) -> dict[str, str]:
    """Server `name`'s environment: its own data folder, the shared database, `files` saying where files go."""
    return child_env(tmp_path / name, f"sqlite:///{tmp_path / 'shared' / 'citycert.sqlite3'}", **files)


@contextmanager
def two_servers(template: Path, tmp_path: Path, files: dict[str, str]) -> Iterator[tuple[Server, Server, Browser]]:
    """Servers A and B on one database, and the officer's browser, signed in, reading English pages."""
    copy_data_dir(template, tmp_path / "shared")
    envs = [server_env(tmp_path, name, files) for name in ("a", "b")]
    sessionid = child("session", "officer-seocho", env=envs[0])["sessionid"]
    with ExitStack() as stack:
        a, b = (stack.enter_context(gunicorn_server(env, workers=1, threads=2)) for env in envs)
        yield a, b, Browser(sessionid=sessionid, django_language="en")


MATURITY_NAMES = {"maturity level", "성숙도 수준"}


def every_answer_set_to_2(sheet: bytes) -> bytes:
    """Every maturity item of a downloaded sheet set to 2. The sheet names an item's type in the language it was
    downloaded in; either name marks a maturity item (this helper edits a file, it checks nothing)."""
    workbook = load_workbook(io.BytesIO(sheet))
    table = workbook.worksheets[0]
    # Headers read "유형 / type": the program's side is the English one, as the upload reads it.
    header = [str(cell.value).split(" / ")[-1] for cell in next(table.iter_rows(min_row=1, max_row=1))]
    for row in table.iter_rows(min_row=2):
        if row[header.index("type")].value in MATURITY_NAMES:
            row[header.index("value")].value = "2"
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def hidden(html: str) -> dict[str, str]:
    return dict(re.findall(r'<input type="hidden" name="(token|suffix|revision)" value="([^"]*)"', html))


def preview_on(server: Server, browser: Browser, draft: int) -> dict[str, str]:
    assert browser.get(f"{server.url}/assessments/{draft}/").status == 200  # the page sets the CSRF cookie
    sheet = browser.get(f"{server.url}/assessments/{draft}/export.xlsx")
    assert sheet.status == 200
    files = {"sheet": ("seocho.xlsx", every_answer_set_to_2(sheet.body))}
    preview = browser.post(f"{server.url}/assessments/{draft}/import/", {}, files)
    assert preview.status == 200, preview.body[:2000]
    fields = hidden(preview.body.decode())
    assert fields["token"] and fields["suffix"] == ".xlsx"
    return fields


def answers(env: dict[str, str], draft: int) -> list[str]:
    return [value for assessment, _item, value in child("facts", env=env)["responses"] if assessment == draft]


def test_previewed_on_one_server_applied_on_the_other(
    installed_story: tuple[Path, dict[str, Any]], tmp_path: Path, storage: Storage
) -> None:
    template, ids = installed_story
    draft = ids["draft"]
    files = storage.env if storage.kind == "s3" else {"CITYCERT_FILES_DIR": str(tmp_path / "mounted-by-both")}
    with two_servers(template, tmp_path, files) as (a, b, browser):
        fields = preview_on(a, browser, draft)

        applied = browser.post(f"{b.url}/assessments/{draft}/import/apply/", fields)
        assert applied.status == 302 and applied.headers["Location"] == f"/assessments/{draft}/"
        page = browser.get(f"{b.url}/assessments/{draft}/").body.decode()
        assert SAVED in page and EXPIRED not in page
        # Used once: the same preview confirmed again, on either server, has expired.
        browser.post(f"{a.url}/assessments/{draft}/import/apply/", fields)
        assert EXPIRED in browser.get(f"{a.url}/assessments/{draft}/").body.decode()

        report = PDF + b"%% the 2026 plan\n"
        fields_of_evidence = {"title": "스마트도시계획", "items": ["BM.vision"]}
        uploaded = browser.post(
            f"{a.url}/assessments/{draft}/evidence/", fields_of_evidence, {"file": ("plan.pdf", report)}
        )
        assert uploaded.status == 302, uploaded.body[:1000]
        page = browser.get(f"{b.url}/assessments/{draft}/").body.decode()
        newest = max(int(found) for found in re.findall(rf'href="/assessments/{draft}/evidence/(\d+)/file"', page))
        download = browser.get(f"{b.url}/assessments/{draft}/evidence/{newest}/file")
        assert download.status == 200 and download.body == report

    assert set(answers(server_env(tmp_path, "a", files), draft)) == {"2"}


def test_indicator_values_previewed_on_one_server_are_imported_on_the_other(tmp_path: Path, storage: Storage) -> None:
    template = tmp_path / "template"
    citycert("migrate", "--no-input", "-v0", env=child_env(template))
    city = child("setup-certified", env=child_env(template))["city"]
    files = storage.env if storage.kind == "s3" else {"CITYCERT_FILES_DIR": str(tmp_path / "mounted-by-both")}
    values = long_csv([(city, "kr-smartcity:D1.I1.1", str(date.today().year), "120", "건", "공공데이터포털")])
    with two_servers(template, tmp_path, files) as (a, b, browser):
        assert browser.get(f"{a.url}/indicators/{city}/import/").status == 200
        preview = browser.post(f"{a.url}/indicators/{city}/import/", {}, {"file": ("values.csv", values)})
        assert preview.status == 200, preview.body[:2000]
        token = re.search(r'name="token" value="([^"]+)"', preview.body.decode())
        assert token is not None

        fields = {"token": token.group(1), "name": "values.csv"}
        imported = browser.post(f"{b.url}/indicators/{city}/import/confirm/", fields)
        assert imported.status == 302 and imported.headers["Location"] == f"/indicators/{city}/"
        page = browser.get(f"{b.url}/indicators/{city}/").body.decode()
        assert "values.csv imported: 1 added, 0 changed, 0 unchanged, 0 rejected." in page


def test_without_shared_files_the_other_server_says_the_upload_expired(
    installed_story: tuple[Path, dict[str, Any]], tmp_path: Path
) -> None:
    template, ids = installed_story
    draft = ids["draft"]
    with two_servers(template, tmp_path, {}) as (a, b, browser):
        fields = preview_on(a, browser, draft)
        before = answers(server_env(tmp_path, "a", {}), draft)

        refused = browser.post(f"{b.url}/assessments/{draft}/import/apply/", fields)
        assert refused.status == 302
        assert EXPIRED in browser.get(f"{b.url}/assessments/{draft}/").body.decode()
        assert answers(server_env(tmp_path, "a", {}), draft) == before

        # The server that kept the file applies it.
        browser.post(f"{a.url}/assessments/{draft}/import/apply/", fields)
        assert SAVED in browser.get(f"{a.url}/assessments/{draft}/").body.decode()
