"""The certifier types a qualification with nothing ticked, an end before its start and a training in the future:
the same form comes back with each mistake below its field, in the page's language, and everything typed still
there; nothing is recorded."""

from __future__ import annotations

import re
from datetime import timedelta

from django.conf import settings
from django.test import Client
from django.utils import timezone

from citycert.competence.models import Qualification
from tests.people import People


def test_every_mistake_stands_at_its_field_with_what_was_typed(client: Client, people: People) -> None:
    client.force_login(people.certifier)
    tomorrow = (timezone.localdate() + timedelta(days=1)).isoformat()
    sent = {
        "title": "스마트도시 인증 평가위원",
        "valid_from": "2025-01-01",
        "valid_until": "2024-12-31",
        "training": "평가위원 교육",
        "trained_on": tomorrow,
    }
    answer = client.post(f"/competence/assessors/{people.assessor.pk}/", sent)
    assert answer.status_code == 400
    page = answer.content.decode()
    assert 'id="id_schemes_error"' in page and "이 자격으로 평가할 수 있는 인증 제도를 하나 이상 고르십시오." in page
    assert 'id="id_valid_until_error"' in page and "자격의 유효 종료일이 시작일보다 빠를 수 없습니다." in page
    assert 'id="id_trained_on_error"' in page and "교육 이수일은 미래일 수 없습니다." in page
    for typed in (
        'value="스마트도시 인증 평가위원"',
        'value="2025-01-01"',
        'value="2024-12-31"',
        'value="평가위원 교육"',
        f'value="{tomorrow}"',
    ):
        assert typed in page
    assert '<details id="new-qualification" open>' in page
    assert not Qualification.objects.exists()

    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    answer = client.post(
        f"/competence/assessors/{people.assessor.pk}/", {**sent, "title": " ", "schemes": ["kr-smartcity"]}
    )
    page = answer.content.decode()
    assert answer.status_code == 400
    assert (
        'id="id_title_error"' in page and "Name the qualification (for example: ISO 37106 lead assessor, 2024)." in page
    )
    assert "A qualification cannot end before it starts." in page
    assert re.search(r'value="kr-smartcity"[^>]*checked', page)  # the scheme ticked stays ticked
    assert not Qualification.objects.exists()


def test_a_date_that_is_no_date_is_named(client: Client, people: People) -> None:
    client.force_login(people.certifier)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    answer = client.post(
        f"/competence/assessors/{people.assessor.pk}/",
        {"title": "Assessor", "schemes": ["kr-smartcity"], "valid_from": "last spring"},
    )
    assert answer.status_code == 400
    page = answer.content.decode()
    assert 'id="id_valid_from_error"' in page and "Give a date as YYYY-MM-DD." in page and 'value="last spring"' in page
