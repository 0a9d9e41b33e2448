"""`citycert frameworks list|show|validate|import|schedule`: the framework library from the shell."""

from __future__ import annotations

import json
from argparse import ArgumentParser
from datetime import date
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand

from citycert.frameworks.describe import framework_summary
from citycert.frameworks.loader import bundled_paths, load_files
from citycert.frameworks.located_yaml import InvalidFile
from citycert.frameworks.schema import Framework
from citycert.library.management.commands._common import INVALID, USAGE, fail, require_library, resolve_framework
from citycert.library.models import FrameworkVersion
from citycert.library.store import ImportRefused, import_paths
from citycert.scoring.schedule import certificate_schedule


class Command(BaseCommand):
    help = "List, show, validate and import smart-city frameworks."

    def add_arguments(self, parser: ArgumentParser) -> None:
        actions = parser.add_subparsers(dest="action", required=True, metavar="ACTION")
        listing = actions.add_parser("list", help="stored frameworks, every version")
        listing.add_argument("--json", action="store_true", help="print JSON")
        show = actions.add_parser("show", help="one framework (ID, ID@VERSION or a file) with its nodes")
        show.add_argument("framework")
        show.add_argument("--json", action="store_true", help="print JSON")
        validate = actions.add_parser("validate", help="check framework and crosswalk files; exit 1 on problems")
        validate.add_argument("paths", nargs="+", type=Path)
        importing = actions.add_parser("import", help="store framework or crosswalk files (idempotent)")
        importing.add_argument("paths", nargs="+", type=Path)
        schedule = actions.add_parser("schedule", help="certificate dates for an issue date")
        schedule.add_argument("framework")
        schedule.add_argument("--issued", required=True, type=date.fromisoformat, help="YYYY-MM-DD")
        schedule.add_argument("--json", action="store_true", help="print JSON")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["action"] != "validate":
            require_library(self.stderr)
        getattr(self, "_" + options["action"])(options)

    def _list(self, options: dict[str, Any]) -> None:
        rows: list[dict[str, Any]] = [
            {
                "id": stored.framework_id,
                "version": stored.version,
                "name": {"ko": stored.name_ko, "en": stored.name_en},
                "bundled": stored.bundled,
                "imported_at": stored.imported_at.isoformat(),
            }
            for stored in FrameworkVersion.objects.order_by("framework_id", "version")
        ]
        if options["json"]:
            self.stdout.write(json.dumps(rows, ensure_ascii=False, indent=2))
            return
        for row in rows:
            self.stdout.write(f"{row['id']}@{row['version']}\t{row['name']['ko']}\t{row['name']['en']}")

    def _show(self, options: dict[str, Any]) -> None:
        summary = framework_summary(resolve_framework(options["framework"], self.stderr))
        if options["json"]:
            self.stdout.write(json.dumps(summary, ensure_ascii=False, indent=2))
            return
        self.stdout.write(f"{summary['key']}  {summary['name']['ko']} / {summary['name']['en']}")
        for node in summary["nodes"]:
            allowed = _allowed(node)
            indent = "  " * node["depth"]
            self.stdout.write(f"{indent}{node['id']}  {node['name']['ko']} / {node['name']['en']}{allowed}")

    def _validate(self, options: dict[str, Any]) -> None:
        # Validation needs no database; crosswalks may refer to the bundled library or to files given here.
        try:
            bundled = load_files(bundled_paths())
        except InvalidFile:
            bundled = []
        known = {entry.document.key: entry.document for entry in bundled if isinstance(entry.document, Framework)}
        try:
            loaded = load_files(options["paths"], known=known)
        except InvalidFile as error:
            fail(self.stderr, [str(problem) for problem in error.problems], INVALID)
        for entry in loaded:
            key = f"{entry.document.id}@{entry.document.version}"
            self.stdout.write(f"{entry.file}: valid ({key})")

    def _import(self, options: dict[str, Any]) -> None:
        try:
            outcomes = import_paths(options["paths"])
        except InvalidFile as error:
            fail(self.stderr, [str(problem) for problem in error.problems], INVALID)
        except ImportRefused as error:
            fail(self.stderr, str(error), USAGE)
        for outcome in outcomes:
            state = "added" if outcome.added else "unchanged (already stored)"
            self.stdout.write(f"{outcome.kind} {outcome.key}: {state}")

    def _schedule(self, options: dict[str, Any]) -> None:
        framework = resolve_framework(options["framework"], self.stderr)
        schedule = certificate_schedule(framework, options["issued"])
        if schedule is None:
            fail(self.stderr, f"citycert: {framework.key} has no certificate rules")
        data = {
            "framework": framework.key,
            "issued": schedule.issued.isoformat(),
            "expires": schedule.expires.isoformat(),
            "surveillance": [{"id": audit, "due": due.isoformat()} for audit, due in schedule.surveillance],
            "extension_deadline": schedule.extension_deadline.isoformat() if schedule.extension_deadline else None,
        }
        if options["json"]:
            self.stdout.write(json.dumps(data, indent=2))
            return
        for key, value in data.items():
            self.stdout.write(f"{key}: {value}")


def _allowed(node: dict[str, Any]) -> str:
    if "levels" in node:
        values = [level["value"] for level in node["levels"]]
        return f"  [levels {values[0]}-{values[-1]}]"
    if node["type"] == "quantitative":
        low = "" if node["min"] is None else node["min"]
        high = "" if node["max"] is None else node["max"]
        unit = node["unit"]["en"] if node.get("unit") else ""
        return f"  [{low}..{high} {unit}]"
    if node["type"] == "boolean":
        return "  [yes/no]"
    return ""
