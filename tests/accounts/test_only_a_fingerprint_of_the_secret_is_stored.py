"""A copy of the database lets nobody in: the token row and the audit log hold the prefix and a SHA-256,
never the secret."""

from __future__ import annotations

import hashlib

import pytest

from citycert.accounts.models import ApiToken
from citycert.accounts.tokens import Refused, issue
from citycert.audit.models import AuditEvent
from tests.people import People


def test_the_row_holds_the_hash_and_the_prefix_not_the_secret(people: People) -> None:
    token, secret = issue(people.officer, "monthly report", 90)
    prefix, random = secret.removeprefix("cc_").split("_", 1)
    assert prefix == token.prefix and len(prefix) == 8 and len(random) >= 40
    stored = ApiToken.objects.filter(pk=token.pk).values().get()
    assert stored["secret_hash"] == hashlib.sha256(secret.encode()).hexdigest()
    assert not any(random in str(value) for value in stored.values())


def test_issuing_is_audited_without_the_secret(people: People) -> None:
    token, secret = issue(people.officer, "monthly report", 90)
    event = AuditEvent.objects.get(action="api_token.issued", object_id=str(token.pk))
    assert event.actor == people.officer
    after = event.after or {}
    assert after["prefix"] == token.prefix and after["name"] == "monthly report"
    assert secret not in str(after) and token.secret_hash not in str(after)


def test_two_tokens_never_share_a_secret_or_a_prefix(people: People) -> None:
    issued = [issue(people.officer, f"script {n}", 30) for n in range(20)]
    assert len({token.prefix for token, _ in issued}) == 20
    assert len({secret for _, secret in issued}) == 20


@pytest.mark.parametrize(("name", "days"), [("", 90), ("   ", 90), ("x" * 101, 90), ("ok", 7), ("ok", 3650)])
def test_a_token_needs_a_name_and_an_offered_lifetime(people: People, name: str, days: int) -> None:
    with pytest.raises(Refused):
        issue(people.officer, name, days)
    assert not ApiToken.objects.exists()
