"""`citycert demo`: make sure the demo data is loaded, then say where to look and how to log in."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from citycert.library.management.commands._common import require_library
from citycert.library.store import import_bundled, latest_versions


class Command(BaseCommand):
    help = "Load the bundled frameworks (and demo data) and print the demo address and logins."

    def handle(self, *args: Any, **options: Any) -> None:
        require_library(self.stderr)
        import_bundled()
        lines = [
            "",
            "citycert demo: http://127.0.0.1:8000/",
            "",
            "Frameworks:",
            *[f"  {stored.key:<24} {stored.name_ko} / {stored.name_en}" for stored in latest_versions()],
            "",
            "Demo logins: none yet (accounts arrive with the self-assessment pages).",
            "Try the command line too: .venv/bin/citycert frameworks list",
            "",
        ]
        self.stdout.write("\n".join(lines))
