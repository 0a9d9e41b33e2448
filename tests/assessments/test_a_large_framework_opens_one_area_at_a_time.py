"""A city officer opens the assessment of a 1,375-item framework: the page shows the first area's rows and each
other area as a closed heading that loads its rows when opened (htmx) or through its link (without script).
The page stays under 400 KB; another city's officer cannot load an area; an unknown area is not found."""

from __future__ import annotations

import re
from pathlib import Path

import yaml
from django.test import Client

from bench.synthetic import framework_document, full_responses
from citycert.assessments.answers import stored_text
from citycert.assessments.choices import AssessmentKind
from citycert.assessments.models import Assessment
from citycert.assessments.workflow import create_assessment, save_responses
from citycert.library.store import find_version, import_paths
from tests.people import People


def large_assessment(people: People, tmp_path: Path) -> Assessment:
    path = tmp_path / "synthetic.yaml"
    path.write_text(yaml.safe_dump(framework_document(1375), allow_unicode=True), encoding="utf-8")
    import_paths([path])
    version = find_version("synthetic")
    assessment = create_assessment(people.seocho, version, AssessmentKind.SELF_ASSESSMENT, 2026, people.officer)
    answers = full_responses(version.framework)
    save_responses(
        assessment, {item: {"value": stored_text(answer.value)} for item, answer in answers.items()}, people.officer
    )
    return assessment


def items_in(html: str) -> set[str]:
    return set(re.findall(r'<form class="item[^"]*"[^>]*data-item="([^"]+)"', html))


def test_the_page_shows_one_area_and_loads_the_others_when_opened(
    client: Client, people: People, tmp_path: Path
) -> None:
    assessment = large_assessment(people, tmp_path)
    client.force_login(people.officer)
    page = client.get(f"/assessments/{assessment.pk}/")
    html = page.content.decode()
    assert page.status_code == 200
    assert len(page.content) < 400 * 1024
    shown = items_in(html)
    assert shown and all(item.startswith("D0.") for item in shown)
    assert 'data-area="D3"' in html and f'hx-get="/assessments/{assessment.pk}/areas/D3/"' in html
    assert "이 영역의 항목 보기" in html  # the link that opens the area without script
    # Every item stays reachable, and the score beside the form counts them all.
    assert 'data-total="' in html

    area = client.get(f"/assessments/{assessment.pk}/areas/D3/", HTTP_HX_REQUEST="true")
    rows = area.content.decode()
    assert area.status_code == 200
    in_area = items_in(rows)
    assert len(in_area) == 100 and all(item.startswith("D3.") for item in in_area)
    # Each row shows the stored answer: D3.G30.I300 is a maturity item, its level selected.
    row = rows.split('data-item="D3.G30.I300"')[1].split("</form>")[0]
    assert f'<option value="{assessment.responses.get(item_id="D3.G30.I300").value}" selected>' in row

    opened = client.get(f"/assessments/{assessment.pk}/?area=D3")
    assert all(item.startswith("D3.") for item in items_in(opened.content.decode()))


def test_another_city_cannot_load_an_area_and_an_unknown_area_is_not_found(
    client: Client, people: People, tmp_path: Path
) -> None:
    assessment = large_assessment(people, tmp_path)
    client.force_login(people.other_officer)
    assert client.get(f"/assessments/{assessment.pk}/areas/D3/").status_code == 404
    client.force_login(people.officer)
    assert client.get(f"/assessments/{assessment.pk}/areas/NOPE/").status_code == 404
    assert client.get(f"/assessments/{assessment.pk}/areas/D0.G1.I10/").status_code == 404  # an item, not an area
