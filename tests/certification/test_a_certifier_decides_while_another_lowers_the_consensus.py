"""One certifier lowers an item of the panel's consensus below the bar and, before that is saved, another presses
"certify": the decision waits for the change and is then refused on the lowered scores. Nothing is certified on
scores the panel no longer holds.

What makes it hold is the row lock `decide` takes on the application (the same one `record_consensus` takes): no
unique index can notice a decision made on stale scores. Only PostgreSQL has row locks and lets the two run side by
side; SQLite lets one writer at a time, so there is no race to show.
"""

from __future__ import annotations

import threading
import time

import pytest
from django.db import connection, transaction
from django.utils import translation

from citycert.accounts.models import Role
from citycert.certification import workflow
from citycert.certification.choices import ApplicationState, Outcome
from citycert.certification.models import Application, Certificate, ConsensusScore, Decision, PublishedItem
from tests.certification.story import DECISION_DAY, agree, item_ids, round_in_review
from tests.people import make_people, person

pytestmark = [
    pytest.mark.django_db(transaction=True),  # each certifier has their own connection and sees only what is committed
    pytest.mark.skipif(connection.vendor != "postgresql", reason="needs row locks and concurrent writers (PostgreSQL)"),
]

WAIT = 30  # seconds; a run takes well under one


def someone_waits_on_a_lock() -> bool:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'"
        )
        (waiting,) = cursor.fetchone()
    return bool(waiting)


def test_the_decision_waits_for_the_lowered_consensus_and_is_refused_on_it() -> None:
    people = make_people()
    story = round_in_review(people)
    items = item_ids()
    agree(story.seocho, dict.fromkeys(items, ("3", "")), people.certifier)  # certifiable
    lowering, deciding = people.certifier, person("certifier-2", Role.CERTIFIER)
    lowered_unsaved, save_it, decided = threading.Event(), threading.Event(), threading.Event()
    outcome: dict[str, object] = {}

    def certifier_lowers_an_item() -> None:
        try:
            application = Application.objects.get(pk=story.seocho.pk)
            with transaction.atomic():
                workflow.record_consensus(application, {items[-1]: ("2", "증빙 부족")}, lowering)
                lowered_unsaved.set()
                save_it.wait(timeout=WAIT)
        except BaseException as error:
            outcome["lowering"] = error
        finally:
            lowered_unsaved.set()
            connection.close()

    def other_certifier_presses_certify() -> None:
        try:
            application = Application.objects.get(pk=story.seocho.pk)
            lowered_unsaved.wait(timeout=WAIT)
            with translation.override("en"):
                outcome["deciding"] = workflow.decide(
                    application, Outcome.CERTIFIED, "모든 항목 충족", deciding, DECISION_DAY
                )
        except BaseException as error:
            outcome["deciding"] = error
        finally:
            decided.set()
            connection.close()

    threads = [
        threading.Thread(target=certifier_lowers_an_item),
        threading.Thread(target=other_certifier_presses_certify),
    ]
    for thread in threads:
        thread.start()
    try:
        # Keep the lowered score unsaved until the decision is under way and stuck behind it (or, unlocked, done).
        lowered_unsaved.wait(timeout=WAIT)
        deadline = time.monotonic() + WAIT
        while not (waited := someone_waits_on_a_lock()) and not decided.is_set() and time.monotonic() < deadline:
            time.sleep(0.02)
    finally:
        save_it.set()
        for thread in threads:
            thread.join(timeout=WAIT)
    assert not any(thread.is_alive() for thread in threads), "a certifier is still waiting"

    assert "lowering" not in outcome, outcome
    refused = outcome["deciding"]
    assert waited, f"the decision did not wait for the consensus being changed; it returned {refused!r}"
    assert isinstance(refused, workflow.Refused) and not isinstance(refused, workflow.Conflict), refused
    assert "cannot be certified" in str(refused)
    assert Decision.objects.count() == Certificate.objects.count() == PublishedItem.objects.count() == 0
    story.seocho.refresh_from_db()
    assert story.seocho.state == ApplicationState.IN_REVIEW
    assert ConsensusScore.objects.get(application=story.seocho, item_id=items[-1]).value == "2"
