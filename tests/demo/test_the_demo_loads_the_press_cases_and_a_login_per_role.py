"""Someone trying citycert runs `make demo`: the press cases are there, with their published results, and a login per role."""

from __future__ import annotations

import pytest
from django.contrib.auth import authenticate
from django.test import Client

from citycert.assessments.answers import answers_of
from citycert.assessments.models import Assessment
from citycert.cities.models import City, SmartService
from citycert.demo.load import ACCOUNTS, DEMO_PASSWORD, load_demo
from citycert.scoring import score
from tests.support import run

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("demo")]


def result_of(code: str, framework: str):
    # The published one: the earliest (the demo's renewals start from it).
    assessment = (
        Assessment.objects.filter(city__code=code, framework_version__framework_id=framework, illustrative=True)
        .order_by("year")
        .first()
    )
    assert assessment is not None
    version = assessment.framework_version.framework
    category = assessment.city.category_in(version, assessment.year)
    return assessment, score(version, answers_of(version, assessment.responses.all()), category=category)


def test_the_demo_prints_one_login_per_role_and_each_works() -> None:
    ran = run("demo")
    assert ran.code == 0, ran.err
    for username, _, _ in ACCOUNTS:
        assert username in ran.out
        assert authenticate(username=username, password=DEMO_PASSWORD) is not None
    assert "citycert-demo" in ran.out and "/accounts/login/" in ran.out
    assert "/certification/monitoring/" in ran.out and "below the bar: 성동구" in ran.out


def test_the_press_cases_are_loaded_with_their_published_results() -> None:
    for code in ("11000", "11650", "11200", "11530", "27290", "41450"):
        assert City.objects.filter(code=code).exists()
    assert SmartService.objects.filter(city__code="11530").exists(), "Guro-gu's services"
    seocho, result = result_of("11650", "bsi-iso37106")
    levels = sorted(int(r.value) for r in seocho.responses.all())
    assert levels.count(5) == 1 and levels.count(4) == 11 and levels.count(3) == 10
    assert (result.certified, result.classification) == (True, 3)
    assert seocho.state == "submitted" and seocho.kind == "surveillance" and seocho.year == 2023
    hanam, result = result_of("41450", "bsi-iso37106")
    assert result.certified is True and hanam.year == 2022
    for code, category in (("11200", "small_medium"), ("11530", "small_medium"), ("11000", "large")):
        assessment, result = result_of(code, "kr-smartcity")
        assert (result.certified, result.classification, result.category, assessment.year) == (True, 3, category, 2021)
    dalseo, result = result_of("27290", "kr-smartcity")
    assert result.certified is True and result.category == "small_medium" and dalseo.year == 2022
    assert all(
        assessment.illustrative and assessment.source_note
        for assessment in Assessment.objects.filter(illustrative=True)
    )


def test_loading_the_demo_again_adds_nothing() -> None:
    counts = (City.objects.count(), Assessment.objects.count(), SmartService.objects.count())
    load_demo()
    assert (City.objects.count(), Assessment.objects.count(), SmartService.objects.count()) == counts


def test_the_demo_officer_finds_a_draft_to_work_on(client: Client) -> None:
    client.login(username="officer-seocho", password=DEMO_PASSWORD)
    html = client.get("/cities/11650/workspace/").content.decode()
    assert "작성 중" in html and "제출됨" in html
