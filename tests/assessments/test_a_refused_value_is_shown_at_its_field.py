"""Seocho-gu's officer types a value a percentage item does not take, and is told why at that field.

`abc`, `-5` and `150` in "share of open datasets" (0 to 100 %) each come back as the same row with the typed text
kept, the field marked (aria-invalid, described by the message beside it) and the reason in the page's language;
nothing is saved, the score stays as it was, and a corrected value clears the mark.
"""

from __future__ import annotations

import re

import pytest
from django.conf import settings
from django.test import Client

from citycert.assessments.choices import AssessmentKind
from citycert.assessments.models import Assessment
from citycert.assessments.workflow import ResponseInput, create_assessment, save_response
from citycert.library.store import find_version
from tests.people import People

ITEM = "D1.I1.2"  # 기계 판독 가능 개방 데이터 비율, a percentage from 0 to 100


@pytest.fixture
def draft(people: People) -> Assessment:
    assessment = create_assessment(
        people.seocho, find_version("kr-smartcity"), AssessmentKind.SELF_ASSESSMENT, 2026, people.officer
    )
    save_response(assessment, ITEM, ResponseInput(value="40"), people.officer)
    return assessment


def post(client: Client, draft: Assessment, value: str, **more: str) -> tuple[int, str]:
    answer = client.post(
        f"/assessments/{draft.pk}/items/{ITEM}/",
        {"value": value, "revision": str(draft.revision), **more},
        HTTP_HX_REQUEST="true",
    )
    return answer.status_code, answer.content.decode()


def the_row(html: str) -> str:
    return html.split("</form>")[0]


def total(html: str) -> str:
    found = re.search(r'data-total="([^"]*)"', html)
    assert found, "the score panel comes with the row"
    return found.group(1)


@pytest.mark.parametrize(
    ("typed", "korean"),
    [
        ("abc", "“abc”은(는) 숫자가 아닙니다."),
        ("-5", "-5은(는) 허용된 최솟값 0보다 작습니다."),
        ("150", "150은(는) 허용된 최댓값 100보다 큽니다."),
    ],
)
def test_a_refused_value_is_explained_in_korean_beside_the_field_it_was_typed_in(
    client: Client, people: People, draft: Assessment, typed: str, korean: str
) -> None:
    client.force_login(people.officer)
    before = total(client.get(f"/assessments/{draft.pk}/score/").content.decode())
    status, html = post(client, draft, typed)
    row = the_row(html)
    assert status == 422
    assert 'class="item depth-2 invalid"' in row
    assert f'<p class="error" role="alert" id="error-{ITEM}">{korean}</p>' in row.replace("&quot;", '"')
    field = re.search(r'<input [^>]*name="value"[^>]*>', row)
    assert field is not None
    assert 'aria-invalid="true"' in field.group(0) and f'aria-describedby="error-{ITEM}"' in field.group(0)
    assert f'value="{typed}"' in field.group(0), "the typed text stays in the field"
    assert total(html) == before, "the score is unchanged"
    assert draft.responses.get(item_id=ITEM).value == "40", "nothing was saved"
    assert 'id="assessment-revision" name="revision" value="1"' in html, "the revision is unchanged"


def test_the_same_refusal_reads_in_english_on_the_english_page(
    client: Client, people: People, draft: Assessment
) -> None:
    client.force_login(people.officer)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    status, html = post(client, draft, "abc")
    assert status == 422 and "“abc” is not a number." in html
    status, html = post(client, draft, "150")
    assert status == 422 and "150 is above the allowed maximum, 100." in html


def test_a_corrected_value_is_saved_and_the_mark_is_gone(client: Client, people: People, draft: Assessment) -> None:
    client.force_login(people.officer)
    post(client, draft, "abc")
    status, html = post(client, draft, "55.5")
    row = the_row(html)
    assert status == 200
    assert "invalid" not in row and "aria-invalid" not in row and 'role="alert"' not in row
    assert 'value="55.5"' in row
    assert draft.responses.get(item_id=ITEM).value == "55.5"
    assert 'id="assessment-revision" name="revision" value="2"' in html, "the page is told its next revision"


def test_the_saved_value_is_what_the_page_shows_after_a_reload(
    client: Client, people: People, draft: Assessment
) -> None:
    client.force_login(people.officer)
    post(client, draft, "abc")
    page = client.get(f"/assessments/{draft.pk}/").content.decode()
    row = page.split(f'data-item="{ITEM}"')[1].split("</form>")[0]
    assert 'value="40"' in row and "abc" not in row and "invalid" not in row


def test_a_refused_year_marks_the_year_field_and_opens_the_details(
    client: Client, people: People, draft: Assessment
) -> None:
    client.force_login(people.officer)
    status, html = post(client, draft, "41", value_year="20x5", data_source="통계청")
    row = the_row(html)
    assert status == 422
    assert "<details open>" in row
    year = re.search(r'<input [^>]*name="value_year"[^>]*>', row)
    assert year is not None and 'aria-invalid="true"' in year.group(0)
    assert 'value="20x5"' in row, "the typed year is kept"
    assert 'name="data_source" value="통계청"' in row, "and so is everything else typed in the row"
    value = re.search(r'<input [^>]*name="value"[^>]*>', row)
    assert value is not None and "aria-invalid" not in value.group(0)
    assert "연도" in row.split('role="alert"')[1].split("</p>")[0]
    assert draft.responses.get(item_id=ITEM).value == "40"


def test_another_citys_officer_cannot_even_try(client: Client, people: People, draft: Assessment) -> None:
    client.force_login(people.other_officer)
    status, _ = post(client, draft, "abc")
    assert status == 404
    assert draft.responses.get(item_id=ITEM).value == "40"
