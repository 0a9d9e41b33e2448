"""Seocho-gu's data hub starts a draft through the API. The 201 reply carries the draft with its whole result,
gap plan and all, the same as the engine gives for no answers and the same as a later read; Korean stays
readable in the raw reply. Once the hub changes an answer, a read gives the new result, never the one the
server kept for the revision before."""

from __future__ import annotations

import json

from citycert.language import said_in_each_data_language
from citycert.library.store import find_version
from citycert.scoring import score
from tests.api.calling import Caller
from tests.people import People


def test_the_reply_of_a_create_is_the_draft_with_the_result_of_no_answers(people: People) -> None:
    hub = Caller(people.officer)
    framework = find_version("bsi-iso37106").framework
    started = hub.post("/assessments", {"city": people.seocho.code, "framework": "bsi-iso37106", "year": 2027})
    assert started.status_code == 201, started.content
    assert started["Content-Type"] == "application/json; charset=utf-8"
    reply = started.json()
    assert reply["city"] == people.seocho.code and reply["year"] == 2027 and reply["state"] == "draft"
    assert started["ETag"] == reply["etag"] == f'"assessment-{reply["id"]}-r0-draft"'

    nothing = json.loads(json.dumps(score(framework, {}).as_dict(said_in_each_data_language)))
    assert reply["result"] == nothing
    assert reply["result"]["total"] == 0 and reply["result"]["answered_count"] == 0
    assert len(reply["result"]["gaps"]) > 0
    # The names in the gap plan are Korean as they are, not \\u escapes.
    first_gap = reply["result"]["gaps"][0]["name"]["ko"]
    assert first_gap.encode() in started.content

    again = hub.get(f"/assessments/{reply['id']}")
    assert again.status_code == 200 and again.json() == reply and again["ETag"] == started["ETag"]


def test_a_read_after_a_change_gives_the_new_result_not_the_kept_one(people: People) -> None:
    hub = Caller(people.officer)
    started = hub.post("/assessments", {"city": people.seocho.code, "framework": "bsi-iso37106", "year": 2027})
    draft = started.json()
    changed = hub.patch(
        f"/assessments/{draft['id']}/responses",
        {"responses": [{"item": "BM.vision", "value": "5"}]},
        **{"If-Match": started["ETag"]},
    )
    assert changed.status_code == 200, changed.content

    read = hub.get(f"/assessments/{draft['id']}")
    assert read.json()["revision"] == 1 and read["ETag"] == changed["ETag"]
    assert read.json()["result"] == changed.json()["result"]
    assert read.json()["result"]["total"] > 0 and read.json()["result"]["answered_count"] == 1
    assert read.json()["result"] != draft["result"]
    # The city's other draft keeps its own result.
    assert hub.get(f"/assessments/{people.draft.pk}").json()["result"]["answered_count"] == 1
