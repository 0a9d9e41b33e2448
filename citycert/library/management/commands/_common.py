"""What the library's commands share: finding a framework, and failing with a clear message."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import NoReturn, Protocol

from django.db import DatabaseError, connection

from citycert.frameworks.loader import load_framework
from citycert.frameworks.located_yaml import InvalidFile
from citycert.frameworks.schema import Framework
from citycert.library.models import FrameworkVersion
from citycert.library.store import UnknownFramework, find_version


class Stream(Protocol):
    """Where a command writes: sys.stderr, or Django's OutputWrapper around it."""

    def write(self, text: str, /) -> object: ...

    def flush(self) -> object: ...


# Exit codes: 1 = the files checked are invalid; 2 = the command was given something it cannot use.
INVALID = 1
USAGE = 2


def fail(stream: Stream, lines: list[str] | str, code: int = USAGE) -> NoReturn:
    """Print one line per problem and exit with `code`, never with a traceback."""
    for line in [lines] if isinstance(lines, str) else lines:
        stream.write(line + "\n")
    stream.flush()
    sys.exit(code)


def require_library(stream: Stream) -> None:
    """Exit with a clear message when the database has not been created yet."""
    try:
        tables = connection.introspection.table_names()
    except DatabaseError as error:
        fail(stream, f"citycert: cannot open the database: {error}")
    if FrameworkVersion._meta.db_table not in tables:
        fail(stream, "citycert: the database is not set up yet; run: citycert migrate")


def resolve_framework(reference: str, stream: Stream) -> Framework:
    """A stored framework (`ID` or `ID@VERSION`), or a framework file given by its path."""
    path = Path(reference)
    if path.suffix.lower() in (".yaml", ".yml") and path.exists():
        try:
            return load_framework(path.read_text(encoding="utf-8"), str(path))
        except InvalidFile as error:
            fail(stream, [str(problem) for problem in error.problems], INVALID)
    require_library(stream)
    try:
        return find_version(reference).framework
    except UnknownFramework as error:
        fail(stream, f"citycert: {error}")
