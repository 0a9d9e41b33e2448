"""The API engineer's one question, `user_for_token`: the right secret of a live token from an active account
names its owner; anything else names nobody."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from citycert.accounts.models import ApiToken
from citycert.accounts.tokens import issue, revoke, user_for_token
from tests.people import People


def test_the_right_secret_names_its_owner(people: People) -> None:
    _, secret = issue(people.officer, "monthly report", 90)
    assert user_for_token(secret) == people.officer


def test_a_wrong_secret_with_the_right_prefix_names_nobody(people: People) -> None:
    token, secret = issue(people.officer, "monthly report", 90)
    wrong = secret[:-1] + ("A" if secret[-1] != "A" else "B")
    assert wrong.startswith(f"cc_{token.prefix}_")
    assert user_for_token(wrong) is None


def test_made_up_and_malformed_secrets_name_nobody(people: People) -> None:
    issue(people.officer, "monthly report", 90)
    for raw in ("", "cc_", "cc_abcdefgh", "cc_abcdefgh_xyz", "Bearer cc_x", "not a token at all"):
        assert user_for_token(raw) is None


def test_an_expired_token_names_nobody(people: People) -> None:
    token, secret = issue(people.officer, "monthly report", 30)
    assert user_for_token(secret, token.expires_at - timedelta(seconds=1)) == people.officer
    assert user_for_token(secret, token.expires_at) is None
    assert user_for_token(secret, token.expires_at + timedelta(days=1)) is None


def test_a_revoked_token_names_nobody(people: People) -> None:
    token, secret = issue(people.officer, "monthly report", 90)
    revoke(token, people.officer)
    assert user_for_token(secret) is None


def test_an_inactive_accounts_token_names_nobody(people: People) -> None:
    _, secret = issue(people.officer, "monthly report", 90)
    people.officer.is_active = False
    people.officer.save()
    assert user_for_token(secret) is None


def test_last_used_is_written_at_most_once_a_minute(people: People) -> None:
    token, secret = issue(people.officer, "monthly report", 90)
    start = timezone.now()
    user_for_token(secret, start)
    user_for_token(secret, start + timedelta(seconds=59))
    token.refresh_from_db()
    assert token.last_used_at == start
    user_for_token(secret, start + timedelta(seconds=61))
    token.refresh_from_db()
    assert token.last_used_at == start + timedelta(seconds=61)


def test_refusing_a_token_does_not_mark_it_used(people: People) -> None:
    token, secret = issue(people.officer, "monthly report", 90)
    revoke(token, people.officer)
    user_for_token(secret)
    assert ApiToken.objects.get(pk=token.pk).last_used_at is None
