"""Hanam-si's officer opens a new ISO 37106 self-assessment with two items a level short of the bar: beside each
step of the gap plan stand other cities' cases that reached at least that level at that item, cities of Hanam's
size first, each linking to the case; Hanam's own cases are not offered to it."""

from __future__ import annotations

import pytest
from django.test import Client

from citycert.cities.models import City
from citycert.library.store import find_version
from citycert.practices.for_gaps import cases_for_steps
from tests.practices.stories import block, demo_user, draft_short_of_the_bar, text_of

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("demo")]


def test_each_step_shows_cases_of_cities_that_reached_it_the_same_size_first() -> None:
    draft = draft_short_of_the_bar("41450", {"BM.leadership": 2, "BM.engagement": 2})
    client = Client()
    client.force_login(demo_user("officer-hanam"))
    html = client.get(f"/assessments/{draft.pk}/").content.decode()

    leadership = block(html, 'data-gap="BM.leadership"', "</li></ul>")
    seen = text_of(leadership)
    # Seocho-gu (small-medium, like Hanam-si) reached level 4 there in 2023; Daegu (large) in 2020.
    assert "서울특별시 서초구: 도시비전·리더십·역량·데이터 투자·도시간 협업" in seen
    assert "대구광역시: 전략관리 5개 항목과 디지털·물리적 자산관리 2개 항목 레벨 4" in seen
    assert seen.index("서초구") < seen.index("대구광역시"), "the city of the same size comes first"
    assert "레벨 4" in seen and "같은 규모" in seen
    assert 'href="/cases/seocho-2023-strategy-at-level-4/"' in leadership

    engagement = text_of(block(html, 'data-gap="BM.engagement"', "</li></ul>"))
    assert "대구광역시" in engagement
    assert "하남시" not in engagement, "a city is not shown its own cases as how others did it"

    # The case the step links to is there for the officer to read.
    case = client.get("/cases/seocho-2023-strategy-at-level-4/")
    assert "리더십" in text_of(case.content.decode())


def test_a_case_below_the_steps_target_is_not_offered() -> None:
    framework = find_version("bsi-iso37106").framework
    seocho = City.objects.get(code="11650")
    # Hanam-si's living lab stands for "all items at level 3 or above": not for a step to level 4.
    to_four = cases_for_steps(framework, [("BM.engagement", 4)], seocho)["BM.engagement"]
    assert [found.case.key for found in to_four] == ["daegu-2020-strategy-at-level-4"]
    to_three = cases_for_steps(framework, [("BM.engagement", 3)], seocho)["BM.engagement"]
    # Both reached 3; Hanam-si (small-medium, like Seocho-gu) before Daegu (large).
    assert [found.case.key for found in to_three] == ["hanam-2022-living-lab", "daegu-2020-strategy-at-level-4"]
    assert [found.same_size for found in to_three] == [True, False]


def test_the_gap_plan_reads_in_english_too() -> None:
    draft = draft_short_of_the_bar("41450", {"BM.leadership": 2})
    client = Client()
    client.force_login(demo_user("officer-hanam"))
    client.cookies["django_language"] = "en"
    seen = text_of(
        block(client.get(f"/assessments/{draft.pk}/").content.decode(), 'data-gap="BM.leadership"', "</li></ul>")
    )
    assert (
        "Seocho-gu, Seoul Special City: Vision, leadership, capability, data investment and inter-city collaboration"
        in seen
    )
    assert "level 4" in seen and "same size" in seen
