"""A made-up language, added as a real one would be: a compiled catalogue in a locale folder and an entry in
LANGUAGES, nothing else. Its catalogue is the Korean one's messages wrapped in ⟦…⟧ (placeholders and HTML tags
left outside the marks), so any text a reader sees outside the marks was not translated through the catalogue."""

from __future__ import annotations

import re
import subprocess
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from django.apps import apps
from django.conf import settings
from django.db import models
from django.test import override_settings

from tests.language.english import english_words

CODE = "xx"
# Its own name, as the language switch shows it: marked, like every text of the language.
NAME = "⟦xx⟧"
KOREAN_CATALOGUE = Path(settings.BASE_DIR) / "locale" / "ko" / "LC_MESSAGES" / "django.po"

# What stays as it is inside a message: placeholders (%(name)s, %s, %%, {name}), HTML tags and entities, and the
# escapes of the .po file itself.
_KEPT = re.compile(r"%\([^)]+\)[-#0 +]*\d*(?:\.\d+)?[a-z]|%[sd%]|\{[^{}]*\}|<[^<>]*>|&[a-z#0-9]+;|\\n")
_MARKED = re.compile(r"⟦[^⟦⟧]*⟧")
_HANGUL = re.compile(r"[\uac00-\ud7a3]")
_WORDS = re.compile(r"\w+")


def pseudo(escaped: str) -> str:
    """A message, as written between the quotes of a .po file, in the made-up language: each run of text
    between the kept pieces wrapped in ⟦…⟧."""
    out, at = [], 0
    for kept in _KEPT.finditer(escaped):
        out.append(_wrap(escaped[at : kept.start()]))
        out.append(kept.group())
        at = kept.end()
    out.append(_wrap(escaped[at:]))
    return "".join(out)


def _wrap(text: str) -> str:
    return f"⟦{text}⟧" if text.strip() else text


def write_catalogue(folder: Path) -> Path:
    """The made-up language's catalogue, compiled with msgfmt under folder/xx/LC_MESSAGES; returns the folder.
    Every message of the Korean catalogue is there, its translation made from its msgid (and plural)."""
    entries = _read(KOREAN_CATALOGUE.read_text(encoding="utf-8"))
    lines = [
        'msgid ""',
        'msgstr ""',
        '"Content-Type: text/plain; charset=UTF-8\\n"',
        f'"Language: {CODE}\\n"',
        '"Plural-Forms: nplurals=2; plural=(n != 1);\\n"',
        "",
    ]
    for comments, fields in entries:
        if "msgid" not in fields or not fields["msgid"]:
            continue
        lines.extend(comments)
        if "msgctxt" in fields:
            lines.append(f'msgctxt "{fields["msgctxt"]}"')
        lines.append(f'msgid "{fields["msgid"]}"')
        if "msgid_plural" in fields:
            lines.append(f'msgid_plural "{fields["msgid_plural"]}"')
            lines.append(f'msgstr[0] "{pseudo(fields["msgid"])}"')
            lines.append(f'msgstr[1] "{pseudo(fields["msgid_plural"])}"')
        else:
            lines.append(f'msgstr "{pseudo(fields["msgid"])}"')
        lines.append("")
    messages = folder / CODE / "LC_MESSAGES"
    messages.mkdir(parents=True)
    (messages / "django.po").write_text("\n".join(lines) + "\n", encoding="utf-8")
    subprocess.run(
        ["msgfmt", "--check-format", "-o", str(messages / "django.mo"), str(messages / "django.po")], check=True
    )
    return folder


def _read(catalogue: str) -> list[tuple[list[str], dict[str, str]]]:
    """A .po file's entries: each one's comment lines (its flags among them) and its fields, as written between
    quotes (a field continued over several lines joined)."""
    entries: list[tuple[list[str], dict[str, str]]] = []
    comments: list[str] = []
    fields: dict[str, str] = {}
    current = ""
    for line in [*catalogue.splitlines(), ""]:
        if line.startswith('"'):
            fields[current] += line[1:-1]
        elif line.startswith("#~"):
            continue  # an obsolete entry: not compiled
        elif line.startswith("#"):
            if fields:
                entries.append((comments, fields))
                comments, fields = [], {}
            comments.append(line)
        elif line.strip():
            current, _, quoted = line.partition(" ")
            # A new entry starts at msgctxt, or at msgid unless it follows its own msgctxt.
            if (current == "msgctxt" and fields) or (current == "msgid" and "msgid" in fields):
                entries.append((comments, fields))
                comments, fields = [], {}
            fields[current] = quoted[1:-1]
        elif fields:
            entries.append((comments, fields))
            comments, fields = [], {}
    return entries


@contextmanager
def made_up_language(folder: Path) -> Iterator[str]:
    """Settings that add the made-up language: its catalogue's folder and its entry in LANGUAGES."""
    with override_settings(
        LOCALE_PATHS=[write_catalogue(folder), *settings.LOCALE_PATHS],
        LANGUAGES=[*settings.LANGUAGES, (CODE, NAME)],
    ):
        yield CODE


def stored_texts() -> set[str]:
    """Everything stored: what people typed, names in both languages, reasons the system recorded in both
    languages, and the frameworks' own texts. The made-up language reads stored data on its English side."""
    texts: set[str] = set()
    for model in apps.get_models():
        if not model.__module__.startswith(("citycert.", "django.contrib.auth")):
            continue
        fields = [
            field.attname
            for field in model._meta.get_fields()
            if isinstance(field, models.CharField | models.TextField | models.JSONField) and not field.choices
        ]
        if not fields:
            continue
        for row in model._default_manager.values_list(*fields):
            for value in row:
                texts.update(_strings(value))
    return {" ".join(text.split()) for text in texts if text.strip()}


def _strings(value: Any) -> Iterator[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for each in value.values():
            yield from _strings(each)
    elif isinstance(value, list):
        for each in value:
            yield from _strings(each)


def untranslated(pieces: Iterable[str], stored: Iterable[str]) -> list[str]:
    """Each piece of text that holds Korean or English outside the marks and outside stored data."""
    # A stored text counts only where it stands whole, not inside a word ("city" in "citycert").
    alternatives = "|".join(re.escape(text) for text in sorted(set(stored), key=len, reverse=True))
    whole = re.compile(rf"(?<![\w])(?:{alternatives})(?![\w])") if alternatives else None
    # A chart wraps and shortens a long name over several lines ("Business", "management", "centric servi…"):
    # such a piece is stored data when its words run, in order, inside one stored text.
    stored_words = "\n".join(" ".join(_WORDS.findall(text)) for text in stored)
    found = []
    for piece in pieces:
        bare = _MARKED.sub(" ", " ".join(piece.split()))
        if whole is not None:
            bare = whole.sub(" ", bare)
        if not (_HANGUL.search(bare) or english_words([bare])):
            continue
        words = " ".join(_WORDS.findall(bare.removesuffix("…")))
        if words and re.search(rf"(?<!\w){re.escape(words)}", stored_words):
            continue
        found.append(piece)
    return found
