"""From an empty install to an announced decision, everyone through the pages (issue 18, "Done when").

The operator migrates an empty database, makes the certifying body's administrator with `citycert createadmin` and
loads the bundled cities with `citycert cases load` (the install's one way to have Seocho-gu on record). The
administrator signs in and invites four people, each in their language: Kim Ji-won, an assessor (English); Park
Min-su, a second assessor (Korean); Lee Ha-eun, a second certifier (English); and Choi Seo-yeon, Seocho-gu's officer
(Korean). Each reads the invitation from the outbox, follows its link and chooses a password.

Then a round of Korea's national certification, which announces whole rounds. The administrator opens it and forms
a panel of the two assessors; the officer fills in Seocho-gu's self-assessment item by item, submits it and applies;
the administrator assigns the application to the panel; each assessor scores both stages alone, reaching each sheet
from their "My work"; the administrator records the panel's consensus; Lee Ha-eun, who took no part in the review
(four eyes), decides; the administrator, asked by "My work" to announce the round, announces it, and the officer
reads the decision.

At every step each person's "My work" lists exactly the tasks they should have, in their own language; the emails
each step sends are read as each person receives them, and at the end every person's emails are counted against
the table below."""

from __future__ import annotations

import io
import re
import sys
from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.test import Client
from django.utils import timezone
from django.utils.text import Truncator

from citycert.assessments.answers import stored_text
from citycert.demo.results import illustrative_answers
from citycert.library.store import find_version
from tests.accounts.inviting import NEW_PASSWORD, link_in
from tests.journeys.pages import Commits, Outbox, Person, page_linked

pytestmark = pytest.mark.django_db

ADMIN_PASSWORD = "body-admin-long-passphrase-26"

ADMIN = "admin@citycert.example.org"
JIWON = "jiwon.kim@assessors.example"  # assessor, reads English
MINSU = "minsu.park@assessors.example"  # assessor, reads Korean
HAEUN = "haeun.lee@citycert.example.org"  # the second certifier, reads English
SEOYEON = "seoyeon.choi@seocho.go.kr"  # Seocho-gu's officer, reads Korean

ROUND = {"ko": "2026 스마트도시 인증", "en": "Smart City 2026"}
SEOCHO = {"ko": "서초구", "en": "Seocho-gu"}
ABOUT = {language: f"{SEOCHO[language]} · {ROUND[language]}" for language in ("ko", "en")}
STAGES = {"ko": ("서면평가", "현장실사"), "en": ("Document review", "Site visit")}

NOTHING: list[str] = []


def subject(message: str) -> str:
    """A notification's email subject, as its template cuts the message."""
    return "[citycert] " + Truncator(message).chars(80)


def assigned(language: str) -> str:
    return subject(
        f"{ROUND['ko']}에 낸 서초구의 신청을 심사하도록 배정되었습니다."
        if language == "ko"
        else f"You are assigned to review Seocho-gu's application to {ROUND['en']}."
    )


def stage_in(language: str, assessor: str, stage: int) -> str:
    name = STAGES[language][stage]
    return subject(
        f"{assessor} 님이 서초구의 신청에 대한 심사 단계 '{name}'을(를) 제출했습니다."
        if language == "ko"
        else f"{assessor} submitted the review stage {name} of Seocho-gu's application."
    )


def ready_for_consensus(language: str) -> str:
    return subject(
        "서초구의 신청에 필요한 심사 단계가 모두 제출되었습니다. 합의 점수를 기록할 수 있습니다."
        if language == "ko"
        else "Every required review stage of Seocho-gu's application is in: it is ready for consensus."
    )


def ready_for_decision(language: str) -> str:
    return subject(
        "서초구의 신청에 대한 합의 점수가 기록되었습니다. 결정할 수 있습니다."
        if language == "ko"
        else "The consensus on Seocho-gu's application is recorded: it may be decided."
    )


def announced(language: str) -> str:
    return subject(
        f"{ROUND['ko']}의 결과가 발표되었습니다: 서초구, 인증."
        if language == "ko"
        else f"The results of {ROUND['en']} are announced: Seocho-gu, certified."
    )


