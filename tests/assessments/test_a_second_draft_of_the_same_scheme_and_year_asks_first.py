"""Seocho-gu's officer, who has a 2026 draft on ISO 37106, starts another 2026 ISO 37106 assessment: the page asks
first, keeping what was chosen, offers the draft there is, and starts a second one only when confirmed. Another
year, or another scheme, starts at once."""

from __future__ import annotations

import pytest
from django.test import Client

from citycert.assessments.models import Assessment
from citycert.library.models import FrameworkVersion
from tests.people import People

pytestmark = pytest.mark.django_db


def officer(people: People) -> Client:
    client = Client()
    client.force_login(people.officer)
    return client


def form(version: FrameworkVersion, year: int, **more: str) -> dict[str, str]:
    return {"framework_version": str(version.pk), "kind": "self_assessment", "year": str(year), **more}


def test_a_second_draft_is_asked_about_first(people: People) -> None:
    client = officer(people)
    bsi = people.draft.framework_version
    before = Assessment.objects.count()
    asked = client.post(f"/cities/{people.seocho.code}/assessments/new/", form(bsi, 2026))
    assert asked.status_code == 200 and Assessment.objects.count() == before
    html = asked.content.decode()
    assert "이미 2026년" in html and bsi.name_ko in html and "두 번째 평가를 시작할까요" in html
    assert f'href="/assessments/{people.draft.pk}/"' in html
    assert f'<option value="{bsi.pk}" selected>' in html and 'value="2026"' in html
    assert 'name="second_draft" value="yes"' in html

    confirmed = client.post(f"/cities/{people.seocho.code}/assessments/new/", form(bsi, 2026, second_draft="yes"))
    assert confirmed.status_code == 302 and Assessment.objects.count() == before + 1
    assert Assessment.objects.filter(city=people.seocho, year=2026, state="draft").count() == 2


def test_starting_from_an_earlier_assessment_asks_too(people: People) -> None:
    client = officer(people)
    before = Assessment.objects.count()
    asked = client.post(
        f"/cities/{people.seocho.code}/assessments/new/",
        form(people.draft.framework_version, 2026, start_from=str(people.submitted.pk)),
    )
    assert asked.status_code == 200 and Assessment.objects.count() == before
    assert f'<option value="{people.submitted.pk}" selected>' in asked.content.decode()


def test_another_year_or_scheme_starts_at_once(people: People) -> None:
    client = officer(people)
    before = Assessment.objects.count()
    bsi = people.draft.framework_version
    assert client.post(f"/cities/{people.seocho.code}/assessments/new/", form(bsi, 2027)).status_code == 302
    kr = FrameworkVersion.objects.filter(framework_id="kr-smartcity").first()
    assert kr is not None
    assert client.post(f"/cities/{people.seocho.code}/assessments/new/", form(kr, 2026)).status_code == 302
    assert Assessment.objects.count() == before + 2


def test_another_citys_officer_finds_no_such_page(people: People) -> None:
    client = Client()
    client.force_login(people.other_officer)
    bsi = people.draft.framework_version
    assert client.post(f"/cities/{people.seocho.code}/assessments/new/", form(bsi, 2026)).status_code == 404
