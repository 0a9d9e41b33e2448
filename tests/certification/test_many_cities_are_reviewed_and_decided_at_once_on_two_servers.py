"""A busy day of a BSI round, through the API of two real app servers (gunicorn, two workers of four threads
each) on one PostgreSQL database, many clients at once:

- the three assessors score Seocho-gu's first stage, each from three programs writing the same sheet at once:
  every score ends as its writer last saved it, nothing of a concurrent save is lost;
- each assessor's three programs then race to save and submit: one submits, the others get 409 and nothing of
  theirs is saved;
- two certifiers decide all of the round's cities at the same moment, racing on each: one decision per
  application, the other certifier gets 409; every certified city has its one certificate, the numbers follow
  one another with no gap or repeat, and nothing is left half done (a decision without its certificate or its
  published rows).

Only PostgreSQL runs writers side by side; SQLite takes one writer at a time, so there is no race to show.
"""

from __future__ import annotations

import json
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from contextlib import ExitStack
from pathlib import Path
from typing import Any
from urllib.parse import quote

import pytest
from django.contrib.auth.models import User
from django.db import connection

from citycert.accounts.models import Role
from citycert.accounts.tokens import issue
from citycert.audit.log import verify
from citycert.certification import workflow
from citycert.certification.choices import ApplicationState, Outcome
from citycert.certification.models import (
    Application,
    Certificate,
    CertificateChange,
    Decision,
    DueAudit,
    PublishedItem,
    PublishedRows,
    ReviewSheet,
)
from citycert.certification.scheme import stage_ids
from citycert.cities.models import City
from tests.certification.story import APPLYING_DAY, agree, item_ids, round_in_review, submitted_self_assessment
from tests.operations.processes import Server, child_env, gunicorn_server
from tests.people import make_people, person

pytestmark = [
    pytest.mark.slow,
    pytest.mark.django_db(transaction=True),  # the servers see only what is committed
    pytest.mark.skipif(connection.vendor != "postgresql", reason="needs concurrent writers (PostgreSQL)"),
]

CITIES = 24  # applications decided at once: Seocho-gu, Hanam-si and 22 more
PROGRAMS = 3  # per assessor, writing the same sheet at once
SAVES = 5  # each program's saves of its share of the items
WAIT = 30  # seconds for any one request or thread; the whole test takes well under 60


def database_url() -> str:
    """The test database, as the servers are to reach it."""
    given = connection.settings_dict
    who = quote(given["USER"]) + (":" + quote(given["PASSWORD"]) if given["PASSWORD"] else "")
    return f"postgresql://{who}@{given['HOST'] or 'localhost'}:{given['PORT'] or 5432}/{quote(given['NAME'])}"


def call(server: Server, method: str, path: str, body: Any, token: str) -> tuple[int, Any]:
    request = urllib.request.Request(
        f"{server.url}/api/v1{path}",
        data=json.dumps(body).encode(),
        method=method,
        headers={"Authorization": f"Bearer {token}", "Content-Type": "application/json"},
    )
    try:
        with urllib.request.urlopen(request, timeout=WAIT) as response:
            return response.status, json.loads(response.read())
    except urllib.error.HTTPError as error:
        return error.code, json.loads(error.read() or b"null")


def token_of(user: User) -> str:
    return issue(user, "busy day", 30)[1]


def all_at_once(work: list[Callable[[threading.Barrier], None]]) -> None:
    """Run each piece of work in a thread of its own; the pieces wait for one another at the barrier."""
    barrier = threading.Barrier(len(work), timeout=WAIT)
    failures: list[BaseException] = []

    def run(piece: Callable[[threading.Barrier], None]) -> None:
        try:
            piece(barrier)
        except BaseException as error:
            failures.append(error)
            barrier.abort()

    threads = [threading.Thread(target=run, args=(piece,)) for piece in work]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=WAIT * 2)
    assert not any(thread.is_alive() for thread in threads), "a client is still waiting"
    assert not failures, failures


@pytest.fixture
def servers(transactional_db: Any, tmp_path: Path) -> Iterator[list[Server]]:
    """Two app servers on the test database, killed at the end (before the database is emptied)."""
    env = child_env(tmp_path / "data", database_url())
    env["DJANGO_SETTINGS_MODULE"] = "tests.operations.server_settings"
    with ExitStack() as stack:
        yield [stack.enter_context(gunicorn_server(env, workers=2, threads=4)) for _ in range(2)]
    # Their connections end with them; wait for it, or the test database could not be dropped after the run.
    deadline = time.monotonic() + WAIT
    while others_connected() and time.monotonic() < deadline:
        time.sleep(0.05)


def others_connected() -> int:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()"
        )
        (count,) = cursor.fetchone()
    return int(count)


