"""Two workers keep the same schedule, with periods of two seconds: each periodic job runs once for each of its
slots (never twice, whichever worker finds it due first), every run ends done, and no run of a job overlaps the
one before it. `citycert jobs` lists the runs under their schedule names, with both workers alive."""

from __future__ import annotations

import sqlite3
import time
from itertools import pairwise
from pathlib import Path
from typing import Any

import pytest

from tests.operations.processes import child_env, citycert, copy_data_dir, wait_for, worker_process

pytestmark = pytest.mark.slow

TASKS = {
    "indicator-fetches": "citycert.indicators.tasks.fetch_due_imports",
    "projections": "citycert.indicators.tasks.project_and_alert",
    "reminders": "citycert.certification.tasks.send_due_reminders",
}


def test_each_periodic_run_happens_once(installed_story: tuple[Path, dict[str, Any]], tmp_path: Path) -> None:
    template, _ids = installed_story
    data = copy_data_dir(template, tmp_path / "data")
    env = child_env(
        data,
        CITYCERT_WORKER_HEARTBEAT_SECONDS="0.2",
        CITYCERT_SCHEDULE="indicator-fetches=2,projections=2,reminders=2",
    )
    database = data / "citycert.sqlite3"

    def slots(job: str) -> int:
        with sqlite3.connect(database) as db:
            return int(db.execute("SELECT count(*) FROM operations_scheduledrun WHERE job = ?", [job]).fetchone()[0])

    with worker_process(env), worker_process(env):
        wait_for(lambda: all(slots(job) >= 4 for job in TASKS), "four slots of each job", timeout=90)
        time.sleep(1)  # the last runs finish

    with sqlite3.connect(database) as db:
        for job, path in TASKS.items():
            runs = db.execute(
                "SELECT r.slot, t.status, t.worker_ids, t.started_at, t.finished_at FROM operations_scheduledrun r "
                "JOIN django_tasks_database_dbtaskresult t ON t.id = replace(r.task_id, '-', '') WHERE r.job = ? "
                "ORDER BY r.slot",
                [job],
            ).fetchall()
            queued = db.execute("SELECT count(*) FROM django_tasks_database_dbtaskresult WHERE task_path = ?", [path])
            assert queued.fetchone()[0] == len(runs) == slots(job) >= 4, job  # one job per slot, none twice
            assert len({slot for slot, *_ in runs}) == len(runs)
            # Each ran once and ended done, but for a last one the stopping workers may have left queued.
            statuses = [status for _, status, *_ in runs]
            assert set(statuses[:-1]) == {"SUCCESSFUL"} and statuses[-1] in ("SUCCESSFUL", "READY"), (job, statuses)
            ran = [run for run in runs if run[1] == "SUCCESSFUL"]
            assert all(worker_ids.count('"') == 2 for _, _, worker_ids, *_ in ran)
            for (_, _, _, _, finished), (_, _, _, started, _) in pairwise(ran):
                assert finished <= started, f"{job}: a run began before the one before it finished"
        workers = db.execute("SELECT count(*) FROM operations_workerheartbeat").fetchone()[0]
        assert workers == 2

    listed = citycert("jobs", "--limit", "100", env=env).stdout
    assert listed.count(": stopped, seen") == 2  # both workers, stopped at the block's end
    for job in TASKS:
        done = sum(1 for line in listed.splitlines() if f" {job} " in line and " done " in line)
        assert slots(job) - 1 <= done <= slots(job)
