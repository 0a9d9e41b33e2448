"""`citycert audit verify` and `citycert audit checkpoint`: check the audit log, and anchor it with a signed
checkpoint.

Exit codes of `verify`: 0 the log holds and matches every signed checkpoint; 1 the log was changed (the first
bad event is named); 3 the events hold but a checkpoint itself was deleted, replaced or forged; 2 nothing could
be checked (an unreadable --against file, or the signing key could not be read).
`checkpoint`: 0 a checkpoint was signed (or the latest still stands), 1 refused because the log does not hold.
"""

from __future__ import annotations

import sys
from argparse import ArgumentParser
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand

from citycert.audit.checkpoints import (
    CheckpointFileError,
    CheckpointRefused,
    SignatureUnavailable,
    make_checkpoint,
    read_file,
)
from citycert.audit.log import Report, Stated, check_log

INTACT, BROKEN, CANNOT_CHECK, CHECKPOINT_DAMAGED = 0, 1, 2, 3


class Command(BaseCommand):
    help = (
        "verify [--against FILE]: check the audit log's chain, head and signed checkpoints (exit 0 intact, 1 an "
        "event was changed, 3 a checkpoint was, 2 could not check); checkpoint: sign where the chain stands now."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        actions = parser.add_subparsers(dest="action", required=True, metavar="ACTION")
        verify = actions.add_parser(
            "verify",
            help="check every event against its hash and the event before, the end of the log against its head, "
            "and the chain against every signed checkpoint",
        )
        verify.add_argument(
            "--against",
            type=Path,
            metavar="FILE",
            help="also check against the checkpoints in FILE, kept from an earlier download "
            "(open data audit-checkpoints: CSV, JSON lines or Parquet)",
        )
        actions.add_parser(
            "checkpoint", help="sign a checkpoint of the chain as it stands (run daily; decisions make one too)"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["action"] == "checkpoint":
            self._checkpoint()
        else:
            self._verify(options.get("against"))

    def _checkpoint(self) -> None:
        try:
            checkpoint, made = make_checkpoint()
        except CheckpointRefused as refused:
            self.stderr.write(f"no checkpoint: {refused}")
            sys.exit(BROKEN)
        except SignatureUnavailable as error:
            self.stderr.write(f"no checkpoint: the signing key could not be read ({error})")
            sys.exit(CANNOT_CHECK)
        said = "signed" if made else "unchanged since"
        self.stdout.write(
            f"checkpoint {checkpoint.number} {said}: {checkpoint.event_count} events, "
            f"last #{checkpoint.last_event_id if checkpoint.last_event_id is not None else '-'}, "
            f"hash {checkpoint.head_hash}"
        )

    def _verify(self, against: Path | None) -> None:
        published: list[Stated] = []
        file_problems: list[str] = []
        try:
            if against is not None:
                published, file_problems = read_file(against)
            report = check_log(published)
        except CheckpointFileError as error:
            self.stderr.write(f"audit log not checked: {error}")
            sys.exit(CANNOT_CHECK)
        except SignatureUnavailable as error:
            self.stderr.write(
                f"audit log not checked: the signing key could not be read to check checkpoints ({error})"
            )
            sys.exit(CANNOT_CHECK)
        problems = file_problems + report.checkpoint_problems
        if report.broken is not None:
            self.stderr.write(
                f"audit log broken at event {report.broken.event_id}: {report.broken.reason} "
                f"({report.checked} events before it are intact)"
            )
            for problem in problems:
                self.stderr.write(f"checkpoint problem: {problem}")
            sys.exit(BROKEN)
        self.stdout.write(f"audit log intact: {report.checked} events checked")
        for line in _details(report):
            self.stdout.write(line)
        if problems:
            for problem in problems:
                self.stderr.write(f"checkpoint problem: {problem}")
            sys.exit(CHECKPOINT_DAMAGED)


def _details(report: Report) -> list[str]:
    lines = []
    if report.checkpoints:
        lines.append(
            f"matches {report.checkpoints} signed checkpoint{'' if report.checkpoints == 1 else 's'}, the last "
            f"covering events up to #{report.anchored_to}; {report.unanchored} events since are not yet in a checkpoint"
        )
    elif report.checked:
        lines.append(
            "no signed checkpoint yet: a rewrite of the whole log could not be seen (run `citycert audit checkpoint`)"
        )
    if report.first_format:
        lines.append(
            f"{report.first_format} events are in chain format 1 (written before every field was hashed: their hash "
            "does not cover the actor's account id)"
        )
    return lines
