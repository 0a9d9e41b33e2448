"""Two certifying bodies. The stories' round (ISO 37106, 2026) is the first body's: its certifier lists it, opens its
page and its applications. A certifier of another body lists no such round on their certification page, finds
neither the round's page nor its applications (404), cannot decide, announce or take an appeal on them, and is sent
no notification of them; what is public (the certificate) they read as anyone does. A round they open is their
own body's, and the first body's certifier finds nothing of it in turn."""

from __future__ import annotations

from datetime import date

from django.test import Client

from citycert.accounts.models import Role
from citycert.certification import workflow
from citycert.certification.models import Round
from citycert.library.store import find_version
from citycert.permissions import can_announce, can_view_application, manages, possible_deciders, told
from tests.certification.story import round_in_review
from tests.people import People, person, second_body


def test_each_body_sees_only_its_own_rounds(people: People) -> None:
    story = round_in_review(people)
    other_body = second_body()
    stranger = person("certifier-other-body", Role.CERTIFIER, body=other_body)

    own = Client()
    own.force_login(people.certifier)
    assert "2026년 ISO 37106 인증" in own.get("/certification/").content.decode()
    assert own.get(f"/certification/rounds/{story.round.pk}/").status_code == 200

    theirs = Client()
    theirs.force_login(stranger)
    listing = theirs.get("/certification/").content.decode()
    assert "2026년 ISO 37106 인증" not in listing and "서초구" not in listing
    assert theirs.get(f"/certification/rounds/{story.round.pk}/").status_code == 404
    assert theirs.get(f"/certification/rounds/{story.round.pk}/progress/").status_code == 404
    assert theirs.get(f"/certification/applications/{story.hanam.pk}/").status_code == 404
    assert not can_view_application(stranger, story.hanam) and not manages(stranger, story.hanam)
    assert not can_announce(stranger, story.round)
    assert stranger not in possible_deciders(story.hanam)
    assert told([stranger, people.certifier], story.hanam) == [people.certifier]

    # A round the stranger opens is their body's, and the first body's certifier finds nothing of it.
    theirs_round = workflow.open_round(
        find_version("kr-smartcity"),
        2026,
        name_ko="다른 기관의 회차",
        name_en="Another body's round",
        opens_on=date(2026, 6, 1),
        closes_on=date(2026, 6, 30),
        actor=stranger,
    )
    assert Round.objects.get(pk=theirs_round.pk).body == other_body
    assert "다른 기관의 회차" in theirs.get("/certification/").content.decode()
    assert "다른 기관의 회차" not in own.get("/certification/").content.decode()
    assert own.get(f"/certification/rounds/{theirs_round.pk}/").status_code == 404
