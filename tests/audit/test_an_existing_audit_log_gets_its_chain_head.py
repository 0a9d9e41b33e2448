"""A site upgrades with a log written before the chain head existed; the migration starts the head where it ends."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

from citycert.audit.log import GENESIS
from citycert.audit.models import AuditChainHead, AuditEvent
from tests.audit.checking import check, delete_in_the_database

BEFORE = [("audit", "0001_initial")]


def migrate(targets: list[tuple[str, str]] | None = None) -> MigrationExecutor:
    """Migrate to `targets`, or (None) all the way forward, through 0002_chain_head and anything after it."""
    executor = MigrationExecutor(connection)
    executor.migrate(targets if targets is not None else executor.loader.graph.leaf_nodes())
    return executor


def write_an_old_log(count: int) -> list[int]:
    """Events as the code before the head wrote them: chained, through the model as it was then."""
    Event = migrate(BEFORE).loader.project_state(BEFORE).apps.get_model("audit", "AuditEvent")
    previous, ids = GENESIS, []
    start = timezone.now() - timedelta(days=30)
    for n in range(count):
        fields = {
            "at": start + timedelta(days=n),
            "actor_name": "officer-seocho",
            "action": "assessment.created",
            "object_type": "assessment",
            "object_id": str(n + 1),
            "before": None,
            "after": {"state": "draft"},
            "previous_hash": previous,
        }
        previous = AuditEvent(**fields, chain_version=1).compute_hash()
        ids.append(Event.objects.create(**fields, hash=previous).pk)
    return ids


@pytest.mark.django_db(transaction=True)
def test_the_migration_starts_the_head_at_the_last_event_so_verify_still_passes() -> None:
    ids = write_an_old_log(4)
    migrate()
    head = AuditChainHead.objects.get()
    last = AuditEvent.objects.get(pk=ids[-1])
    assert (head.last_event_id, head.last_hash, head.event_count) == (last.pk, last.hash, 4)
    result = check()
    assert result.broken is None and result.checked == 4
    # From now on, cutting the end is seen.
    delete_in_the_database(ids[-1])
    result = check()
    assert result.broken is not None and result.broken.event_id == ids[-1]


@pytest.mark.django_db(transaction=True)
def test_the_migration_starts_an_empty_head_for_an_empty_log() -> None:
    migrate(BEFORE)
    migrate()
    head = AuditChainHead.objects.get()
    assert (head.last_event_id, head.last_hash, head.event_count) == (None, GENESIS, 0)
    assert check().broken is None
