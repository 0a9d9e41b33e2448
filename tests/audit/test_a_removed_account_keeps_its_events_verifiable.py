"""An administrator removes the account of an officer who changed answers: the events keep the account id they
were hashed with (nothing sets it to null), so the log still verifies and still says who acted."""

from __future__ import annotations

from citycert.audit.models import AuditEvent
from tests.audit.checking import check
from tests.people import People


def test_the_log_still_holds_after_the_account_is_removed(people: People) -> None:
    officer_id = people.officer.pk
    theirs = list(AuditEvent.objects.filter(actor_id=officer_id).values_list("id", flat=True))
    assert theirs
    people.officer.delete()
    assert list(AuditEvent.objects.filter(actor_id=officer_id).values_list("id", flat=True)) == theirs
    assert set(AuditEvent.objects.filter(id__in=theirs).values_list("actor_name", flat=True)) == {"officer-seocho"}
    assert check().broken is None
