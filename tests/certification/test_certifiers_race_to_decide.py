"""Four certifiers press "decide" on the same application at the same instant, each in their own request (thread,
database connection): one decision stands, every other certifier gets a Conflict, and nothing of theirs is saved.

Run on the real database engine: SQLite as configured (a file; writers queue on its lock) or PostgreSQL (row locks).
"""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.db import connection, connections
from django.db.backends.sqlite3.base import DatabaseWrapper as SQLiteDatabase

from citycert.accounts.models import Role
from citycert.audit.log import verify
from citycert.audit.models import AuditEvent
from citycert.certification import workflow
from citycert.certification.choices import ApplicationState, Outcome
from citycert.certification.models import Application, Certificate, Decision, DueAudit
from tests.certification.story import DECISION_DAY, RoundStory, agree, item_ids, round_in_review
from tests.people import make_people, person

pytestmark = pytest.mark.django_db(transaction=True)  # the threads must see the story committed

MIXED = (Outcome.CERTIFIED, Outcome.NOT_CERTIFIED, Outcome.CERTIFIED, Outcome.NOT_CERTIFIED)
ALL_CERTIFY = (Outcome.CERTIFIED,) * 4
WAIT = 30  # seconds; longer than SQLite's lock timeout (20), far longer than a run (well under one)


@pytest.fixture
def database_for_threads(transactional_db: Any, tmp_path: Path) -> Iterator[None]:
    """For the length of one test, the default database as the threads' own connections see it in production.

    pytest-django's SQLite test database lives in memory (shared cache), where other connections meet table
    locks that do not wait rather than the file's write lock that does. So copy it to a file and point the
    default alias at the copy, for this thread and the ones the test starts; the in-memory database stays
    open, untouched, and is given back at the end. PostgreSQL (or an SQLite test database already on disk)
    is used as it is.
    """
    memory = connections["default"]
    if not isinstance(memory, SQLiteDatabase) or not memory.is_in_memory_db():
        yield
        return
    memory.ensure_connection()
    file_settings = {**memory.settings_dict, "NAME": str(tmp_path / "race.sqlite3")}
    copy = sqlite3.connect(file_settings["NAME"])
    try:
        memory.connection.backup(copy)
    finally:
        copy.close()
    # connections.settings is settings.DATABASES: every thread makes its connection from this entry.
    connections.settings["default"] = file_settings
    on_file = connections.create_connection("default")
    connections["default"] = on_file  # this thread's connection; other threads make their own
    try:
        yield
    finally:
        on_file.close()
        connections["default"] = memory
        connections.settings["default"] = memory.settings_dict


@dataclass
class Race:
    story: RoundStory
    certifiers: list[User]


@pytest.fixture
def race(database_for_threads: None) -> Race:
    """Seocho-gu's application in review with the panel's consensus recorded (3 everywhere: certifiable)."""
    people = make_people()
    story = round_in_review(people)
    # The administrator records the consensus, so that every certifier may decide (four eyes).
    agree(story.seocho, dict.fromkeys(item_ids(), ("3", "")), people.admin)
    certifiers = [people.certifier, *(person(f"certifier-{n}", Role.CERTIFIER) for n in range(2, 5))]
    return Race(story, certifiers)


def decide_at_once(application_id: int, certifiers: list[User], outcomes: tuple[str, ...]) -> list[object]:
    """Each certifier in their own thread and connection loads the application, waits for the others, then
    decides; returns what each call returned or raised, in the certifiers' order."""
    start = threading.Barrier(len(certifiers))
    results: list[object] = [None] * len(certifiers)

    def certifier_presses_decide(n: int) -> None:
        try:
            application = Application.objects.get(pk=application_id)  # connected and loaded before the start
            start.wait(timeout=WAIT)
            # A refusal goes against the engine's outcome for this consensus, and says why.
            results[n] = workflow.decide(
                application,
                outcomes[n],
                f"판단 {n + 1}",
                certifiers[n],
                DECISION_DAY,
                against_engine_reason=f"판단 {n + 1}",
            )
        except BaseException as error:
            start.abort()  # a thread that cannot start must not leave the others waiting
            results[n] = error
        finally:
            connection.close()

    threads = [threading.Thread(target=certifier_presses_decide, args=(n,)) for n in range(len(certifiers))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=WAIT)
    assert not any(thread.is_alive() for thread in threads), "a certifier is still waiting"
    return results


@pytest.mark.parametrize("outcomes", [MIXED, ALL_CERTIFY], ids=["mixed-outcomes", "all-certify"])
def test_one_decision_stands_and_every_other_certifier_gets_a_conflict(race: Race, outcomes: tuple[str, ...]) -> None:
    application = race.story.seocho
    events_before = AuditEvent.objects.count()

    results = decide_at_once(application.pk, race.certifiers, outcomes)

    won = [n for n, result in enumerate(results) if isinstance(result, Decision)]
    lost = [n for n, result in enumerate(results) if isinstance(result, workflow.Conflict)]
    # Anything else (IntegrityError, "database is locked", a Refused, a broken barrier) is a failure, shown whole.
    unexpected = [results[n] for n in range(len(results)) if n not in won + lost]
    assert unexpected == [], f"a certifier got neither a decision nor a Conflict: {unexpected!r}"
    assert len(won) == 1, results
    assert len(lost) == len(race.certifiers) - 1
    winner = won[0]

    decision = Decision.objects.select_related("decided_by").get()
    assert decision.application_id == application.pk
    assert (decision.outcome, decision.decided_by, decision.reasons) == (
        outcomes[winner],
        race.certifiers[winner],
        f"판단 {winner + 1}",
    )
    application.refresh_from_db()
    assert application.state == ApplicationState.DECIDED
    race.story.hanam.refresh_from_db()
    assert race.story.hanam.state == ApplicationState.IN_REVIEW

    numbers = list(Certificate.objects.values_list("number", flat=True))
    assert len(numbers) == len(set(numbers))
    if outcomes[winner] == Outcome.CERTIFIED:
        certificate = Certificate.objects.get()
        assert certificate.application_id == application.pk
        assert DueAudit.objects.exclude(certificate=certificate).count() == 0
        assert DueAudit.objects.count() > 0
    else:
        assert numbers == []
        assert DueAudit.objects.count() == 0

    # The audit log has the winner's events only, and its chain holds.
    decided = AuditEvent.objects.filter(action="application.decided")
    assert list(decided.values_list("actor_name", flat=True)) == [race.certifiers[winner].get_username()]
    issued = AuditEvent.objects.filter(action="certificate.issued").count()
    assert issued == (1 if outcomes[winner] == Outcome.CERTIFIED else 0)
    assert AuditEvent.objects.count() == events_before + 1 + issued
    checked, broken = verify()
    assert broken is None
    assert checked == AuditEvent.objects.count()
