"""Fill Korean translations into the .po catalogue from a Python dict file; drop fuzzy guesses.

Usage: python scripts/fill_translations.py TRANSLATIONS.py   (a file defining T and PLURALS dicts)
Prints every message still untranslated. A developer's helper; not run by the build.
"""

from __future__ import annotations

import re
import runpy
import sys
from pathlib import Path

CATALOGUE = Path(__file__).resolve().parent.parent / "citycert" / "locale" / "ko" / "LC_MESSAGES" / "django.po"


def quoted(text: str) -> str:
    return text.replace("\\", "\\\\").replace('"', '\\"')


def main() -> None:
    given = runpy.run_path(sys.argv[1])
    singles, plurals = given["T"], given["PLURALS"]
    entries = CATALOGUE.read_text(encoding="utf-8").split("\n\n")
    out = []
    for entry in entries:
        match = re.search(r'^msgid ((?:".*"\n?)+)', entry, re.M)
        if not match:
            out.append(entry)
            continue
        msgid = "".join(re.findall(r'"(.*)"', match.group(1))).replace('\\"', '"')
        # makemessages guesses from similar messages and marks them fuzzy; the guesses are often wrong
        # ("decision" -> "revision"), so a fuzzy message not given here is emptied, never kept.
        guessed = any(line.startswith("#, fuzzy") for line in entry.splitlines())
        lines = [line for line in entry.splitlines() if not line.startswith("#, fuzzy") and not line.startswith("#|")]
        entry = "\n".join(lines)
        if guessed and msgid not in singles and msgid not in plurals:
            entry = re.sub(r'msgstr (".*"\n?)+$', 'msgstr ""', entry)
        if "msgid_plural" in entry:
            if msgid in plurals:
                # The whole msgstr[0], continuation lines included, or the old text would stay glued on.
                entry = re.sub(r'msgstr\[0\] (".*"\n?)+', f'msgstr[0] "{quoted(plurals[msgid])}"\n', entry).rstrip("\n")
            elif re.search(r'msgstr\[0\] ""', entry):
                print("untranslated (plural):", msgid)
        elif msgid in singles:
            entry = re.sub(r'msgstr (".*"\n?)+$', f'msgstr "{quoted(singles[msgid])}"', entry)
        elif msgid and re.search(r'msgstr ""$', entry):
            print("untranslated:", msgid)
        out.append(entry)
    CATALOGUE.write_text("\n\n".join(out), encoding="utf-8")


if __name__ == "__main__":
    main()
