"""The certifier downloads the round's results as a workbook: Seocho-gu certified with its certificate and
every decided value; Hanam-si, still in review, listed without a result or a single value."""

from __future__ import annotations

import io

from django.test import Client
from openpyxl import load_workbook

from citycert.certification.choices import Outcome
from tests.certification.story import DECISION_DAY, agree, decide, item_ids, round_in_review
from tests.people import People


def test_the_workbook_holds_outcomes_and_only_decided_values(client: Client, people: People) -> None:
    story = round_in_review(people)
    agree(story.seocho, dict.fromkeys(item_ids(), ("3", "")), people.certifier)
    decide(story.seocho, Outcome.CERTIFIED, "충족", DECISION_DAY)
    agree(story.hanam, dict.fromkeys(item_ids(), ("2", "")), people.certifier)
    client.force_login(people.certifier)
    answer = client.get(f"/certification/rounds/{story.round.pk}/results.xlsx")
    assert answer.status_code == 200
    book = load_workbook(io.BytesIO(answer.content), read_only=True)
    rows = list(book["applications"].iter_rows(min_row=2, values_only=True))
    by_city = {row[0]: row for row in rows}
    seocho, hanam = by_city[people.seocho.code], by_city[people.hanam.code]
    # Outcomes, states and statuses by name, in the language of the download (Korean by default).
    assert (seocho[5], seocho[8], seocho[9], seocho[10]) == ("인증", 3, "BSI-ISO37106-2026-0001", "유효")
    assert (hanam[4], hanam[5], hanam[9]) == ("심사 중", None, None)
    values = list(book["items"].iter_rows(min_row=2, values_only=True))
    assert {row[0] for row in values} == {people.seocho.code} and len(values) == len(item_ids())