def test_concurrent_scores_submissions_and_decisions_lose_nothing_and_number_every_certificate(
    servers: list[Server],
) -> None:
    started = time.monotonic()
    people = make_people()
    story = round_in_review(people)
    items = item_ids()
    applications = [story.seocho, story.hanam]
    for number in range(CITIES - 2):
        code = f"9{number:04d}"
        city = City.objects.create(code=code, name_ko=f"시험시 {code}", name_en=f"Test city {code}", kind="city")
        officer = person(f"officer-{city.code}", Role.CITY_OFFICER, city)
        applied = workflow.apply(story.round, submitted_self_assessment(city, officer, {}), officer, APPLYING_DAY)
        applications.append(workflow.assign(applied, story.panel, people.certifier))
    stage = stage_ids(story.round.framework_version.framework)[0]
    sheet_path = f"/applications/{story.seocho.pk}/reviews/{stage}"
    tokens = {user.pk: token_of(user) for user in story.assessors}
    answered: list[tuple[str, int]] = []  # (what, status) of every request that should have gone through
    expected: dict[str, dict[str, tuple[str, str]]] = {user.username: {} for user in story.assessors}
    submitted: dict[str, list[int]] = {user.username: [] for user in story.assessors}

    def program(assessor: User, index: int) -> Callable[[threading.Barrier], None]:
        share = items[index::PROGRAMS]
        server = servers[(story.assessors.index(assessor) + index) % 2]

        def save(scores: dict[str, tuple[str, str]], submit: bool = False) -> tuple[int, Any]:
            body = {"scores": [{"item": i, "value": v, "comment": c} for i, (v, c) in scores.items()], "submit": submit}
            return call(server, "PUT", sheet_path, body, tokens[assessor.pk])

        def work(barrier: threading.Barrier) -> None:
            barrier.wait()
            # Every program writes every item first: the sheet and its rows are made by several at once.
            answered.append(("first save", save(dict.fromkeys(items, ("1", f"{assessor.username} first")))[0]))
            barrier.wait()
            mine: dict[str, tuple[str, str]] = {}
            for turn in range(1, SAVES + 1):
                mine = {item: (str(1 + (turn + index) % 5), f"{assessor.username} {index}/{turn}") for item in share}
                answered.append(("save", save(mine)[0]))
            barrier.wait()
            last = {item: (str(1 + (SAVES + 1 + index) % 5), f"{assessor.username} {index} submits") for item in share}
            status, answer = save(last, submit=True)
            submitted[assessor.username].append(status)
            if status == 200:
                assert answer["submitted"] is True, answer
                mine = last
            else:
                assert (status, answer["error"]["code"]) == (409, "conflict"), answer
            expected[assessor.username].update(mine)

        return work

    all_at_once([program(assessor, index) for assessor in story.assessors for index in range(PROGRAMS)])

    assert [what for what, status in answered if status != 200] == [], [server.log()[-3000:] for server in servers]
    assert {name: sorted(statuses) for name, statuses in submitted.items()} == dict.fromkeys(
        expected, [200] + [409] * (PROGRAMS - 1)
    ), "exactly one of each assessor's programs submits"
    for assessor in story.assessors:
        sheet = ReviewSheet.objects.get(application=story.seocho, assessor=assessor, stage=stage)
        assert sheet.submitted
        held = {score.item_id: (score.value, score.comment) for score in sheet.scores.all()}
        assert held == expected[assessor.username], f"{assessor.username}'s sheet lost or kept a refused save"

    # Every application has a certifiable consensus; two certifiers decide them all at the same moment.
    for application in applications:
        agree(application, dict.fromkeys(items, ("3", "")), people.admin)  # so both certifiers may decide
    certifiers = [people.certifier, person("certifier-2", Role.CERTIFIER)]
    certifier_tokens = [token_of(user) for user in certifiers]
    decided: dict[int, list[tuple[int, int, str, Any]]] = {application.pk: [] for application in applications}

    def certifier(which: int, application: Application, position: int) -> Callable[[threading.Barrier], None]:
        # The second certifier refuses every fourth city, so both outcomes race.
        outcome = Outcome.NOT_CERTIFIED if which == 1 and position % 4 == 3 else Outcome.CERTIFIED
        body = {"outcome": outcome, "reasons": "심사 결과에 따름", "against_engine_reason": "위원회 판단"}

        def work(barrier: threading.Barrier) -> None:
            barrier.wait()
            status, answer = call(
                servers[(which + position) % 2],
                "POST",
                f"/applications/{application.pk}/decision",
                body,
                certifier_tokens[which],
            )
            decided[application.pk].append((status, which, outcome, answer))

        return work

    all_at_once(
        [
            certifier(which, application, position)
            for position, application in enumerate(applications)
            for which in (0, 1)
        ]
    )

    certified: set[int] = set()
    for application in applications:
        tries = sorted(decided[application.pk], key=lambda tried: tried[0])
        assert [status for status, *_ in tries] == [201, 409], (application.city.code, tries)
        (_, winner, outcome, answer), (_, _, _, refused) = tries
        assert refused["error"]["code"] == "conflict", refused
        assert answer["state"] == ApplicationState.DECIDED and answer["decision"]["outcome"] == outcome, answer
        decision = Decision.objects.get(application=application)
        assert (decision.outcome, decision.decided_by) == (outcome, certifiers[winner])
        assert (answer["certificate"] is not None) == (outcome == Outcome.CERTIFIED), answer
        if outcome == Outcome.CERTIFIED:
            certified.add(application.pk)
    assert set(Application.objects.values_list("state", flat=True)) == {ApplicationState.DECIDED}
    assert Decision.objects.count() == CITIES

    certificates = list(Certificate.objects.order_by("number"))
    assert {certificate.application_id for certificate in certificates} == certified
    assert len(certificates) == len(certified) > 5, "many certificates are issued at the same moment"
    prefix = certificates[0].number[:-4]
    assert [certificate.number for certificate in certificates] == [
        f"{prefix}{n:04d}" for n in range(1, len(certified) + 1)
    ], "one number each, in a row"
    assert CertificateChange.objects.count() == len(certified)
    schedules = [DueAudit.objects.filter(certificate=certificate).count() for certificate in certificates]
    assert len(set(schedules)) == 1 and schedules[0] > 0, "each certificate with its audit schedule"
    assert PublishedRows.objects.count() == CITIES
    assert PublishedItem.objects.count() == CITIES * len(items)
    assert verify()[1] is None, "the audit log is whole"
    assert time.monotonic() - started < 60
