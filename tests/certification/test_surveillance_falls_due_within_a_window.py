"""Suwon's second surveillance audit came about 21 months after certification, not on the 24th month's day. The
certifying body sees each surveillance audit as upcoming, due within its window (three months either side of its
day, the framework's data), overdue once the window has closed, or done; the certificate page shows the window."""

from __future__ import annotations

from datetime import date

import pytest
from django.test import Client

from citycert.certification import workflow
from tests.people import People
from tests.registry.story import seocho_certified

pytestmark = pytest.mark.django_db


def test_an_audit_is_due_within_its_window_and_overdue_only_after_it(people: People) -> None:
    decided = seocho_certified(people)  # issued 2026-09-30
    second = decided.certificate.due.get(schedule_id="surveillance-2")
    assert (second.opens_on, second.due_on, second.closes_on) == (
        date(2028, 6, 30),
        date(2028, 9, 30),
        date(2028, 12, 30),
    )

    assert second.state_on(date(2028, 6, 29)) == "upcoming"
    twenty_one_months = date(2028, 6, 30)
    assert second.state_on(twenty_one_months) == "due"
    assert second.state_on(date(2028, 12, 30)) == "due"
    assert second.state_on(date(2028, 12, 31)) == "overdue"

    # The certifying body's list of what falls due: not overdue on the 24th month's day while the window is open.
    on_the_day = {item.due.schedule_id: item.overdue for item in workflow.due_items(date(2028, 10, 15))}
    assert on_the_day["surveillance-2"] is False
    later = {item.due.schedule_id: item.overdue for item in workflow.due_items(date(2029, 1, 5))}
    assert later["surveillance-2"] is True

    page = Client().get(f"/certificates/{decided.certificate.number}/").content.decode()
    assert '2028-09-30 <span class="meta">(2028-06-30 – 2028-12-30)</span>' in page
    assert "예정" in page  # today (before 2027) both audits are still to come


def test_a_surveillance_held_in_its_window_is_done(people: People) -> None:
    decided = seocho_certified(people)
    second = decided.certificate.due.get(schedule_id="surveillance-2")
    levels = {score.item_id: score.value for score in decided.round.seocho.consensus.all()}  # the bar held again
    held = workflow.record_surveillance(second, levels, people.assessor, date(2028, 6, 30))
    assert held.state_on(date(2029, 1, 5)) == "done"
