"""Why a value was refused reads in the reader's language wherever it is given: the page (see
test_a_refused_value_is_shown_at_its_field), a spreadsheet upload's list of problems, and the API's 422 details.

The scoring package stays free of Django: it refuses with a code and its parameters and a plain English text,
which the command line prints; every code has its translation at the edge.
"""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.conf import settings
from django.test import Client

from citycert.assessments.choices import AssessmentKind
from citycert.assessments.models import Assessment
from citycert.assessments.refusals import MESSAGES
from citycert.assessments.workflow import create_assessment
from citycert.library.store import find_version
from citycert.scoring.model import compile_framework
from citycert.scoring.responses import REFUSALS, AnswerRefused, coerce_answer
from tests.api.calling import Caller, error_of
from tests.people import People
from tests.support import bundled_frameworks

ITEM = "D1.I1.2"  # a percentage from 0 to 100


@pytest.fixture
def draft(people: People) -> Assessment:
    return create_assessment(
        people.seocho, find_version("kr-smartcity"), AssessmentKind.SELF_ASSESSMENT, 2026, people.officer
    )


def test_every_refusal_scoring_can_give_has_a_translation() -> None:
    assert set(MESSAGES) == set(REFUSALS), "a new refusal code needs its text in citycert/assessments/refusals.py"


def test_scoring_alone_refuses_with_a_code_and_plain_english() -> None:
    item = compile_framework(bundled_frameworks()["kr-smartcity"]).item_by_id[ITEM]
    with pytest.raises(AnswerRefused) as refused:
        coerce_answer(item, "abc")
    assert (refused.value.code, refused.value.params, str(refused.value)) == (
        "not_a_number",
        {"value": "abc"},
        "'abc' is not a number",
    )
    with pytest.raises(AnswerRefused) as refused:
        coerce_answer(item, "150")
    assert refused.value.code == "above_maximum" and refused.value.params == {"value": "150", "maximum": "100"}
    assert coerce_answer(item, "99.5") is not None and coerce_answer(item, "99.5").value == Decimal("99.5")  # type: ignore[union-attr]


def upload(client: Client, draft: Assessment, content: str) -> str:
    from django.core.files.uploadedfile import SimpleUploadedFile

    sheet = SimpleUploadedFile("filled.csv", content.encode(), content_type="text/csv")
    answer = client.post(f"/assessments/{draft.pk}/import/", {"sheet": sheet})
    assert answer.status_code == 400
    return answer.content.decode()


def test_a_spreadsheet_upload_names_each_refused_value_in_the_pages_language(
    client: Client, people: People, draft: Assessment
) -> None:
    client.force_login(people.officer)
    sheet = f"item,value\n{ITEM},abc\nD1.I3.4,-5\n"
    html = upload(client, draft, sheet)
    assert f"{ITEM}: “abc”은(는) 숫자가 아닙니다." in html
    assert "D1.I3.4: -5은(는) 허용된 최솟값 0보다 작습니다." in html
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    html = upload(client, draft, sheet)
    assert f"{ITEM}: “abc” is not a number." in html
    assert not draft.responses.exists()


def test_the_api_gives_each_refusal_in_the_language_asked_for_and_names_its_rule(
    people: People, draft: Assessment
) -> None:
    officer = Caller(people.officer)
    changes = {"responses": [{"item": ITEM, "value": "abc"}, {"item": "D1.I3.4", "value": 150}]}
    for language, first, second in (
        ("ko", "“abc”은(는) 숫자가 아닙니다.", "150은(는) 허용된 최댓값 100보다 큽니다."),
        ("en", "“abc” is not a number.", "150 is above the allowed maximum, 100."),
    ):
        answer = officer.patch(
            f"/assessments/{draft.pk}/responses",
            changes,
            **{"If-Match": f'"assessment-{draft.pk}-r0-draft"', "Accept-Language": language},
        )
        assert answer.status_code == 422, answer.content
        details = error_of(answer)["details"]
        assert [(detail["item"], detail["rule"], detail["message"]) for detail in details] == [
            (ITEM, "not_a_number", first),
            ("D1.I3.4", "above_maximum", second),
        ]
    assert not draft.responses.exists()
