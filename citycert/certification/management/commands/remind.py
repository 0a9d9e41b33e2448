"""`citycert remind`: email reminders of surveillance audits and extension deadlines coming due."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from citycert.certification.reminders import send_reminders


class Command(BaseCommand):
    help = "Send each reminder of a surveillance audit or extension deadline due soon, once. The worker does it daily."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--today", help="the day to act as today, YYYY-MM-DD (default: today)")
        parser.add_argument("--within", type=int, default=30, help="days ahead to remind (default 30)")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            today = date.fromisoformat(options["today"]) if options["today"] else timezone.localdate()
        except ValueError:
            raise CommandError(f"--today: not a date as YYYY-MM-DD: {options['today']!r}") from None
        if options["within"] < 0:
            raise CommandError("--within: give zero or more days")
        sent = send_reminders(today, within_days=options["within"])
        for item in sent:
            due = item.due
            to = ", ".join(item.recipients) or "nobody with an email address"
            self.stdout.write(f"{due.certificate.number} {due.schedule_id} due {due.due_on}: reminded {to}")
        self.stdout.write(f"{len(sent)} reminder(s) sent")
