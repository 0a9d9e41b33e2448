"""The demo's national rounds are each scored on their own edition of the scheme (2021 on 63 indicators, 2022 on
56, 2023-2025 on 53), read back from the database the demo loader filled; a city's pages say which edition scored
each round, and a city whose rounds span editions still compares them year by year."""

from __future__ import annotations

import re

import pytest
from django.contrib.auth import get_user_model
from django.test import Client

from citycert.assessments.models import Assessment
from citycert.certification.models import Application, PublishedItem, Round

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("demo")]
EDITION_OF_YEAR = {2021: "2021", 2022: "2022", 2023: "2024", 2024: "2024", 2025: "2024"}
INDICATORS = {"2021": 63, "2022": 56, "2024": 53}


def test_every_past_national_round_scores_on_its_own_edition() -> None:
    rounds = Round.objects.filter(framework_version__framework_id="kr-smartcity", year__in=EDITION_OF_YEAR)
    assert {(round_.year, round_.framework_version.version) for round_ in rounds} == set(EDITION_OF_YEAR.items())
    decided = Application.objects.filter(round__in=rounds, state="decided").select_related("round__framework_version")
    assert decided.count() == 58  # 8 + 9 + 14 + 11 + 16 certifications, as the press listed them
    for application in decided:
        edition = application.round.framework_version.version
        assert edition == EDITION_OF_YEAR[application.round.year], application
        # The city applied with an assessment on that edition, and every one of its indicators was published.
        assert application.frozen.framework_version_id == application.round.framework_version_id
        items = PublishedItem.objects.filter(application=application)
        assert items.count() == INDICATORS[edition], application
        assert set(items.values_list("framework_version_id", flat=True)) == {application.round.framework_version_id}


def test_no_note_says_a_round_was_scored_on_another_rounds_tree_and_each_names_its_edition() -> None:
    national = Assessment.objects.filter(framework_version__framework_id="kr-smartcity", illustrative=True)
    assert not national.filter(source_note__contains="2024 edition").filter(year__lt=2023).exists()
    assert not national.filter(source_note__contains="2024 tree").exists()
    seongdong_2021 = national.get(city__code="11200", year=2021, application__isnull=True)
    assert "2021 edition" in seongdong_2021.source_note and "63 indicators" in seongdong_2021.source_note
    dalseo_2022 = national.get(city__code="27290", year=2022, application__isnull=True)
    assert "2022 edition" in dalseo_2022.source_note and "56 indicators" in dalseo_2022.source_note


def result_cards(html: str) -> dict[str, str]:
    """Each published result card of a city's public page: its heading (the round) and its edition line."""
    cards = re.findall(r'<h3>([^<]+)</h3>\s*<p class="meta edition" data-edition="[^"]+">([^<]+)</p>', html)
    return {heading.strip(): edition.strip() for heading, edition in cards}


def test_a_citys_public_page_shows_each_round_with_its_edition_in_korean_and_english(client: Client) -> None:
    # Seoul: certified 2021 (2021 edition), extended 2023 and 2025 (the 2023-2025 edition).
    korean = result_cards(client.get("/registry/cities/11000/").content.decode())
    assert korean["2021년 스마트도시 인증 (국토교통부)"] == "적용 평가 체계: 2021년 판 (세부지표 63개)"
    assert korean["2023년 스마트도시 인증 (국토교통부)"] == "적용 평가 체계: 2023~2025년 판 (세부지표 53개)"
    assert korean["2025년 스마트도시 인증 (국토교통부)"] == "적용 평가 체계: 2023~2025년 판 (세부지표 53개)"
    client.cookies["django_language"] = "en"
    cards = result_cards(client.get("/registry/cities/11000/").content.decode())
    assert "Scored on: 2021 edition (63 indicators)" in cards.values()
    assert "Scored on: 2023-2025 edition (53 indicators)" in cards.values()


def test_the_officers_side_by_side_history_labels_each_column_with_its_edition(client: Client) -> None:
    # Seocho-gu: certified 2022 (2022 edition), extended 2024 (2023-2025 edition).
    client.force_login(get_user_model().objects.get(username="officer-seocho"))
    html = client.get("/cities/11650/workspace/").content.decode()
    history = html[html.index('class="list history"') :]
    columns = re.findall(r'<small class="edition" data-edition="(\w+)">([^<]+)</small>', history)
    assert ("2022", "2022년 판 (세부지표 56개)") in columns and ("2024", "2023~2025년 판 (세부지표 53개)") in columns
    assert "서로 다른 판으로 작성되었습니다" in html  # the areas compare directly, the items through the crosswalk


def test_the_peer_benchmark_compares_a_city_over_years_of_different_editions(client: Client) -> None:
    html = client.get("/registry/cities/11650/benchmark/?framework=kr-smartcity&year=2024").content.decode()
    rows = dict(re.findall(r'<tr data-year="(\d+)"><td>\d+</td><td class="edition">([^<]+)</td>', html))
    assert rows == {"2022": "2022년 판 (세부지표 56개)", "2024": "2023~2025년 판 (세부지표 53개)"}
    assert "연도마다 인증 체계의 다른 판으로 채점되었습니다" in html
    # The year of the older edition is still there to choose, and benchmarks on its own round.
    older = client.get("/registry/cities/11650/benchmark/?framework=kr-smartcity&year=2022")
    assert older.status_code == 200 and "D3.I3.7" in older.content.decode()  # an indicator only 2021-2022 had
