"""The Content-Security-Policy forbids inline script and inline style, so no template may carry them: no
<script> without src, no on…= event handler, no javascript: address, no htmx hx-on (which is inline script),
and no style attribute or <style> element outside the PDF templates (reports/…, rendered by WeasyPrint and
never served as a page)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

import citycert

TEMPLATES = Path(citycert.__file__).parent / "templates"
PAGES = sorted(TEMPLATES.rglob("*.html"))
PDF_ONLY = {"reports/assessment.html", "reports/certificate.html", "reports/decision_letter.html"}

INLINE_SCRIPT = re.compile(r"<script\b(?![^>]*\bsrc=)[^>]*>", re.IGNORECASE)
EVENT_HANDLER = re.compile(r"<[^>]*\son[a-z]+\s*=", re.IGNORECASE)
SCRIPT_ADDRESS = re.compile(r"javascript:", re.IGNORECASE)
HTMX_ON = re.compile(r"\shx-on(?::|-|=)", re.IGNORECASE)
INLINE_STYLE = re.compile(r"<style\b|\sstyle\s*=", re.IGNORECASE)


def name(path: Path) -> str:
    return path.relative_to(TEMPLATES).as_posix()


@pytest.mark.parametrize("path", PAGES, ids=name)
def test_a_template_has_no_inline_script(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    for pattern in (INLINE_SCRIPT, EVENT_HANDLER, SCRIPT_ADDRESS, HTMX_ON):
        assert not pattern.search(text), f"{name(path)}: {pattern.search(text)}"


@pytest.mark.parametrize("path", [page for page in PAGES if name(page) not in PDF_ONLY], ids=name)
def test_a_page_template_has_no_inline_style(path: Path) -> None:
    found = INLINE_STYLE.search(path.read_text(encoding="utf-8"))
    assert found is None, f"{name(path)}: {found}"


def test_the_patterns_catch_what_they_are_for() -> None:
    assert INLINE_SCRIPT.search("<script>alert(1)</script>")
    assert not INLINE_SCRIPT.search('<script src="/static/x.js" defer></script>')
    assert EVENT_HANDLER.search('<button type="submit" onclick="go()">')
    assert not EVENT_HANDLER.search('<form action="/x/" method="post">')
    assert HTMX_ON.search('<div hx-on:click="go()">')
    assert INLINE_STYLE.search('<td style="padding-left: 1em">')
