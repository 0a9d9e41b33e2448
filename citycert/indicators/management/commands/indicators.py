"""`citycert indicators`: import a file of values, fetch the scheduled imports that are due, or project every
certified city's next review again."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from citycert.indicators.alerts import commit_and_alert, watch
from citycert.indicators.importing.planning import plan_import
from citycert.indicators.importing.reading import ImportRefused
from citycert.indicators.schedules import due, fetch


class Command(BaseCommand):
    help = (
        "import FILE --as USER [--keep-good-rows] [--dry-run]: exit 0 imported, 1 rows rejected (nothing saved "
        "unless --keep-good-rows), 2 the file refused; fetch: run the scheduled imports that are due; project: "
        "project every certified city's next review again."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        actions = parser.add_subparsers(dest="action", required=True)
        given = actions.add_parser("import", help="import a CSV or XLSX file of values in the long format")
        given.add_argument("file", type=Path)
        given.add_argument("--as", dest="username", required=True, help="whose rights the import has")
        given.add_argument("--keep-good-rows", action="store_true", help="import the good rows despite rejected ones")
        given.add_argument("--dry-run", action="store_true", help="say what would change; save nothing")
        actions.add_parser(
            "fetch", help="fetch and import the scheduled files that are due (the worker does it every hour)"
        )
        actions.add_parser(
            "project",
            help="project every certified city's next review again and raise alerts (the worker does it daily)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        today = timezone.localdate()
        if options["action"] == "project":
            projections, alerts = watch(today)
            self.stdout.write(f"{len(projections)} certificates projected; {len(alerts)} new alerts")
            return
        if options["action"] == "fetch":
            schedules = due(timezone.now())
            for schedule in schedules:
                fetch(schedule, timezone.now())
                self.stdout.write(f"{schedule.city.code} {schedule.url}: {schedule.last_outcome}")
            self.stdout.write(f"{len(schedules)} scheduled imports run")
            return
        self._import(options["file"], options["username"], options["keep_good_rows"], options["dry_run"])

    def _import(self, path: Path, username: str, keep: bool, dry_run: bool) -> None:
        user = get_user_model().objects.filter(username=username, is_active=True).first()
        if user is None:
            raise CommandError(f"no active user {username!r}")
        try:
            data = path.read_bytes()
            plan = plan_import(path.name, data, user, timezone.localdate())
        except OSError as error:
            raise CommandError(f"{path}: {error.strerror}") from None
        except ImportRefused as refused:
            self.stderr.write(f"{path}: {refused}")
            raise SystemExit(2) from None
        for rejected in plan.rejected:
            self.stdout.write(f"{path}:{rejected.line}: {rejected.field or 'row'}: {rejected.reason}")
        self.stdout.write(
            f"{path}: {plan.rows} rows: {len(plan.added)} to add, {len(plan.changed)} to change, "
            f"{plan.unchanged} unchanged, {len(plan.rejected)} rejected"
        )
        if dry_run:
            return
        if plan.rejected and not keep:
            self.stdout.write("nothing imported: fix the rows above, or give --keep-good-rows")
            raise SystemExit(1)
        run, alerts = commit_and_alert(plan, user, keep_good_rows=keep, today=timezone.localdate())
        self.stdout.write(f"imported as run {run.pk}: {run.added} added, {run.changed} changed; {len(alerts)} alerts")
