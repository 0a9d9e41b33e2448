"""Seocho-gu's officer opens a 1,000-item self-assessment, some of whose answers are pre-filled and not yet confirmed,
in the first area and in areas the page leaves closed. When the result of the revision is already kept, the page
reads only the open area's responses and those not yet confirmed: it says the same, counting every unconfirmed
answer, as when it reads them all to score them."""

from __future__ import annotations

import re
from collections.abc import Callable
from contextlib import AbstractContextManager
from pathlib import Path
from typing import Any

from django.test import Client

from citycert.assessments import scored
from citycert.assessments.presenter import result_for, sections
from citycert.assessments.workflow import save_responses
from citycert.scoring.model import compile_framework
from tests.assessments.test_a_thousand_item_assessment_page_costs_the_queries_of_a_small_one import assessment_with
from tests.people import People


def without_tokens(html: str) -> str:
    # Each page carries its own masked CSRF token; nothing else may differ.
    html = re.sub(r'name="csrfmiddlewaretoken" value="[^"]*"', "", html)
    return re.sub(r'"X-CSRFToken": "[^"]*"', "", html)


def test_a_page_read_from_the_kept_result_counts_every_unconfirmed_answer(
    client: Client,
    people: People,
    tmp_path: Path,
    django_capture_on_commit_callbacks: Callable[..., AbstractContextManager[Any]],
) -> None:
    assessment = assessment_with(1000, people, tmp_path)
    framework = assessment.framework_version.framework
    model = compile_framework(framework)
    areas = [[node.id for node in part if node.assessable] for part in sections(framework) if not part[0].assessable]
    first, closed = areas[0][0], [areas[-1][0], areas[-1][1], areas[-2][0]]
    stored = dict(assessment.responses.values_list("item_id", "value"))
    changes = {}
    for item_id in [first, *closed]:
        other = next(value for value in model.item_by_id[item_id].values if str(value) != stored[item_id])
        changes[item_id] = {"value": str(other).lower() if isinstance(other, bool) else str(other)}
    save_responses(assessment, changes, people.officer, prefilled_from=dict.fromkeys(changes, "2025 자체평가"))
    assessment.refresh_from_db()
    client.force_login(people.officer)
    url = f"/assessments/{assessment.pk}/"

    scored._kept.clear()
    scoring = client.get(url).content.decode()
    assert not scored.keeps(assessment)

    with django_capture_on_commit_callbacks(execute=True):
        result_for(assessment, framework)
    assert scored.keeps(assessment), "the page below reads the kept result"
    kept = client.get(url).content.decode()

    assert "미리 채운 응답 4개가 아직 확정되지 않았습니다." in kept
    assert re.search(rf'<form class="item depth-\d prefilled"[^>]*data-item="{re.escape(first)}"', kept)
    assert f'data-item="{closed[0]}"' not in kept, "the last area is closed"
    assert without_tokens(kept) == without_tokens(scoring)
