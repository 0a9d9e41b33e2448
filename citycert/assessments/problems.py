"""Problems the pure core finds in an uploaded table, said in the page's language.

`scoring.tables` may not import Django, so it words its problems in English; the page says them again here,
by pattern, keeping the file, row and column they point at.
"""

from __future__ import annotations

import re

from django.utils.translation import gettext_lazy

from citycert.frameworks.located_yaml import Problem

# Each English wording of scoring.tables, and the same in the page's language (its parts kept by name).
_SAID = [
    (
        re.compile(r"the header row needs columns (?P<needed>.+) \(missing (?P<missing>.+); found (?P<found>.+)\)$"),
        gettext_lazy("the header row needs the columns %(needed)s (missing: %(missing)s; found: %(found)s)"),
    ),
    (
        re.compile(r"the file is not UTF-8 text; save it as CSV UTF-8$"),
        gettext_lazy("the file is not UTF-8 text; save it as CSV UTF-8"),
    ),
    (
        re.compile(r"a field is longer than (?P<limit>\d+) characters$"),
        gettext_lazy("a field is longer than %(limit)s characters"),
    ),
    (re.compile(r"CSV: (?P<error>.+)$"), gettext_lazy("not readable as CSV (%(error)s)")),
    (
        re.compile(r"not a readable \.xlsx workbook \((?P<error>.+)\)$"),
        gettext_lazy("not a readable .xlsx workbook (%(error)s)"),
    ),
    (re.compile(r"the first sheet is empty$"), gettext_lazy("the first sheet is empty")),
]


def said(problem: Problem) -> str:
    """FILE:ROW:COLUMN: the problem, in the current language where its wording is known."""
    message = problem.message
    for pattern, wording in _SAID:
        found = pattern.match(message)
        if found:
            parts = {name: value.replace(" and ", ", ") for name, value in found.groupdict().items()}
            message = str(wording) % parts
            break
    return f"{problem.file}:{problem.line}:{problem.column}: {message}"


def said_all(problems: list[Problem]) -> list[str]:
    return [said(problem) for problem in problems]
