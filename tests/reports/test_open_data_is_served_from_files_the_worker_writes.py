"""A researcher downloads the open data: the first download is assembled on the spot and queues a snapshot; once
the worker has written it, the same download is that file, byte for byte the same. A new decision changes the
data, so the stale file is never served: the next download holds the new city at once, and the worker writes the
snapshot again."""

from __future__ import annotations

from typing import Any

from django.http import FileResponse
from django.test import Client

from citycert.certification.choices import Outcome
from citycert.reports.open_data import FORMATS
from citycert.reports.open_data_columns import DATASETS
from tests.certification.story import DECISION_DAY, decide, item_ids
from tests.people import People
from tests.reports.test_open_data_holds_only_what_was_decided import decided
from tests.support import run_queued_jobs


def body(answer: Any) -> bytes:
    return b"".join(answer.streaming_content)


def test_downloads_come_from_the_snapshot_until_the_data_change(client: Client, people: People, settings: Any) -> None:
    story = decided(people)
    first = client.get("/open-data/results.csv")
    assert not isinstance(first, FileResponse)  # assembled now: no snapshot yet
    text = body(first)
    assert run_queued_jobs() == 1
    assert len(list((settings.MEDIA_ROOT / "open-data").rglob("*.*"))) == len(DATASETS) * len(FORMATS)

    again = client.get("/open-data/results.csv")
    assert isinstance(again, FileResponse) and body(again) == text
    assert again["Content-Disposition"].startswith('attachment; filename="citycert-results-')
    parquet = client.get("/open-data/certificates.parquet")
    assert isinstance(parquet, FileResponse) and body(parquet).startswith(b"PAR1")
    assert run_queued_jobs() == 0  # nothing more to build

    decide(story.hanam, Outcome.NOT_CERTIFIED, "미충족", DECISION_DAY)
    changed = client.get("/open-data/results.csv")
    assert not isinstance(changed, FileResponse)
    now = body(changed).decode()
    assert people.hanam.code in now and now.count("\n") == 1 + 2 * len(item_ids())
    assert run_queued_jobs() == 1
    assert isinstance(client.get("/open-data/results.csv"), FileResponse)
