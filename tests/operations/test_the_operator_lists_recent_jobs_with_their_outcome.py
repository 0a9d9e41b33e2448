"""The operator runs `citycert jobs`: the workers with their last heartbeat, then the recent jobs, newest first,
each with its outcome (queued, done, failed with the reason), how long it took and how many runs it had;
periodic runs under their schedule's name. `--failed` keeps the failures."""

from __future__ import annotations

from datetime import timedelta
from io import StringIO
from typing import Any

from django.core.management import call_command
from django.utils import timezone

from citycert.operations.jobs import beat, last_worker_heartbeat
from citycert.operations.mail import queue_email
from citycert.operations.schedule import enqueue_due
from citycert.reports import round_archive
from tests.certification.story import round_in_review
from tests.people import People
from tests.support import run_queued_jobs


def jobs(*args: str) -> list[str]:
    out = StringIO()
    call_command("jobs", *args, stdout=out)
    return out.getvalue().splitlines()


def test_no_worker_yet_is_said_plainly(db: Any) -> None:
    assert last_worker_heartbeat() is None
    assert jobs() == [
        "workers: none has run (start one with `citycert worker`)",
        "enqueued             job                               outcome       took  runs  reason",
        "no jobs yet",
    ]


def test_each_job_with_its_outcome(people: People, settings: Any) -> None:
    story = round_in_review(people)
    settings.MEDIA_ROOT.mkdir(parents=True, exist_ok=True)
    (settings.MEDIA_ROOT / "archives").write_text("a file where the folder should be")
    round_archive.start(story.round, people.certifier)
    # hourly fetches; daily projections, reminders, notifications, pruning, snapshots
    assert len(enqueue_due(timezone.now())) == 6
    assert run_queued_jobs() == 7
    queue_email("[citycert] 안내", "본문", ["smart@seocho.go.kr"])
    beat("worker-a", timezone.now() - timedelta(minutes=5))
    assert last_worker_heartbeat() is not None

    listed = jobs()
    assert listed[0].startswith("worker worker-a on ") and ": alive, seen " in listed[0]
    rows = {line[21:53].strip(): line[53:] for line in listed[2:]}
    assert list(rows) == [
        "send_email",
        "open-data-snapshots",
        "job-pruning",
        "notifications",
        "reminders",
        "projections",
        "indicator-fetches",
        "build_archive",
    ]
    assert rows["send_email"].split() == ["queued", "-", "0"]
    for periodic in (
        "open-data-snapshots",
        "job-pruning",
        "notifications",
        "reminders",
        "projections",
        "indicator-fetches",
    ):
        outcome, took, runs = rows[periodic].split()
        assert (outcome, runs) == ("done", "1") and took.endswith("s")
    outcome, _took, runs, *reason = rows["build_archive"].split()
    assert (outcome, runs) == ("failed", "1")
    assert " ".join(reason).startswith("FileExistsError:")

    failed = jobs("--failed")
    assert len(failed) == 3 and "build_archive" in failed[2] and "FileExistsError" in failed[2]
