"""`citycert backup FILE`: the database, evidence files and certificate signing key as one ZIP."""

from __future__ import annotations

from argparse import ArgumentParser, RawDescriptionHelpFormatter
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from citycert.operations.backup import BackupFailed, make_backup


class Command(BaseCommand):
    help = (
        "Write the database, every evidence file and the certificate signing key to one ZIP archive, "
        "consistent as of one moment, while the site keeps running.\n\n"
        "THE ARCHIVE HOLDS THE PRIVATE CERTIFICATE SIGNING KEY (so that a restored install still verifies the "
        "certificates it issued) and every city's evidence: keep it like the key itself, readable only by "
        "whoever runs the install. It is made readable by its owner only.\n\n"
        "Restore it with `citycert restore FILE` onto an empty install, on SQLite or PostgreSQL."
    )

    def create_parser(self, prog_name: str, subcommand: str, **kwargs: Any) -> CommandParser:
        parser = super().create_parser(prog_name, subcommand, **kwargs)
        parser.formatter_class = RawDescriptionHelpFormatter  # keep the warning's paragraphs
        return parser

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("file", type=Path, help="the archive to write, e.g. citycert-2026-06-30.zip")

    def handle(self, *args: Any, **options: Any) -> None:
        target: Path = options["file"]
        try:
            manifest = make_backup(target)
        except (BackupFailed, OSError) as error:
            raise CommandError(f"no backup written: {error}") from None
        rows = sum(manifest["rows"].values())
        files = len(manifest["evidence"])
        self.stdout.write(
            f"backup written to {target}: {rows} rows, {files} evidence files and the signing key "
            "(keep this file as secret as the key)"
        )
