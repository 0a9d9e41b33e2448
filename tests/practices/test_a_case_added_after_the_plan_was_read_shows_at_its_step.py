"""Seocho-gu's officer reads the gap plan of their ISO 37106 draft while no city has a case at its first step; then
Hanam-si's case at that item is added to the library. The next read of the same page shows the case under the step:
which items have cases is kept between pages, and a case added since is not hidden by what was kept."""

from __future__ import annotations

from pathlib import Path

import yaml
from django.test import Client

from citycert.assessments.presenter import result_for
from citycert.practices.bundled import load_bundled_cases
from tests.people import People
from tests.practices.stories import block, text_of


def test_a_case_added_after_a_page_was_read_shows_under_its_step_on_the_next_read(
    client: Client, people: People, tmp_path: Path
) -> None:
    framework = people.draft.framework_version.framework
    step = result_for(people.draft, framework).gaps[0]
    client.force_login(people.officer)
    url = f"/assessments/{people.draft.pk}/"
    before = client.get(url).content.decode()
    assert f'data-gap="{step.item}"' in before
    assert "data-case=" not in before, "no city has a case yet"

    cases = tmp_path / "cases.yaml"
    case = {
        "key": "hanam-2025-living-lab",
        "city": people.hanam.code,
        "year": 2025,
        "framework": "bsi-iso37106",
        "title": {"ko": "하남 리빙랩", "en": "Hanam living lab"},
        "description": {"ko": "시민과 함께 만든 서비스", "en": "Services made with residents"},
        "items": [{"item": step.item}],
    }
    cases.write_text(yaml.safe_dump({"cases": [case]}, allow_unicode=True), encoding="utf-8")
    load_bundled_cases(cases)

    after = client.get(url).content.decode()
    under_the_step = block(after, f'data-gap="{step.item}"', "</li></ul>")
    assert 'data-case="hanam-2025-living-lab"' in under_the_step
    assert "하남시: 하남 리빙랩" in text_of(under_the_step)
