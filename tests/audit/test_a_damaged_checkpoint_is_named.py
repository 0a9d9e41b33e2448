"""Someone who can write the database but not sign goes after the checkpoints themselves: edits one, deletes
one in the middle, forges one. `citycert audit verify` says the events hold but names each damaged checkpoint
and exits 3; a file that is not a file of checkpoints exits 2, naming it."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from citycert.audit.checkpoints import make_checkpoint, statement
from citycert.audit.log import record
from citycert.audit.models import AuditCheckpoint
from citycert.signing import sign
from tests.people import People
from tests.support import run


def three_checkpoints() -> list[AuditCheckpoint]:
    for n in range(3):
        record(None, "maintenance.note", "system", str(n))
        make_checkpoint()
    return list(AuditCheckpoint.objects.order_by("number"))


def test_an_edited_statement_is_named(people: People) -> None:
    second = three_checkpoints()[1]
    forged = second.signed.replace(f"events: {second.event_count}", f"events: {second.event_count + 1}")
    AuditCheckpoint.objects.filter(pk=second.pk).update(signed=forged)
    ran = run("audit", "verify")
    assert ran.code == 3 and ran.out.startswith("audit log intact: ")
    assert ran.err == (
        "checkpoint problem: checkpoint 2: its signature does not hold: the checkpoint was altered or was not signed "
        "with this body's key\n"
    )


def test_edited_listed_figures_are_named(people: People) -> None:
    second = three_checkpoints()[1]
    AuditCheckpoint.objects.filter(pk=second.pk).update(event_count=1)
    ran = run("audit", "verify")
    assert ran.code == 3
    assert "checkpoint 2: its listed figures differ from what it signs: the row was edited" in ran.err


def test_a_checkpoint_deleted_in_the_middle_is_named(people: People) -> None:
    second = three_checkpoints()[1]
    AuditCheckpoint.objects.filter(pk=second.pk)._raw_delete(AuditCheckpoint.objects.db)
    ran = run("audit", "verify")
    assert ran.code == 3 and ran.err == "checkpoint problem: checkpoint 2 is missing here: deleted from the database\n"


def test_a_statement_signed_with_another_key_is_named(people: People, tmp_path: Path, settings: Any) -> None:
    three_checkpoints()
    original = settings.SIGNING_KEY_FILE
    settings.SIGNING_KEY_FILE = tmp_path / "other.pem"  # a key of the forger's own
    head = AuditCheckpoint.objects.order_by("-number").first()
    assert head is not None
    text = statement(4, head.made_at, head.event_count, head.last_event_id, head.head_hash)
    signed = sign("AUDIT-CHECKPOINT-4", text.encode()).decode()
    settings.SIGNING_KEY_FILE = original
    AuditCheckpoint(
        number=4,
        made_at=head.made_at,
        event_count=head.event_count,
        last_event_id=head.last_event_id,
        head_hash=head.head_hash,
        signed=signed,
    ).save()
    ran = run("audit", "verify")
    assert ran.code == 3 and "checkpoint 4: its signature does not hold" in ran.err


def test_a_file_that_is_not_checkpoints_cannot_be_checked(people: People, tmp_path: Path) -> None:
    other = tmp_path / "results.csv"
    other.write_text("city_code,value\n11650,3\n", encoding="utf-8")
    ran = run("audit", "verify", "--against", str(other))
    assert ran.code == 2 and ran.out == ""
    assert ran.err.startswith(f"audit log not checked: {other}: not a file of audit checkpoints")
    missing = run("audit", "verify", "--against", str(tmp_path / "nowhere.csv"))
    assert (
        missing.code == 2
        and missing.err == f"audit log not checked: {tmp_path / 'nowhere.csv'}: No such file or directory\n"
    )
