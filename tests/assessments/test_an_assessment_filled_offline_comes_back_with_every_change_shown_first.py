"""A city officer downloads the assessment, fills it offline and uploads it back, seeing every change first."""

from __future__ import annotations

import csv
import io
import re

from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from openpyxl import load_workbook

from citycert.assessments.workflow import ResponseInput, save_response
from citycert.spreadsheet_cells import header_name
from tests.people import People

EVERY_FIELD = ResponseInput(
    value="4", value_year=2025, data_source="서초구 통계연보", data_quality="survey", justification="주민 설문, n=1,200"
)


def fields(people: People) -> list[tuple[object, ...]]:
    return list(
        people.draft.responses.order_by("item_id").values_list(
            "item_id", "value", "not_applicable", "value_year", "data_source", "data_quality", "justification"
        )
    )


def download(client: Client, people: People, suffix: str) -> bytes:
    answer = client.get(f"/assessments/{people.draft.pk}/export.{suffix}")
    assert answer.status_code == 200
    return answer.content


def upload(client: Client, people: People, name: str, content: bytes):
    return client.post(f"/assessments/{people.draft.pk}/import/", {"sheet": SimpleUploadedFile(name, content)})


def apply(client: Client, preview_html: str, people: People):
    token = re.search(r'name="token" value="([^"]+)"', preview_html)
    suffix = re.search(r'name="suffix" value="([^"]+)"', preview_html)
    revision = re.search(r'name="revision" value="([^"]+)"', preview_html)
    assert token and suffix and revision
    return client.post(
        f"/assessments/{people.draft.pk}/import/apply/",
        {"token": token.group(1), "suffix": suffix.group(1), "revision": revision.group(1)},
    )


def test_an_unchanged_xlsx_changes_nothing(client: Client, people: People) -> None:
    save_response(people.draft, "BM.leadership", EVERY_FIELD, people.officer)
    client.force_login(people.officer)
    before = fields(people)
    preview = upload(client, people, "a.xlsx", download(client, people, "xlsx"))
    assert preview.status_code == 200
    assert 'name="token"' not in preview.content.decode()
    assert fields(people) == before


def test_every_field_survives_the_xlsx_round_trip(client: Client, people: People) -> None:
    save_response(people.draft, "BM.leadership", EVERY_FIELD, people.officer)
    client.force_login(people.officer)
    workbook = load_workbook(io.BytesIO(download(client, people, "xlsx")))
    sheet = workbook["responses"]
    header = [header_name(cell.value) for cell in sheet[1]]
    assert sheet[1][header.index("value")].value == "값 / value"  # a person reads Korean, the upload the name
    assert "instructions" in workbook.sheetnames
    rows = {row[header.index("item")].value: row for row in sheet.iter_rows(min_row=2)}
    assert len(rows) == 22
    leadership = rows["BM.leadership"]
    assert [
        leadership[header.index(name)].value
        for name in ("value", "value_year", "data_source", "data_quality", "justification")
    ] == [
        "4",
        2025,
        "서초구 통계연보",
        "주민 조사로 추정",  # the data quality by name, in the language of the download (read back in either)
        "주민 설문, n=1,200",
    ]
    assert (
        leadership[header.index("name_ko")].value == "리더십"
        and leadership[header.index("name_en")].value == "Leadership"
    )
    rows["BM.roadmap"][header.index("value")].value = 5
    rows["BM.roadmap"][header.index("justification")].value = "로드맵 2030 수립"
    rows["CSM.digital-inclusion"][header.index("data_quality")].value = "measured"
    out = io.BytesIO()
    workbook.save(out)
    preview = upload(client, people, "filled.xlsx", out.getvalue())
    html = preview.content.decode()
    assert preview.status_code == 200
    assert "BM.roadmap" in html and "로드맵 2030 수립" in html and "CSM.digital-inclusion" in html
    assert people.draft.responses.filter(item_id="BM.roadmap").count() == 0, "nothing saved before confirming"
    assert apply(client, html, people).status_code == 302
    roadmap = people.draft.responses.get(item_id="BM.roadmap")
    assert (roadmap.value, roadmap.justification) == ("5", "로드맵 2030 수립")
    assert people.draft.responses.get(item_id="CSM.digital-inclusion").data_quality == "measured"
    assert people.draft.responses.get(item_id="BM.leadership").data_source == "서초구 통계연보"


def test_a_csv_round_trip_works_the_same(client: Client, people: People) -> None:
    save_response(people.draft, "BM.leadership", EVERY_FIELD, people.officer)
    client.force_login(people.officer)
    text = download(client, people, "csv").decode("utf-8-sig")
    rows = [{header_name(name): value for name, value in row.items()} for row in csv.DictReader(io.StringIO(text))]
    assert upload(client, people, "same.csv", text.encode("utf-8-sig")).content.decode().count('name="token"') == 0
    for row in rows:
        if row["item"] == "BM.capability":
            row["value"], row["value_year"] = "4", "2024"
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(rows[0]))
    writer.writeheader()
    writer.writerows(rows)
    preview = upload(client, people, "filled.csv", out.getvalue().encode("utf-8"))
    assert apply(client, preview.content.decode(), people).status_code == 302
    capability = people.draft.responses.get(item_id="BM.capability")
    assert (capability.value, capability.value_year) == ("4", 2024)


def test_a_file_for_another_city_or_framework_is_refused(client: Client, people: People) -> None:
    client.force_login(people.officer)
    content = download(client, people, "csv").decode("utf-8-sig")
    other_city = content.replace(",11650,", ",41450,")
    answer = upload(client, people, "hanam.csv", other_city.encode())
    assert answer.status_code == 400
    assert "이 행은 지자체 11650이(가) 아니라 41450의 행입니다" in answer.content.decode()
    other_framework = content.replace("bsi-iso37106@2021.1", "kr-smartcity@2024")
    answer = upload(client, people, "kr.csv", other_framework.encode())
    assert answer.status_code == 400 and "bsi-iso37106@2021.1이(가) 아니라" in answer.content.decode()


def test_a_broken_or_bad_sheet_changes_nothing(client: Client, people: People) -> None:
    client.force_login(people.officer)
    before = fields(people)
    for name, content, fragment in [
        ("broken.xlsx", b"PK\x03\x04 not a workbook", "읽을 수 있는 .xlsx 통합 문서가 아닙니다"),
        ("empty.csv", b"", "파일이 비어 있습니다"),
        (
            "bad.csv",
            b"item,value\nBM.vision,7\nBM.nope,3\n",
            "BM.vision: 수준 7은(는) 1, 2, 3, 4, 5 중 하나가 아닙니다.",
        ),
        ("other.pdf", b"%PDF-1.4", "내려받은 .xlsx 또는 .csv 파일을 올리세요"),
    ]:
        answer = upload(client, people, name, content)
        assert answer.status_code == 400, name
        assert fragment in answer.content.decode(), name
    assert fields(people) == before


def test_a_preview_made_stale_by_another_change_is_not_applied(client: Client, people: People) -> None:
    client.force_login(people.officer)
    text = download(client, people, "csv").decode("utf-8-sig").replace("BM.vision,3,", "BM.vision,5,")
    preview = upload(client, people, "filled.csv", text.encode())
    save_response(people.draft, "BM.roadmap", ResponseInput(value="2"), people.officer)
    apply(client, preview.content.decode(), people)
    assert people.draft.responses.get(item_id="BM.vision").value == "3"
