"""Walking the site as one person does: every page reachable by following links from the start pages, with
the text each page (or each PDF and spreadsheet it links to) puts before the reader."""

from __future__ import annotations

import io
import re
import subprocess
import tempfile
from collections import deque
from collections.abc import Iterator
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlsplit

from django.apps import apps
from django.db import models
from django.test import Client
from openpyxl import load_workbook

from tests.language.english import visible_text

START = ("/", "/my/", "/certification/", "/registry/", "/open-data/", "/certificates/verify/")
# Links that change something or leave the site's pages: the language switch, logging out, Django's admin (its
# own catalogue, not ours), and static files.
# The certificate itself is printed in both languages whatever the reader's (one signed document for everyone).
# A link that asks for the English edition of a document (a decision letter's ?lang=en) is English on purpose.
NOT_FOLLOWED = re.compile(r"^/(static|media|i18n|admin)/|^/accounts/logout|/certificate\.pdf$|[?&]lang=en\b")
# Pages that differ only by an id or a query are visited twice each: the same template with other data.
PER_SHAPE = 2
PAGES_AT_MOST = 400


@dataclass
class Seen:
    """One page or download as the person received it: its address, its kind and the text they read."""

    url: str
    kind: str  # "page", "pdf" or "xlsx"
    text: list[str]


class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.links: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if tag == "a" and values.get("href"):
            self.links.append(values["href"] or "")


def links_of(html: str, here: str) -> list[str]:
    parser = _Links()
    parser.feed(html)
    found = []
    for href in parser.links:
        parts = urlsplit(href)
        if parts.scheme or parts.netloc or href.startswith("#"):
            continue
        path = parts.path if parts.path.startswith("/") else here.rsplit("/", 1)[0] + "/" + parts.path
        found.append(path + (f"?{parts.query}" if parts.query else ""))
    return found


def shape(url: str) -> str:
    """The page's kind: its address with ids and codes blanked and only the names of its query's fields."""
    parts = urlsplit(url)
    path = re.sub(r"/[^/]*\d[^/]*(?=/|$)", "/N", parts.path)
    fields = sorted({field.split("=")[0] for field in parts.query.split("&") if field})
    return path + "?" + "&".join(fields)


def pdf_text(content: bytes) -> list[str]:
    """A PDF's text as one piece: its lines are wrapped where the page ends them, not where a text does (a typed
    note wrapped over two lines is still found whole)."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "read.pdf"
        path.write_bytes(content)
        read = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True)
    return [" ".join(read.stdout.split())]


def workbook_text(content: bytes) -> list[str]:
    """The cells a Korean reader reads. The workbooks are bilingual by design, the upload reading their English
    keys: a header reads "한국어 / key" (its Korean part is read), a column headed by an English side ("…_en",
    "Instructions") stands beside its Korean one and is passed over, as are the sheets' names and the field names
    in an "about" sheet's first column."""
    book = load_workbook(io.BytesIO(content), read_only=True)
    texts: list[str] = []
    for sheet in book.worksheets:
        rows = list(sheet.iter_rows(values_only=True))
        if not rows:
            continue
        if sheet.title == "about":  # field name, value: no header row; a field ending in _en is the English side
            header, english_side = [], {0}
            data = [row for row in rows if not str(row[0] or "").endswith("_en")]
        else:
            header, data = [str(cell or "") for cell in rows[0]], rows[1:]
            english_side = {
                i for i, cell in enumerate(header) if cell.endswith("_en") or cell.strip() == "Instructions"
            }
        texts.extend(cell.split(" / ")[0] for index, cell in enumerate(header) if index not in english_side)
        for row in data:
            for index, value in enumerate(row):
                if index in english_side:
                    continue
                if isinstance(value, str | bool) and str(value).strip():
                    texts.append(str(value))
    return texts


def walk(client: Client, start: tuple[str, ...] = START, at_most: int = PAGES_AT_MOST) -> Iterator[Seen]:
    """Every page and download this client reaches from the start pages by following links."""
    queue = deque(start)
    visited: set[str] = set()
    shapes: dict[str, int] = {}
    while queue and len(visited) < at_most:
        url = queue.popleft()
        if url in visited or NOT_FOLLOWED.search(url) or shapes.get(shape(url), 0) >= PER_SHAPE:
            continue
        visited.add(url)
        shapes[shape(url)] = shapes.get(shape(url), 0) + 1
        answer = client.get(url)
        if answer.status_code in (301, 302, 303):
            queue.append(answer["Location"])
            continue
        if answer.status_code != 200 or getattr(answer, "streaming", False):
            continue
        content_type = answer.get("Content-Type", "")
        if content_type.startswith("text/html"):
            html = answer.content.decode()
            yield Seen(url, "page", visible_text(html))
            queue.extend(link for link in links_of(html, url) if link not in visited)
        elif content_type == "application/pdf":
            yield Seen(url, "pdf", pdf_text(answer.content))
        elif "spreadsheetml" in content_type:
            yield Seen(url, "xlsx", workbook_text(answer.content))


# Fields whose text is not typed by a person but stored as a code or taken from a framework: their English on a
# Korean page is a fault, so it is not set aside as "what people typed".
NOT_TYPED_FIELDS = {"value", "name_en", "title_en", "description_en"}


def typed_texts() -> set[str]:
    """Everything people (and the demo's loader on their behalf) typed: names, titles, notes, reasons."""
    texts: set[str] = set()
    for model in apps.get_models():
        if not model.__module__.startswith(("citycert.", "django.contrib.auth")):
            continue
        if model._meta.app_label in ("library", "audit", "django_tasks_database"):
            continue
        fields = [
            field.attname
            for field in model._meta.get_fields()
            if isinstance(field, models.CharField | models.TextField)
            and not field.choices
            and field.attname not in NOT_TYPED_FIELDS
            and not field.attname.endswith("_en")
        ]
        if fields:
            for row in model._default_manager.values_list(*fields):
                texts.update(str(value).strip() for value in row if value and str(value).strip())
    return texts
