"""Seocho-gu's former officer and a certifier who left keep their accounts, switched off. Neither is emailed
again: the surveillance reminder goes to the city's officer and the certifier still at work, and so does the
alert when a value of the city's worsens (the city's alert to its officer, not to the one who left). Both are
chosen by the one recipients function of citycert/permissions.py."""

from __future__ import annotations

from django.core import mail
from django.core.management import call_command

from citycert.accounts.models import Role
from citycert.certification.choices import Outcome
from citycert.indicators.alerts import commit_and_alert
from citycert.indicators.importing.planning import plan_import
from tests.certification.story import DECISION_DAY, agree, decide, item_ids, round_in_review
from tests.indicators.story import long_csv
from tests.people import People, person
from tests.support import run_queued_jobs

OPENED = "kr-smartcity:D1.I1.1"  # higher is better


def addresses(people: People) -> None:
    """Everyone with an address; two of them no longer at work."""
    for user, email in ((people.officer, "smart@seocho.go.kr"), (people.certifier, "cert@krihs.re.kr")):
        user.email = email
        user.save()
    for username, role, email in (
        ("officer-left", Role.CITY_OFFICER, "left@seocho.go.kr"),
        ("certifier-left", Role.CERTIFIER, "left@krihs.re.kr"),
    ):
        gone = person(username, role, people.seocho)
        gone.email, gone.is_active = email, False
        gone.save()


def test_the_reminder_skips_the_accounts_switched_off(people: People) -> None:
    story = round_in_review(people)
    agree(story.seocho, dict.fromkeys(item_ids(), ("3", "")), people.certifier)
    decide(story.seocho, Outcome.CERTIFIED, "충족", DECISION_DAY)
    addresses(people)

    call_command("remind", "--today", "2027-09-01", stdout=None)
    assert run_queued_jobs() == 1
    [message] = mail.outbox
    assert sorted(message.to) == ["cert@krihs.re.kr", "smart@seocho.go.kr"]


def test_the_citys_alert_skips_the_officer_who_left(people: People) -> None:
    addresses(people)
    day = people.draft.created_at.date()
    for year, value in (("2024", "120"), ("2025", "80")):  # a third fewer datasets opened: worse
        plan = plan_import("v.csv", long_csv([("11650", OPENED, year, value, "", "x")]), people.officer, day)
        alerts = commit_and_alert(plan, people.officer, keep_good_rows=False, today=day)[1]
    [alert] = alerts
    assert alert.audience == "city"
    assert alert.emailed_to == "smart@seocho.go.kr"
    run_queued_jobs()
    assert [message.to for message in mail.outbox] == [["smart@seocho.go.kr"]]
