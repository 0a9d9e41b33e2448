"""`citycert cases load`: store the good-practice cases citycert ships (idempotent), on any install."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from citycert.library.management.commands._common import fail, require_library
from citycert.practices.bundled import BadCaseFile, load_bundled_cases


class Command(BaseCommand):
    help = "Good-practice cases: `load` stores the bundled cases (and the cities they need) that are missing."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("action", choices=["load"])

    def handle(self, *args: Any, **options: Any) -> None:
        require_library(self.stderr)
        try:
            said = load_bundled_cases()
        except BadCaseFile as error:
            fail(self.stderr, str(error))
        for line in said:
            self.stdout.write(line)
