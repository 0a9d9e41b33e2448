"""`citycert demo`: load the demo data, then say where to look and how to log in."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from citycert.demo.load import ACCOUNTS, DEMO_PASSWORD, load_demo
from citycert.library.management.commands._common import require_library
from citycert.library.store import latest_versions


class Command(BaseCommand):
    help = "Load the demo (cities, accounts, results, rounds, indicator series); print its address and logins."

    def handle(self, *args: Any, **options: Any) -> None:
        require_library(self.stderr)
        said = load_demo()
        lines = [
            "",
            "citycert demo: http://127.0.0.1:8000/   (log in at http://127.0.0.1:8000/accounts/login/)",
            "",
            *[f"  {line}" for line in said],
            "",
            "Indicators (log in as certifier):",
            "  /certification/monitoring/   every certificate valid today, its next review projected",
            "  /indicators/11200/           성동구: smart shelters; drifts below its bar in the latest year",
            "  /indicators/11530/           구로구: safety sensors and dust stations, monthly",
            "  /indicators/27290/           달서구: programmes won, funding, digital-literacy courses",
            "",
            "Frameworks:",
            *[f"  {stored.key:<24} {stored.name_ko} / {stored.name_en}" for stored in latest_versions()],
            "",
            f"Demo logins (password for all: {DEMO_PASSWORD}):",
            *[
                f"  {username:<16} {role}{' of ' + ', '.join(codes) if codes else ''}"
                for username, role, codes in ACCOUNTS
            ],
            "",
        ]
        self.stdout.write("\n".join(lines))
