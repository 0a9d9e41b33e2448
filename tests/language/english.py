"""Finding English left on a Korean page, document or API answer.

A page's visible text (and the attributes a person reads: title, placeholder, aria-label, alt) is split into
words; a word of Latin letters is English unless
- it is an id or code: it holds a digit, joins parts with `.`, `-`, `_`, `@`, `/` or `:`, stands in quotes
  ('certified'), or sits in a <code>, <kbd>, <samp> or <pre> element;
- it is an abbreviation in capitals (ISO, PDF, KPI);
- it is marked as another language (an element with lang="en" on a Korean page), or glosses the Korean word
  just before it in brackets ("핵심(core)");
- it is part of what people typed (the database's own text, given by the test);
- or it is in the short allow-list below.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from html.parser import HTMLParser

# Words that are the same on a Korean page: names, headers and units (abbreviations in capitals, like ISO, PDF
# or KPI, pass by rule). Keep this short: every entry is a word a Korean reader is expected to read in Latin letters.
ALLOWED = {
    "citycert",  # the product
    "kitemark",  # BSI's mark, a brand name
    "krippendorff",  # the agreement statistic is named after its author
    "numpy",  # named in the benchmarks' method, as the reference for its quartiles
    "lines",  # "JSON Lines", a format's name
    "openapi",  # the API's description format
    "bearer",  # "Authorization: Bearer <token>", "Accept-Language", "ETag": headers a program sends as written
    "authorization",
    "accept",
    "language",
    "etag",
    "id",  # "항목 id": the identifier people write
    "km",  # units in the frameworks' Korean texts
    "kwh",
    "ekwh",
    "m",
    "ha",
}

_SKIP = {"script", "style", "template", "noscript", "code", "kbd", "samp", "pre"}
_READ_ATTRIBUTES = ("title", "placeholder", "aria-label", "alt")
# A word is a run of Latin letters, digits and the marks that join codes; Hangul ends it ("citycert가").
_WORD = re.compile(r"[A-Za-z0-9][A-Za-z0-9.\-_@/:'’]*")
_LATIN = re.compile(r"[A-Za-z]")
# The original term in brackets right after a Korean word glosses it ("핵심(core)"): the Korean is the text.
_GLOSS = re.compile(r"(?<=[가-힣])\([A-Za-z][A-Za-z -]*\)")
# A single word in quotes is a value as a program writes it ('certified', 'csv'): a code.
_QUOTED = re.compile(r"'[^'\s]+'|\"[^\"\s]+\"")
_CODE = re.compile(r"[0-9.\-_@/:]")


# Elements whose text is not prose in the page's language: scripts and styles, code people type or read as code
# (column names, commands, ids), and anything marked as being in another language (lang="en" on a Korean page:
# a city's English name beside its Korean one, the language switch's "English").
_VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}


class _VisibleText(HTMLParser):
    """The text a person reads on a page, in the page's language: text nodes outside the elements above, and
    the attributes people read."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._open: list[bool] = []  # for each open element, whether its text is set aside
        self._page_language = ""

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if tag == "html":
            self._page_language = values.get("lang") or ""
            return
        language = values.get("lang")
        aside = tag in _SKIP or (language is not None and language != self._page_language)
        if not (aside or any(self._open)):
            self.parts.extend(values[name] or "" for name in _READ_ATTRIBUTES if values.get(name))
            if tag == "input" and (values.get("type") or "") in ("submit", "button") and values.get("value"):
                self.parts.append(values["value"] or "")
        if tag not in _VOID:
            self._open.append(aside)

    def handle_endtag(self, tag: str) -> None:
        if tag not in _VOID and tag != "html" and self._open:
            self._open.pop()

    def handle_data(self, data: str) -> None:
        if not any(self._open):
            self.parts.append(data)


def visible_text(html: str) -> list[str]:
    """The page's readable pieces of text, in order."""
    parser = _VisibleText()
    parser.feed(html)
    return [part.strip() for part in parser.parts if part.strip()]


def english_words(pieces: Iterable[str], typed: Iterable[str] = ()) -> list[str]:
    """The English words in these pieces of text, after taking out what people typed (`typed`) and codes."""
    typed_texts = sorted(
        {" ".join(text.split()) for text in typed if text and _LATIN.search(text)}, key=len, reverse=True
    )
    found: list[str] = []
    for piece in pieces:
        piece = " ".join(piece.split())
        for text in typed_texts:
            if text in piece:
                piece = piece.replace(text, " ")
        piece = _GLOSS.sub(" ", _QUOTED.sub(" ", piece))
        for word in _WORD.findall(piece):
            if not _LATIN.search(word) or _CODE.search(word.rstrip(".:")):
                continue
            bare = word.rstrip(".:")
            # An abbreviation or code in capitals (KPI, HWP, UTC, BM, an assessor's letter A): not English prose.
            if bare.lower() in ALLOWED or bare.isupper():
                continue
            found.append(word)
    return found


def english_phrases(pieces: Iterable[str], typed: Iterable[str] = ()) -> list[str]:
    """Each piece of text that holds an English word, for a readable failure message."""
    typed = list(typed)
    return [piece for piece in pieces if english_words([piece], typed)]
