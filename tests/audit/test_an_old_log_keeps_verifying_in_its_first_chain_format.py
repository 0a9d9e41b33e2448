"""A site upgrades with a log written before every field was hashed. Its events keep chain format 1 and verify
as they were written (nothing is re-hashed); new events are in format 2; `citycert audit verify` says how many
events are in the older format, and the first checkpoint after upgrading anchors them too."""

from __future__ import annotations

import pytest

from citycert.audit.checkpoints import make_checkpoint
from citycert.audit.log import record
from citycert.audit.models import AuditEvent
from tests.audit.checking import check, rewrite_and_rehash
from tests.audit.test_an_existing_audit_log_gets_its_chain_head import migrate, write_an_old_log

BEFORE_FORMAT_2 = [("audit", "0002_chain_head")]


@pytest.mark.django_db(transaction=True)
def test_old_events_keep_format_1_new_ones_get_format_2_and_all_verify() -> None:
    old = write_an_old_log(3)  # written and chained by the code of 0001, migrated through 0002
    migrate(BEFORE_FORMAT_2)
    migrate()
    assert list(AuditEvent.objects.filter(id__in=old).values_list("chain_version", flat=True)) == [1, 1, 1]
    new = record(None, "maintenance.note", "system", "-")
    assert new.chain_version == 2
    result = check()
    assert result.broken is None and result.checked == 4
    assert "3 events are in chain format 1 (written before every field was hashed" in result.ran.out

    # A rewrite of an old event, re-hashed to the end, no longer matches the first checkpoint after upgrading.
    make_checkpoint()
    rewrite_and_rehash(old[1], after={"state": "approved"})
    result = check()
    assert result.broken is not None and result.broken.event_id == old[0]
    assert "the log no longer matches checkpoint 1" in result.broken.reason