def score(language: str, stage: int) -> str:
    return (
        f"{STAGES['ko'][stage]} 채점 | {ABOUT['ko']}"
        if language == "ko"
        else f"Score {STAGES['en'][stage]} | {ABOUT['en']}"
    )


# Every email each person receives from the empty install to the announcement, in the order received.
EVERY_EMAIL = {
    JIWON: [
        "citycert: you are invited as assessor",
        assigned("en"),
        announced("en"),
    ],
    MINSU: [
        "citycert: 평가위원(으)로 초대합니다",
        assigned("ko"),
        announced("ko"),
    ],
    HAEUN: [
        "citycert: you are invited as certifier",
        stage_in("en", JIWON, 0),
        stage_in("en", JIWON, 1),
        stage_in("en", MINSU, 0),
        stage_in("en", MINSU, 1),
        ready_for_consensus("en"),
        ready_for_decision("en"),
    ],
    SEOYEON: [
        "citycert: 지자체 담당자(으)로 초대합니다",
        announced("ko"),
    ],
    ADMIN: [
        stage_in("ko", JIWON, 0),
        stage_in("ko", JIWON, 1),
        stage_in("ko", MINSU, 0),
        stage_in("ko", MINSU, 1),
        ready_for_consensus("ko"),
    ],
}
EMAILS_COUNTED = {JIWON: 3, MINSU: 3, HAEUN: 7, SEOYEON: 2, ADMIN: 5}


@pytest.fixture
def empty_install(monkeypatch: pytest.MonkeyPatch) -> None:
    """`citycert migrate` has run (the test database); then `citycert createadmin`, the password piped in, and
    `citycert cases load`, whose cities are the install's only ones."""
    monkeypatch.setattr(sys, "stdin", io.StringIO(ADMIN_PASSWORD + "\n"))
    out = io.StringIO()
    call_command("createadmin", "--username", "body-admin", "--email", ADMIN, stdout=out)
    assert "body-admin" in out.getvalue()
    call_command("cases", "load", stdout=io.StringIO())


def sign_in(who: str, email: str, username: str, password: str, commits: Commits) -> Person:
    person = Person(who, email, Client(), commits)
    answer = person.client.post("/accounts/login/", {"username": username, "password": password})
    assert answer.status_code == 302 and answer["Location"] == "/my/", f"{who} could not sign in"
    return person


