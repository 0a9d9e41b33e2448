"""A runaway script with Seocho-gu's token keeps writing: past the site's rate it gets 429 with the one error
shape, while another token, and reads with the same one, go on."""

from __future__ import annotations

from typing import Any

from django.core.cache import cache

from tests.api.calling import Caller, error_of
from tests.people import People


def test_the_third_write_in_a_minute_is_refused(people: People, settings: Any) -> None:
    settings.API_WRITES_RATE = "2/min"
    cache.clear()
    script, colleague = Caller(people.officer), Caller(people.officer)
    path = f"/assessments/{people.draft.pk}/responses"
    change = {"responses": [{"item": "BM.vision", "value": "4"}]}
    answers = [script.patch(path, change, **{"If-Match": "*"}).status_code for _ in range(3)]
    assert answers == [200, 200, 429]
    refused = script.patch(path, change, **{"If-Match": "*"})
    assert error_of(refused)["code"] == "throttled" and "Retry-After" in refused
    assert script.get(f"/assessments/{people.draft.pk}").status_code == 200
    assert colleague.patch(path, change, **{"If-Match": "*"}).status_code == 200
