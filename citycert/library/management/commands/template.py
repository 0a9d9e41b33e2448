"""`citycert template`: a blank responses sheet (.xlsx or .csv) for a framework."""

from __future__ import annotations

from argparse import ArgumentParser
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand

from citycert.frameworks.template import write_template
from citycert.library.management.commands._common import fail, resolve_framework


class Command(BaseCommand):
    help = "Write every assessable item of a framework to a sheet to fill in and pass to `citycert score`."

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("--framework", required=True, help="ID, ID@VERSION or a framework file")
        parser.add_argument("-o", "--output", required=True, type=Path, help="FILE.xlsx or FILE.csv")

    def handle(self, *args: Any, **options: Any) -> None:
        output: Path = options["output"]
        if output.suffix.lower() not in (".xlsx", ".csv"):
            fail(self.stderr, f"citycert: {output}: the template is written as .xlsx or .csv")
        framework = resolve_framework(options["framework"], self.stderr)
        try:
            count = write_template(framework, output)
        except OSError as error:
            fail(self.stderr, f"citycert: cannot write {output}: {error.strerror}")
        self.stdout.write(f"{output}: {count} items of {framework.key}")