def invited(admin: Person, outbox: Outbox, name: str, email: str, role: str, language: str, **more: str) -> Person:
    """The administrator invites; the person reads the email, follows its link and chooses a password, landing
    signed in on their "My work"."""
    choose = {"role": role, "language": {"ko": "한국어", "en": "영어"}[language], **more}
    admin.send("/accounts/people/invite/", "invite", choose=choose, fill={"name": name, "email": email})
    link = link_in(outbox.last_to(email))
    person = Person(name, email, Client(), admin.commits)
    page = person.read(link)
    assert ("Accept your invitation" if language == "en" else "초대 수락") in page
    landed = person.send(link, "accept", fill={"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})
    assert landed["Location"] == "/my/"
    welcome = person.read("/my/")
    assert (f"Welcome, {name}." if language == "en" else f"{name} 님, 환영합니다.") in welcome
    return person


def test_a_body_onboards_its_people_and_runs_a_round_to_an_announced_decision(
    empty_install: None, django_capture_on_commit_callbacks: Commits
) -> None:
    commits = django_capture_on_commit_callbacks
    outbox = Outbox()
    today = timezone.localdate()

    # The administrator signs in: nothing to do yet, and no email has gone anywhere.
    admin = sign_in("the administrator", ADMIN, "body-admin", ADMIN_PASSWORD, commits)
    assert admin.tasks() == NOTHING
    assert outbox.new() == {}

    # Four invitations, each read from the outbox in the language it was sent in, each link followed.
    jiwon = invited(admin, outbox, "Kim Ji-won", JIWON, "평가위원", "en")
    minsu = invited(admin, outbox, "박민수", MINSU, "평가위원", "ko")
    haeun = invited(admin, outbox, "Lee Ha-eun", HAEUN, "인증기관", "en")
    seoyeon = invited(admin, outbox, "최서연", SEOYEON, "지자체 담당자", "ko", cities="서초구")
    assert outbox.new() == {
        JIWON: ["citycert: you are invited as assessor"],
        MINSU: ["citycert: 평가위원(으)로 초대합니다"],
        HAEUN: ["citycert: you are invited as certifier"],
        SEOYEON: ["citycert: 지자체 담당자(으)로 초대합니다"],
    }
    everyone = (admin, jiwon, minsu, haeun, seoyeon)

    def inboxes() -> dict[str, list[str]]:
        return {person.email: person.tasks() for person in everyone}

    nobody_has_anything = {person.email: NOTHING for person in everyone}
    assert inboxes() == nobody_has_anything

    # The administrator opens the round on the national scheme and forms the panel: a step that concerns nobody yet.
    opened = admin.send(
        "/certification/",
        "/rounds/new/",
        choose={"framework_version": "스마트도시 인증 (국토교통부) (2024)"},
        fill={
            "year": "2026",
            "name_ko": ROUND["ko"],
            "name_en": ROUND["en"],
            "opens_on": (today - timedelta(days=7)).isoformat(),
            "closes_on": (today + timedelta(days=21)).isoformat(),
        },
    )
    round_page = opened["Location"]
    # Before the panel, the administrator records each assessor's qualification for the national scheme, and each
    # assessor declares their impartiality for the round from their competence record: without both, seating them
    # would need the administrator's reason. Nobody is told of either.
    listing = admin.read("/competence/assessors/")
    for assessor, email in ((jiwon, JIWON), (minsu, MINSU)):
        found = re.search(rf'href="(/competence/assessors/\d+/)">{re.escape(email)}<', listing)
        assert found, f"{email} is not on the assessors' list"
        admin.send(
            found.group(1),
            "/competence/assessors/",
            choose={"schemes": "스마트도시 인증 (국토교통부)"},
            fill={"title": "스마트도시 인증 평가위원", "valid_from": (today - timedelta(days=365)).isoformat()},
        )
        record = assessor.client.get("/competence/", follow=True).content.decode()
        declaration = re.search(r'href="(/competence/rounds/\d+/declaration/)"', record)
        assert declaration, f"{email} has no round to declare for"
        assessor.send(declaration.group(1), "/declaration/", fill={"affirm": "on"})
    assert inboxes() == nobody_has_anything
    admin.send(round_page, "/panels/", choose={"members": [JIWON, MINSU]}, fill={"name": "패널 A"})
    assert inboxes() == nobody_has_anything
    assert outbox.new() == {}

    # The officer fills in Seocho-gu's self-assessment item by item, submits it and applies with it.
    version = find_version("kr-smartcity")
    answers = {
        item: stored_text(answer.value)
        for item, answer in illustrative_answers(
            version.framework, low=Decimal("0.80"), high=Decimal("0.85"), seed=7
        ).items()
    }
    started = seoyeon.send(
        "/cities/11650/assessments/new/",
        "stacked",
        choose={"framework_version": "스마트도시 인증 (국토교통부) (2024)", "kind": "자체평가"},
        fill={"year": "2026"},
    )
    assessment = started["Location"]
    for item, value in answers.items():
        seoyeon.post(f"{assessment}items/{item}/", {"value": value}, expect=200)
    seoyeon.send(f"{assessment}submit/", "confirm")
    assert "제출됨" in seoyeon.read(assessment)
    applied = seoyeon.send("/certification/", "/apply/")
    application = applied["Location"]
    assert "신청됨" in seoyeon.read(application)
    assert inboxes() == {
        **nobody_has_anything,
        ADMIN: [f"심사단 배정 | {ABOUT['ko']}"],
        HAEUN: [f"Assign a panel | {ABOUT['en']}"],
    }
    assert outbox.new() == {}

    # The administrator assigns it to the panel: each assessor has both stages to score, and is told by email.
    admin.send(round_page, "/assign/", choose={"panel": "패널 A"})
    assert inboxes() == {
        **nobody_has_anything,
        JIWON: [score("en", 0), score("en", 1)],
        MINSU: [score("ko", 0), score("ko", 1)],
    }
    assert outbox.new() == {JIWON: [assigned("en")], MINSU: [assigned("ko")]}
    # The email's link leads Kim Ji-won to the application, in English.
    assert "See it in citycert:" in outbox.last_to(JIWON).body
    assert page_linked(outbox.last_to(JIWON)) == application
    assert "Document review" in jiwon.read(application)

    # Each assessor scores each stage alone, from the link in "My work", giving the city's own answers.
    sheet_values = {f"value-{item}": value for item, value in answers.items()}
    for assessor, language, name in ((jiwon, "en", JIWON), (minsu, "ko", MINSU)):
        for stage in (0, 1):
            sheet = assessor.link_to(score(language, stage).split(" | ")[0])
            assessor.send(sheet, "", fill={**sheet_values, "submit": "1"})
            told = {ADMIN: [stage_in("ko", name, stage)], HAEUN: [stage_in("en", name, stage)]}
            if assessor is minsu and stage == 1:
                told = {
                    ADMIN: [*told[ADMIN], ready_for_consensus("ko")],
                    HAEUN: [*told[HAEUN], ready_for_consensus("en")],
                }
            assert outbox.new() == told
        assert assessor.tasks() == NOTHING
    assert inboxes() == {
        **nobody_has_anything,
        ADMIN: [f"심사단 합의 점수 기록 | {ABOUT['ko']}"],
        HAEUN: [f"Record the panel's consensus | {ABOUT['en']}"],
    }

    # The administrator records the panel's consensus: the second certifier may decide, and is told so; the
    # administrator may no longer (four eyes), and the page says why and who may, before and after trying.
    admin.send(application, "/consensus/")
    assert inboxes() == {**nobody_has_anything, HAEUN: [f"Decide | {ABOUT['en']}"]}
    assert outbox.new() == {HAEUN: [ready_for_decision("en")]}
    barrier = f"이 신청의 합의 점수를 기록하셨습니다. 심사에 참여하지 않은 인증위원이 결정합니다: {HAEUN}."
    assert barrier in admin.read(application)
    refused = admin.send(application, "/decide/", fill={"reasons": "합의 점수대로 인증"}, expect=409)
    assert barrier in refused.content.decode()
    assert outbox.new() == {}

    # Lee Ha-eun decides as the engine does. The scheme announces whole rounds: the city and the panel learn
    # nothing until the announcement, which the certifying body now has to make.
    haeun.send(application, "/decide/", fill={"reasons": "The total and every condition meet the scheme's bar."})
    assert inboxes() == {
        **nobody_has_anything,
        ADMIN: [f"결과 발표하기 | {ROUND['ko']}"],
        HAEUN: [f"Announce the results | {ROUND['en']}"],
    }
    assert outbox.new() == {}
    assert "The total and every condition" not in seoyeon.read(application)

    # The administrator announces the round: the city and the panel are told, the email's link leads the officer to
    # the decision, and "My work" shows it with the time left to appeal.
    admin.send(round_page, "/announce/")
    assert outbox.new() == {SEOYEON: [announced("ko")], JIWON: [announced("en")], MINSU: [announced("ko")]}
    assert inboxes() == {
        **nobody_has_anything,
        SEOYEON: [f"결정: 인증. 이의신청 기간이 끝날 때까지 이의신청할 수 있습니다 | {ABOUT['ko']}"],
    }
    assert page_linked(outbox.last_to(SEOYEON)) == application
    assert "The total and every condition meet the scheme&#x27;s bar." in seoyeon.read(application)

    # Every email of the whole journey, person by person, against the table.
    received = outbox.everything()
    assert received == EVERY_EMAIL
    assert {address: len(subjects) for address, subjects in received.items()} == EMAILS_COUNTED
