"""Seocho-gu's officer types 1e308 open datasets, or 99999999999999999999999999, or NaN: each is refused with
the item's bound named, on the page, through the API, in a responses spreadsheet and in an indicator import,
and nothing is saved. A framework stored before bounds were required still refuses what no item can be."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.core.management import call_command
from django.test import Client

from citycert.assessments.choices import AssessmentKind
from citycert.assessments.models import Assessment
from citycert.assessments.workflow import create_assessment
from citycert.frameworks.schema import Framework
from citycert.library.store import find_version
from citycert.scoring.model import compile_framework
from citycert.scoring.responses import coerce_answer
from tests.api.calling import Caller, error_of
from tests.indicators.story import long_csv
from tests.people import People
from tests.support import run

pytestmark = pytest.mark.django_db

# Public datasets opened: a count from 0 to 50,000 (the body's plausibility bound in the framework file).
DATASETS = "D1.I1.1"
TOO_LARGE = ("1e308", "99999999999999999999999999", "50001")


@pytest.fixture
def national_draft(people: People) -> Assessment:
    version = find_version("kr-smartcity")
    return create_assessment(people.seocho, version, AssessmentKind.SELF_ASSESSMENT, 2026, people.officer)


def test_the_page_refuses_a_count_above_its_bound_and_saves_nothing(
    client: Client, people: People, national_draft: Assessment
) -> None:
    client.force_login(people.officer)
    path = f"/assessments/{national_draft.pk}/items/{DATASETS}/"
    for typed in TOO_LARGE:
        answer = client.post(path, {"value": typed})
        assert answer.status_code == 422, typed
        html = answer.content.decode()
        shown = "1.000e+308" if typed == "1e308" else typed  # 309 digits would not be read
        assert f"{shown}은(는) 허용된 최댓값 50000보다 큽니다." in html, typed
        assert f'value="{typed}"' in html, "what was typed is kept in the field"
    for typed in ("NaN", "inf", "-Infinity"):
        answer = client.post(path, {"value": typed})
        assert answer.status_code == 422
        assert "유한한 숫자가 아닙니다" in answer.content.decode()
    answer = client.post(path, {"value": "-1"})
    assert "-1은(는) 허용된 최솟값 0보다 작습니다." in answer.content.decode()
    assert not national_draft.responses.filter(item_id=DATASETS).exclude(value="").exists()
    assert client.post(path, {"value": "50000"}).status_code == 200


def test_the_api_refuses_it_naming_the_row_and_the_bound(people: People, national_draft: Assessment) -> None:
    hub = Caller(people.officer)
    etag = hub.get(f"/assessments/{national_draft.pk}")["ETag"]
    answer = hub.patch(
        f"/assessments/{national_draft.pk}/responses",
        {"responses": [{"item": "D1.I1.2", "value": 50}, {"item": DATASETS, "value": 1e308}]},
        **{"If-Match": etag},
    )
    assert answer.status_code == 422
    details = error_of(answer)["details"]
    assert [detail["field"] for detail in details] == ["body.responses.1"]
    assert details[0]["rule"] == "above_maximum" and "50000" in details[0]["message"]
    assert not national_draft.responses.exclude(value="").exists()
    # A share above 100 % is refused the same way.
    answer = hub.patch(
        f"/assessments/{national_draft.pk}/responses",
        {"responses": [{"item": "D1.I1.2", "value": "100.5"}]},
        **{"If-Match": etag},
    )
    assert [(d["rule"], "100" in d["message"]) for d in error_of(answer)["details"]] == [("above_maximum", True)]


def test_a_responses_spreadsheet_names_the_row_and_the_bound(tmp_path: Path) -> None:
    sheet = tmp_path / "responses.csv"
    sheet.write_text(
        "item,value\nD1.I1.2,50\nD1.I1.1,99999999999999999999999999\nD1.I1.3,NaN\nD1.I2.1,1e308\n", encoding="utf-8"
    )
    ran = run("score", "--framework", "kr-smartcity", str(sheet), "--json")
    assert ran.code == 2
    lines = ran.err.strip().splitlines()
    assert lines[0].startswith(f"{sheet}:3:2: item 'D1.I1.1': 99999999999999999999999999 is above the allowed maximum")
    assert lines[1] == f"{sheet}:4:2: item 'D1.I1.3': 'NaN' is not a finite number"
    assert lines[2] == f"{sheet}:5:2: item 'D1.I2.1': 1.000e+308 is above the allowed maximum 1000"


def test_an_indicator_import_names_the_range(
    people: People, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    values = tmp_path / "values.csv"
    values.write_bytes(long_csv([("11650", f"kr-smartcity:{DATASETS}", "2025", "60000", "건", "시 데이터허브")]))
    with pytest.raises(SystemExit) as refused:
        call_command("indicators", "import", str(values), "--as", "officer-seocho")
    assert refused.value.code == 1
    said = capsys.readouterr().out
    assert f"{values}:2: value: 60000은(는) {DATASETS}이(가) 허용하는 범위(0 ~ 50000)" in said, said


def test_a_framework_stored_without_a_maximum_still_refuses_the_implausible() -> None:
    # Stored versions are read back without the file checks: one from before bounds were required.
    document = find_version("kr-smartcity").framework.model_dump(mode="json", by_alias=True)
    for node in document["nodes"]:
        if node["id"] == DATASETS:
            node["max"] = None
    old = Framework.model_validate(document)
    item = compile_framework(old).item_by_id[DATASETS]
    assert coerce_answer(item, "900000000000000") is not None
    with pytest.raises(ValueError, match="1000000000000001 is beyond the largest value accepted, 1000000000000000"):
        coerce_answer(item, "1000000000000001")
    with pytest.raises(ValueError, match="beyond the largest value accepted"):
        coerce_answer(item, "1e308")
