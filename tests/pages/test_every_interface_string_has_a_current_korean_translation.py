"""Korean is not an afterthought: every interface string has a Korean translation, compiled and current."""

from __future__ import annotations

import gettext
import re
from pathlib import Path

import citycert

LOCALE = Path(citycert.__file__).parent / "locale" / "ko" / "LC_MESSAGES"


def catalogue() -> list[tuple[str, str, str, str]]:
    """(msgctxt, msgid, msgid_plural, first msgstr) for every entry of the .po file."""
    text = (LOCALE / "django.po").read_text(encoding="utf-8")
    entries = []
    for block in text.split("\n\n"):
        fields: dict[str, str] = {}
        key = None
        for line in block.splitlines():
            match = re.match(r'^(msgctxt|msgid|msgid_plural|msgstr(?:\[0\])?) "(.*)"$', line)
            if match:
                key = match.group(1).replace("[0]", "")
                fields[key] = match.group(2)
            elif line.startswith('"') and key:
                fields[key] += line[1:-1]
        if fields.get("msgid"):
            entries.append(
                (fields.get("msgctxt", ""), fields["msgid"], fields.get("msgid_plural", ""), fields.get("msgstr", ""))
            )
    return entries


def test_every_message_has_a_korean_translation() -> None:
    missing = [msgid for _context, msgid, _, msgstr in catalogue() if not msgstr]
    assert missing == []


def test_the_compiled_catalogue_matches_the_source() -> None:
    with (LOCALE / "django.mo").open("rb") as handle:
        compiled = gettext.GNUTranslations(handle)
    for context, msgid, plural, msgstr in catalogue():
        unescaped = msgid.encode().decode("unicode_escape").encode("latin-1").decode("utf-8")
        expected = msgstr.encode().decode("unicode_escape").encode("latin-1").decode("utf-8")
        if context:
            assert compiled.pgettext(context, unescaped) == expected, f"run: citycert compilemessages ({unescaped})"
        elif plural:
            assert compiled.ngettext(unescaped, plural, 1) == expected
        else:
            assert compiled.gettext(unescaped) == expected, f"run: citycert compilemessages ({unescaped})"
