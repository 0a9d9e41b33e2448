"""The certifier asks for a round's PDFs; the worker building them is killed (SIGKILL) half-way, its first PDF
written. The page says the archive is being built; a new worker finds the job's worker silent, runs it again and
the ZIP is complete. Where a job may run only once (CITYCERT_JOB_ATTEMPTS=1), the new worker fails it instead,
and the page says it failed and why, and stops asking; `citycert jobs` lists the outcome either way."""

from __future__ import annotations

import sqlite3
import zipfile
from pathlib import Path
from typing import Any

import pytest

from tests.operations.processes import (
    child,
    child_env,
    citycert,
    copy_data_dir,
    kill_at_marker,
    wait_for,
    worker_process,
)

pytestmark = pytest.mark.slow

FAST_HEARTBEAT = {"CITYCERT_WORKER_HEARTBEAT_SECONDS": "0.5"}  # a silent worker is dead after 1.5 s


def archive_state(data: Path) -> tuple[str, int, int, str]:
    with sqlite3.connect(data / "citycert.sqlite3") as database:
        row = database.execute("SELECT state, done, total, error FROM certification_roundarchive").fetchone()
    return tuple(row) if row else ("", 0, 0, "")


def killed_mid_archive(
    installed_story: tuple[Path, dict[str, Any]], data: Path, **extra: str
) -> tuple[dict[str, str], str]:
    template, ids = installed_story
    env = child_env(copy_data_dir(template, data), **FAST_HEARTBEAT, **extra)
    child("decide", str(ids["application"]), "no", env=env)
    page = child("ask-archive", str(ids["application"]), env=env)["page"]
    assert archive_state(data)[0] == "queued"

    kill_at_marker("worker", "yes", env=env, marker=data.parent / "marker")

    assert archive_state(data)[0] == "running"
    assert "만드는 중" in child("archive-page", page, env=env)["part"]  # being built, as far as anyone can tell
    return env, page


def test_a_new_worker_builds_the_archive_again(installed_story: tuple[Path, dict[str, Any]], tmp_path: Path) -> None:
    data = tmp_path / "data"
    env, page = killed_mid_archive(installed_story, data)

    with worker_process(env):
        wait_for(lambda: archive_state(data)[0] == "done", "the archive to be built again")

    part = child("archive-page", page, env=env)["part"]
    assert "준비됨" in part and "신청 1건 중 1건" in part and "hx-trigger" not in part
    [zip_file] = (data / "files" / "archives").glob("*.zip")
    with zipfile.ZipFile(zip_file) as archive:
        names = sorted(archive.namelist())
    assert names[0].startswith("certificates/BSI-ISO37106-") and names[1].startswith("reports/")
    listed = citycert("jobs", env=env).stdout
    [line] = [line for line in listed.splitlines() if "build_archive" in line]
    assert " done " in line and line.split()[-1] == "2"  # two runs: the killed one and this one


def test_with_one_attempt_the_job_fails_and_the_page_says_why(
    installed_story: tuple[Path, dict[str, Any]], tmp_path: Path
) -> None:
    data = tmp_path / "data"
    env, page = killed_mid_archive(installed_story, data, CITYCERT_JOB_ATTEMPTS="1")

    with worker_process(env):
        wait_for(lambda: child("archive-page", page, env=env)["part"].count("실패"), "the page to say it failed")

    state, _done, _total, error = archive_state(data)
    assert state == "failed" and error.startswith("WorkerLost: the worker running it")
    part = child("archive-page", page, env=env)["part"]
    assert "WorkerLost: the worker running it" in part and "stopped before it finished" in part
    assert "hx-trigger" not in part  # the page stops asking
    listed = citycert("jobs", "--failed", env=env).stdout
    [line] = [line for line in listed.splitlines() if "build_archive" in line]
    assert " failed " in line and "WorkerLost: the worker running it" in line
