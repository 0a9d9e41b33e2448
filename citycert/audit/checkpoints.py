"""Signed checkpoints of the audit chain: where it stood, signed with the body's key and published.

Whoever can write the database can rewrite an event and re-hash every event after it and the chain head;
the chain alone then still holds. A checkpoint is a short statement signed with the certificate signing key
(a deploy secret, never in the database), listed on a public page and in open data:

    citycert audit checkpoint v1
    checkpoint: 12
    made-at: 2026-12-06T05:10:00+00:00
    events: 723
    last-event: 723
    head: <the hash of event 723>

signed as `citycert.signing.sign("AUDIT-CHECKPOINT-12", statement)` does (the signature
line follows the statement). A rewritten log no longer matches the checkpoints signed before the rewrite,
and nobody without the key can sign new ones; copies kept outside (the open-data file) also show a
checkpoint deleted or replaced in the database. A checkpoint is signed only over a chain that holds.
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Iterable, Sequence
from datetime import datetime
from pathlib import Path

from django.db import transaction
from django.utils import timezone

from citycert.audit.chain import GENESIS
from citycert.audit.log import Report, Stated, locked_head, walk
from citycert.audit.models import AuditCheckpoint
from citycert.signing import check, sign

HEADER = "citycert audit checkpoint v1"
STATEMENT = re.compile(
    r"\A" + re.escape(HEADER) + r"\n"
    r"checkpoint: (?P<number>[1-9][0-9]{0,9})\n"
    r"made-at: (?P<made_at>[0-9T:+-]{25})\n"
    r"events: (?P<events>0|[1-9][0-9]{0,18})\n"
    r"last-event: (?P<last>-|[1-9][0-9]{0,18})\n"
    r"head: (?P<head>[0-9a-f]{64})\n\Z"
)
SIGNATURE_PREFIX = "AUDIT-CHECKPOINT-"


class CheckpointRefused(Exception):
    """No checkpoint was signed, and the message says why (the chain does not hold)."""


class CheckpointFileError(Exception):
    """A file of checkpoints could not be read at all; the message names it and says why."""


class SignatureUnavailable(Exception):
    """The signing key could not be read, so no signature could be checked."""


def statement(number: int, made_at: datetime, events: int, last_event_id: int | None, head: str) -> str:
    """The text a checkpoint signs."""
    return (
        f"{HEADER}\ncheckpoint: {number}\nmade-at: {made_at.isoformat(timespec='seconds')}\n"
        f"events: {events}\nlast-event: {last_event_id if last_event_id is not None else '-'}\nhead: {head}\n"
    )


def read_signed(signed: str) -> Stated | str:
    """What a signed checkpoint states, or why it cannot be trusted (a sentence)."""
    try:
        data = signed.encode("ascii")
    except UnicodeEncodeError:
        return "it is not a checkpoint citycert signed (not ASCII text)"
    try:
        checked = check(data)
    except Exception as error:  # the key could not be read: nothing can be said about any signature
        raise SignatureUnavailable(str(error)) from error
    if not checked.genuine or checked.number is None:
        return "its signature does not hold: the checkpoint was altered or was not signed with this body's key"
    body = data[: data.rindex(b"\n%citycert-signature:") + 1].decode("ascii")
    found = STATEMENT.match(body)
    if found is None or checked.number != f"{SIGNATURE_PREFIX}{found['number']}":
        return "its signature holds but what it signs is not an audit checkpoint"
    return Stated(
        number=int(found["number"]),
        made_at=found["made_at"],
        event_count=int(found["events"]),
        last_event_id=None if found["last"] == "-" else int(found["last"]),
        head_hash=found["head"],
    )


def make_checkpoint() -> tuple[AuditCheckpoint, bool]:
    """Sign where the chain stands now; returns the checkpoint and whether it is new (an unchanged chain keeps
    its latest one). The events since the latest checkpoint are checked first: a broken chain is not signed."""
    with transaction.atomic():
        head = locked_head()  # no event is added while we check and sign
        latest = AuditCheckpoint.objects.order_by("-number").first()
        report = Report()
        after, previous = 0, GENESIS
        if latest is not None:
            stated = read_signed(latest.signed)
            if isinstance(stated, str):
                raise CheckpointRefused(f"the latest checkpoint ({latest.number}) cannot be trusted: {stated}")
            if (stated.event_count, stated.head_hash) == (head.event_count, head.last_hash):
                return latest, False
            report.checked = stated.event_count
            after, previous = stated.last_event_id or 0, stated.head_hash
        walk(head, [], report, after=after, previous=previous)
        if report.broken is not None:
            raise CheckpointRefused(
                f"the audit log is broken at event {report.broken.event_id}: {report.broken.reason}; "
                "no checkpoint was signed"
            )
        number = (latest.number if latest is not None else 0) + 1
        made_at = timezone.now().replace(microsecond=0)
        text = statement(number, made_at, head.event_count, head.last_event_id, head.last_hash)
        signed = sign(f"{SIGNATURE_PREFIX}{number}", text.encode("ascii")).decode("ascii")
        checkpoint = AuditCheckpoint(
            number=number,
            made_at=made_at,
            event_count=head.event_count,
            last_event_id=head.last_event_id,
            head_hash=head.last_hash,
            signed=signed,
        )
        checkpoint.save()
    return checkpoint, True


def stored_checkpoints() -> tuple[list[Stated], list[str]]:
    """The checkpoints stored here whose signatures hold, and what is wrong with the others."""
    rows = AuditCheckpoint.objects.order_by("number").values_list(
        "number", "signed", "event_count", "last_event_id", "head_hash"
    )
    trusted: list[Stated] = []
    problems: list[str] = []
    expected = 1
    for number, signed, events, last_event_id, head in rows.iterator(chunk_size=2000):
        if isinstance(number, int) and number > expected:
            gap = (
                f"checkpoint {expected} is" if number == expected + 1 else f"checkpoints {expected} to {number - 1} are"
            )
            problems.append(f"{gap} missing here: deleted from the database")
        expected = number + 1 if isinstance(number, int) else expected + 1
        stated = read_signed(signed or "")
        if isinstance(stated, str):
            problems.append(f"checkpoint {number}: {stated}")
            continue
        if (stated.number, stated.event_count, stated.last_event_id, stated.head_hash) != (
            number,
            events,
            last_event_id,
            head,
        ):
            problems.append(f"checkpoint {number}: its listed figures differ from what it signs: the row was edited")
        trusted.append(stated)
    return trusted, problems


def merge(stored: Sequence[Stated], published: Iterable[Stated]) -> tuple[list[Stated], list[str]]:
    """Checkpoints stored here together with copies kept elsewhere; a copy missing here or different is named."""
    by_number = {stated.number: stated for stated in stored}
    merged = list(stored)
    problems = []
    for stated in published:
        here = by_number.get(stated.number)
        if here == stated:
            continue
        if here is None:
            problems.append(f"checkpoint {stated.number} (from the file) is missing here: deleted from the database")
        else:
            problems.append(
                f"checkpoint {stated.number} (from the file) differs from checkpoint {stated.number} stored here: "
                "one of them replaced the other"
            )
        merged.append(stated)
    return merged, problems


def read_file(path: Path) -> tuple[list[Stated], list[str]]:
    """Checkpoints from a file exported earlier: the open-data dataset `audit-checkpoints` as CSV, JSON lines
    or Parquet. Only each row's `signed` column is trusted; rows whose signature fails are named."""
    try:
        data = path.read_bytes()
    except OSError as error:
        raise CheckpointFileError(f"{path}: {error.strerror}") from None
    try:
        signed = _signed_column(data)
    except (ValueError, UnicodeDecodeError, KeyError) as error:
        raise CheckpointFileError(
            f"{path}: not a file of audit checkpoints (the open-data dataset audit-checkpoints as CSV, JSON lines "
            f"or Parquet, with a `signed` column): {error}"
        ) from None
    trusted: list[Stated] = []
    problems: list[str] = []
    for row, text in enumerate(signed, start=1):
        stated = read_signed(text if isinstance(text, str) else "")
        if isinstance(stated, str):
            problems.append(f"{path.name} row {row}: {stated}")
        else:
            trusted.append(stated)
    return trusted, problems


def _signed_column(data: bytes) -> list[object]:
    if data.startswith(b"PAR1"):
        import polars as pl

        try:
            return list(pl.read_parquet(io.BytesIO(data)).get_column("signed"))
        except Exception as error:  # Polars raises many kinds of error for a damaged file
            raise ValueError(str(error)) from None
    text = data.decode("utf-8-sig")
    if text.lstrip().startswith("{"):
        values = []
        for number, line in enumerate(text.splitlines(), start=1):
            if line.strip():
                try:
                    values.append(json.loads(line)["signed"])
                except (ValueError, TypeError) as error:
                    raise ValueError(f"line {number}: {error}") from None
        return values
    reader = csv.DictReader(io.StringIO(text, newline=""))
    if reader.fieldnames is None or "signed" not in reader.fieldnames:
        raise ValueError("no `signed` column")
    return [row["signed"] for row in reader]
