"""The certifier decides Seocho-gu's application and later suspends its certificate: each time a checkpoint
of the audit log is signed as the change is committed. The public finds the checkpoints listed in Korean and
English, downloads them as open data (pages and API), and the operator's daily `citycert audit checkpoint`
signs one when the log has moved and says so when it has not."""

from __future__ import annotations

import csv
import io
from collections.abc import Callable
from contextlib import AbstractContextManager
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from citycert.audit.checkpoints import read_signed
from citycert.audit.log import Stated, record
from citycert.audit.models import AuditChainHead, AuditCheckpoint, AuditEvent
from citycert.certification import workflow
from citycert.certification.choices import Outcome
from citycert.certification.models import Certificate
from tests.audit.checking import check
from tests.certification.story import DECISION_DAY, agree, decide, item_ids, round_in_review
from tests.people import People
from tests.support import run

Commits = Callable[..., AbstractContextManager[list[Callable[[], Any]]]]


def decided_and_suspended(people: People, commits: Commits) -> Certificate:
    story = round_in_review(people)
    agree(story.seocho, dict.fromkeys(item_ids(), ("3", "")), people.certifier)
    assert not AuditCheckpoint.objects.exists()  # recording the consensus is not a decision
    with commits(execute=True):
        decide(story.seocho, Outcome.CERTIFIED, "충족", DECISION_DAY)
    assert AuditCheckpoint.objects.count() == 1
    certificate = Certificate.objects.get()
    with commits(execute=True):
        workflow.change_status(certificate, "suspended", "사후심사 미이행", people.certifier, timezone.localdate())
    return certificate


def test_a_checkpoint_is_signed_after_each_decision_and_status_change(
    people: People, django_capture_on_commit_callbacks: Commits
) -> None:
    decided_and_suspended(people, django_capture_on_commit_callbacks)
    head = AuditChainHead.objects.get()
    checkpoints = list(AuditCheckpoint.objects.order_by("number"))
    assert [c.number for c in checkpoints] == [1, 2]
    latest = checkpoints[-1]
    assert (latest.event_count, latest.last_event_id, latest.head_hash) == (
        head.event_count,
        head.last_event_id,
        head.last_hash,
    )
    stated = read_signed(latest.signed)
    assert stated == Stated(2, latest.made_at.isoformat(), head.event_count, head.last_event_id, head.last_hash)
    result = check()
    assert result.broken is None
    assert f"matches 2 signed checkpoints, the last covering events up to #{head.last_event_id}; 0 events since" in (
        result.ran.out
    )


@pytest.mark.parametrize(
    ("language", "title", "empty_note"),
    [
        ("ko", "감사 기록 체크포인트", "서명된 체크포인트가 아직 없습니다."),
        ("en", "Audit log checkpoints", "No checkpoint has been signed yet."),
    ],
)
def test_the_public_reads_the_checkpoints_in_korean_and_english(
    client: Client,
    people: People,
    django_capture_on_commit_callbacks: Commits,
    language: str,
    title: str,
    empty_note: str,
) -> None:
    client.cookies["django_language"] = language
    assert empty_note in client.get("/audit/checkpoints/").content.decode()
    decided_and_suspended(people, django_capture_on_commit_callbacks)
    page = client.get("/audit/checkpoints/").content.decode()
    assert f"<h1>{title}</h1>" in page and empty_note not in page
    for checkpoint in AuditCheckpoint.objects.all():
        assert f'<td class="figure">{checkpoint.event_count}</td>' in page and f"#{checkpoint.last_event_id}" in page
        assert checkpoint.signed.splitlines()[-1] in page  # the signature, for anyone to copy
    assert 'href="/open-data/audit-checkpoints.csv"' in page and 'href="/certificates/signing-key.pem"' in page
    open_data = client.get("/open-data/").content.decode()
    assert 'href="/open-data/audit-checkpoints.csv"' in open_data and 'href="/audit/checkpoints/"' in open_data


def test_the_open_data_files_hold_every_checkpoint_signed(
    client: Client, people: People, django_capture_on_commit_callbacks: Commits
) -> None:
    decided_and_suspended(people, django_capture_on_commit_callbacks)
    for address in ("/open-data/audit-checkpoints.csv", "/api/v1/open-data/audit-checkpoints?format=csv"):
        answer = client.get(address)
        assert answer.status_code == 200, address
        rows = list(csv.DictReader(io.StringIO(b"".join(answer.streaming_content).decode("utf-8-sig"))))  # type: ignore[attr-defined]
        assert [row["checkpoint"] for row in rows] == ["1", "2"]
        for row, checkpoint in zip(rows, AuditCheckpoint.objects.order_by("number"), strict=True):
            assert row["signed"] == checkpoint.signed and row["head"] == checkpoint.head_hash
            assert row["events"] == str(checkpoint.event_count)
    dictionary = client.get("/api/v1/open-data").json()
    assert [column["column"] for column in dictionary["audit-checkpoints"]] == [
        "checkpoint",
        "made_at",
        "events",
        "last_event",
        "head",
        "signed",
    ]


def test_the_daily_command_signs_only_when_the_log_has_moved(people: People) -> None:
    first = run("audit", "checkpoint")
    head = AuditChainHead.objects.get()
    assert first.code == 0
    assert (
        first.out
        == f"checkpoint 1 signed: {head.event_count} events, last #{head.last_event_id}, hash {head.last_hash}\n"
    )
    again = run("audit", "checkpoint")
    assert again.code == 0 and again.out.startswith("checkpoint 1 unchanged since: ")
    record(None, "maintenance.note", "system", "-")
    assert run("audit", "checkpoint").out.startswith("checkpoint 2 signed: ")


def test_a_broken_log_is_not_signed(people: People) -> None:
    run("audit", "checkpoint")
    last = record(None, "maintenance.note", "system", "-", after={"note": "one"}).pk
    AuditEvent.objects.filter(pk=last).update(after={"note": "two"})
    refused = run("audit", "checkpoint")
    assert refused.code == 1 and refused.out == ""
    assert refused.err.startswith(f"no checkpoint: the audit log is broken at event {last}: its content does not match")
    assert AuditCheckpoint.objects.count() == 1
