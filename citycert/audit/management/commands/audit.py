"""`citycert audit verify`: check that the audit log has not been edited or cut."""

from __future__ import annotations

import sys
from argparse import ArgumentParser
from typing import Any

from django.core.management.base import BaseCommand

from citycert.audit.log import verify


class Command(BaseCommand):
    help = "Verify the hash chain of the audit log; exit 1 naming the first broken event."

    def add_arguments(self, parser: ArgumentParser) -> None:
        actions = parser.add_subparsers(dest="action", required=True, metavar="ACTION")
        actions.add_parser(
            "verify",
            help="check every event against its hash and the event before, and the end of the log against its head",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        checked, broken = verify()
        if broken is None:
            self.stdout.write(f"audit log intact: {checked} events checked")
            return
        self.stderr.write(
            f"audit log broken at event {broken.event_id}: {broken.reason} ({checked} events before it are intact)"
        )
        sys.exit(1)
