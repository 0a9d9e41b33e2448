"""`citycert opendata DATASET FORMAT -o FILE`: the open data, as the public downloads it.
`citycert opendata DATASET package -o FOLDER`: every format of the dataset with its datapackage.json."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandParser
from django.utils import timezone, translation

from citycert.reports.open_data import FORMATS, write
from citycert.reports.open_data_columns import DATASETS
from citycert.reports.open_data_package import write_package

PACKAGE = "package"


class Command(BaseCommand):
    help = (
        "Write published results, certificates or audit checkpoints as CSV, JSON lines or Parquet; "
        "or, as 'package', all three into a folder with a Frictionless datapackage.json."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("dataset", choices=list(DATASETS))
        parser.add_argument("format", choices=[*FORMATS, PACKAGE])
        parser.add_argument("-o", "--output", type=Path, required=True, help="a file; for 'package', a folder")
        parser.add_argument(
            "--language",
            choices=[code for code, _name in settings.LANGUAGES],
            default=settings.LANGUAGE_CODE,
            help="the language of the package's titles and descriptions",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        output: Path = options["output"]
        today = timezone.localdate()
        if options["format"] == PACKAGE:
            with translation.override(options["language"]):
                written = write_package(options["dataset"], output, today)
            for path in written:
                self.stdout.write(f"{path}: {path.stat().st_size} bytes")
            return
        temporary = output.with_name(output.name + ".part")
        with temporary.open("wb") as file:
            size = write(options["dataset"], options["format"], file, today)
        temporary.replace(output)
        self.stdout.write(f"{output}: {size} bytes")
