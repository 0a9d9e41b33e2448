"""A city officer uploads a sheet made outside citycert, from a press release's wording: items by their Korean
names, areas by the names outlets use (Sejong's 전략관리, Daegu's 디지털·물리적 자산관리). citycert reads each
row as the item it names; an area that is not the item's, or that no area is called, is refused at its row."""

from __future__ import annotations

import csv
import io

from django.test import Client

from tests.assessments.test_an_assessment_filled_offline_comes_back_with_every_change_shown_first import apply, upload
from tests.people import People


def sheet(rows: list[tuple[str, str, str]]) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["항목 / item", "영역(한국어) / group_ko", "값 / value"])
    writer.writerows((item, area, value) for item, area, value in rows)
    return out.getvalue().encode("utf-8-sig")


def test_items_named_under_the_outlets_area_names_land_on_their_items(client: Client, people: People) -> None:
    client.force_login(people.officer)
    content = sheet(
        [
            ("파트너십", "전략관리", "4"),  # Daegu 2020: partnership, in strategy management
            ("도시 전체 IT 아키텍처", "디지털·물리적 자산관리", "4"),
            ("지역사회 역량강화", "시민중심 서비스", "5"),  # Sejong's name for the citizen-centric area
            ("책임", "사업관리", "4"),  # Hanam's name for business management
        ]
    )
    preview = upload(client, people, "press.csv", content)
    html = preview.content.decode()
    assert preview.status_code == 200, html
    for item in ("BM.partnership", "TDAM.it-architecture", "CSM.community-empowerment", "BM.accountability"):
        assert item in html
    assert people.draft.responses.filter(item_id="BM.partnership").count() == 0, "nothing saved before confirming"
    assert apply(client, html, people).status_code == 302
    saved = dict(people.draft.responses.values_list("item_id", "value"))
    assert saved["BM.partnership"] == "4" and saved["TDAM.it-architecture"] == "4"
    assert saved["CSM.community-empowerment"] == "5" and saved["BM.accountability"] == "4"


def test_an_area_that_is_not_the_items_or_no_areas_name_is_refused_at_its_row(client: Client, people: People) -> None:
    client.force_login(people.officer)
    before = list(people.draft.responses.values_list("item_id", "value"))
    content = sheet(
        [("리더십", "이익실현", "4"), ("도시 비전", "정책관리", "4"), ("Leadership", "", "4"), ("리더십", "", "3")]
    )
    answer = upload(client, people, "wrong.csv", content)
    html = answer.content.decode()
    assert answer.status_code == 400
    assert "리더십은(는) 영역 &#x27;이익실현&#x27;에 있지 않습니다(비즈니스 관리에 있습니다)" in html
    assert "도시 비전: bsi-iso37106@2021.1에는 &#x27;정책관리&#x27;(이)라는 영역이 없습니다" in html
    # The same item by its English and its Korean name is the same item twice.
    assert "항목 &#x27;BM.leadership&#x27;이(가) 두 번 나옵니다(처음은 4행)" in html
    assert list(people.draft.responses.values_list("item_id", "value")) == before
