"""Someone who can write the database rewrites one event's `after`, then recomputes every later hash and the
chain head, as issue 16 found possible. The chain alone then holds; the checkpoints signed and published
before the rewrite no longer match, and `citycert audit verify` names where the rewrite can have begun, also
against a copy of the published checkpoints when the database's own were deleted."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.test import Client

from citycert.audit.checkpoints import make_checkpoint
from citycert.audit.log import record
from citycert.audit.models import AuditCheckpoint
from tests.audit.checking import check, event_ids, rewrite_and_rehash
from tests.people import People
from tests.support import run


def more_events(count: int) -> None:
    for n in range(count):
        record(None, "maintenance.note", "system", str(n), after={"note": f"note {n}"})


def test_without_a_checkpoint_the_rewrite_passes_as_the_issue_found(people: People) -> None:
    ids = event_ids()
    rewrite_and_rehash(ids[len(ids) // 2], after={"state": "approved"})
    result = check()
    assert result.broken is None
    assert "no signed checkpoint yet" in result.ran.out


def test_the_rewrite_fails_against_the_checkpoints_signed_before_it(people: People) -> None:
    first, _ = make_checkpoint()
    more_events(5)
    second, _ = make_checkpoint()
    ids = event_ids()
    assert check().broken is None
    target = ids[-3]  # after the first checkpoint, before the second
    rewrite_and_rehash(target, after={"state": "approved"})
    result = check()
    assert result.broken is not None
    # The first event after the last checkpoint that still matches: the rewrite began there or later.
    first_after = ids[ids.index(first.last_event_id or 0) + 1]
    assert first_after <= target and result.broken.event_id == first_after
    assert f"the log no longer matches checkpoint {second.number}" in result.broken.reason
    assert f"events from #{first_after} to #{second.last_event_id} were rewritten" in result.broken.reason
    assert result.ran.code == 1
    assert result.ran.err.startswith(f"audit log broken at event {first_after}: the log no longer matches checkpoint")


def test_a_rewrite_of_the_whole_log_fails_against_its_first_checkpoint(people: People) -> None:
    make_checkpoint()
    ids = event_ids()
    rewrite_and_rehash(ids[0], actor_name="certifier")
    result = check()
    assert result.broken is not None and result.broken.event_id == ids[0]
    assert "the log no longer matches checkpoint 1" in result.broken.reason


def test_deleting_the_checkpoints_too_is_caught_by_the_copy_kept_from_open_data(
    client: Client, people: People, tmp_path: Path
) -> None:
    make_checkpoint()
    more_events(3)
    make_checkpoint()
    kept = tmp_path / "citycert-audit-checkpoints.csv"
    answer = client.get("/open-data/audit-checkpoints.csv")
    assert answer.status_code == 200
    kept.write_bytes(b"".join(answer.streaming_content))  # type: ignore[attr-defined]
    assert run("audit", "verify", "--against", str(kept)).code == 0

    ids = event_ids()
    rewrite_and_rehash(ids[-2], after={"note": "forged"})
    AuditCheckpoint.objects.all()._raw_delete(AuditCheckpoint.objects.db)  # as a database client would
    assert run("audit", "verify").code == 0  # nothing in the database contradicts the forgery any more
    ran = run("audit", "verify", "--against", str(kept))
    assert ran.code == 1 and ran.out == ""
    lines = ran.err.splitlines()
    assert lines[0].startswith(f"audit log broken at event {ids[-3]}: the log no longer matches checkpoint 2")
    assert lines[0].endswith(f"({len(ids) - 3} events before it are intact)")
    assert "checkpoint problem: checkpoint 1 (from the file) is missing here: deleted from the database" in lines


@pytest.mark.parametrize("form", ["json", "parquet"])
def test_the_json_lines_and_parquet_copies_serve_as_well(
    client: Client, people: People, tmp_path: Path, form: str
) -> None:
    make_checkpoint()
    kept = tmp_path / f"checkpoints.{form}"
    kept.write_bytes(b"".join(client.get(f"/open-data/audit-checkpoints.{form}").streaming_content))  # type: ignore[attr-defined]
    assert run("audit", "verify", "--against", str(kept)).code == 0
    rewrite_and_rehash(event_ids()[1], after={"state": "approved"})
    AuditCheckpoint.objects.all()._raw_delete(AuditCheckpoint.objects.db)
    assert run("audit", "verify", "--against", str(kept)).code == 1
