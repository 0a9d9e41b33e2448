"""`citycert worker`: run the queued background jobs and keep the schedule of periodic ones.

django-tasks' database worker (its options: --batch, --max-tasks, --queue-name, --interval, --worker-id), with a
heartbeat beside it that also recovers the jobs of dead workers and enqueues the periodic jobs when due. Any
number of workers may run, on any machines sharing the database.
"""

from __future__ import annotations

from argparse import ArgumentParser
from typing import Any

from django_tasks_db.management.commands.db_worker import Command as DatabaseWorkerCommand

from citycert.operations.jobs import Keeper
from citycert.operations.schedule import periodic_jobs


class Command(DatabaseWorkerCommand):
    help = "Run the background jobs (PDF archives, emails, imports' follow-ups) and the schedule of periodic jobs."

    def add_arguments(self, parser: ArgumentParser) -> None:
        super().add_arguments(parser)
        # Reloading on code changes would stop a job half-way; never by default, even with DEBUG on.
        parser.set_defaults(reload=False)
        parser.add_argument("--no-schedule", action="store_true", help="run jobs only; do not start periodic ones")

    def handle(self, *args: Any, **options: Any) -> None:
        keep_schedule = not options.pop("no_schedule")
        if keep_schedule:
            periodic_jobs()  # a mistaken CITYCERT_SCHEDULE stops the worker here, saying what is wrong
        keeper = Keeper(options["worker_id"], schedule=keep_schedule)
        keeper.start()
        try:
            super().handle(*args, **options)
        finally:
            keeper.stop()
