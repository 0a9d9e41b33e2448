"""`citycert opendata DATASET FORMAT -o FILE`: the open data, as the public downloads it."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.utils import timezone

from citycert.reports.open_data import DATASETS, FORMATS, write


class Command(BaseCommand):
    help = "Write published results or certificates as CSV, JSON lines or Parquet."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("dataset", choices=list(DATASETS))
        parser.add_argument("format", choices=list(FORMATS))
        parser.add_argument("-o", "--output", type=Path, required=True)

    def handle(self, *args: Any, **options: Any) -> None:
        output: Path = options["output"]
        temporary = output.with_name(output.name + ".part")
        with temporary.open("wb") as file:
            size = write(options["dataset"], options["format"], file, timezone.localdate())
        temporary.replace(output)
        self.stdout.write(f"{output}: {size} bytes")
