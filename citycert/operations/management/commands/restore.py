"""`citycert restore FILE`: a `citycert backup` archive onto an empty install."""

from __future__ import annotations

from argparse import ArgumentParser
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.db import DatabaseError

from citycert.operations.restore import RestoreRefused, restore_backup


class Command(BaseCommand):
    help = (
        "Restore a `citycert backup` archive: every row, every evidence file (each checked against its SHA-256) "
        "and the certificate signing key. Run `citycert migrate` first; the database must hold no data of its "
        "own unless --force is given. The database is restored all or nothing."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("file", type=Path, help="the archive written by `citycert backup`")
        parser.add_argument(
            "--force",
            action="store_true",
            help="replace whatever the database holds now (every row is deleted first); a signing key already "
            "here moves to the retired keys (CITYCERT_RETIRED_SIGNING_KEYS), so what it signed still verifies",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            manifest = restore_backup(options["file"], force=options["force"])
        except (RestoreRefused, OSError) as error:
            raise CommandError(f"nothing restored: {error}") from None
        except DatabaseError as error:
            raise CommandError(f"nothing restored, the database is as it was: {error}") from None
        self.stdout.write(
            f"restored {sum(manifest['rows'].values())} rows and {len(manifest['evidence'])} evidence files "
            f"from the backup made at {manifest['made_at']} on {manifest['database']}; "
            "check the audit log with `citycert audit verify`"
        )
