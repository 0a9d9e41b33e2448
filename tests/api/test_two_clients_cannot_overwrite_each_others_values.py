"""Seocho-gu's data hub and its officer's spreadsheet tool both update the city's draft through the API.
Each sends the ETag it read in If-Match: the first to save wins, the late one gets 412 and nothing of its
change is saved; an update that sends no ETag at all is refused with 428. A bad value anywhere in a bulk
update is named by its row, and nothing of the update is saved."""

from __future__ import annotations

from citycert.assessments.models import Assessment
from tests.api.calling import Caller, error_of
from tests.people import People


def test_the_late_writer_gets_412_and_nothing_of_theirs_is_saved(people: People) -> None:
    hub, tool = Caller(people.officer), Caller(people.officer)
    path = f"/assessments/{people.draft.pk}/responses"
    read_by_hub = hub.get(f"/assessments/{people.draft.pk}")["ETag"]
    read_by_tool = tool.get(f"/assessments/{people.draft.pk}")["ETag"]
    assert read_by_hub == read_by_tool

    first = hub.patch(path, {"responses": [{"item": "BM.vision", "value": "4"}]}, **{"If-Match": read_by_hub})
    assert first.status_code == 200, first.content
    assert first["ETag"] != read_by_hub and first.json()["revision"] == people.draft.revision + 1

    late = tool.patch(path, {"responses": [{"item": "BM.vision", "value": "2"}]}, **{"If-Match": read_by_tool})
    assert late.status_code == 412
    assert error_of(late)["details"]["etag"] == first["ETag"]
    assert people.draft.responses.get(item_id="BM.vision").value == "4"

    # Read again, reapply: now it goes through.
    again = tool.patch(path, {"responses": [{"item": "BM.vision", "value": "2"}]}, **{"If-Match": first["ETag"]})
    assert again.status_code == 200
    assert people.draft.responses.get(item_id="BM.vision").value == "2"


def test_an_update_without_an_etag_is_refused_with_428(people: People) -> None:
    hub = Caller(people.officer)
    answer = hub.patch(
        f"/assessments/{people.draft.pk}/responses", {"responses": [{"item": "BM.vision", "value": "5"}]}
    )
    assert answer.status_code == 428 and error_of(answer)["code"] == "precondition_required"
    assert people.draft.responses.get(item_id="BM.vision").value == "3"


def test_a_bad_value_is_named_by_its_row_and_nothing_is_saved(people: People) -> None:
    hub = Caller(people.officer)
    etag = hub.get(f"/assessments/{people.draft.pk}")["ETag"]
    revision = Assessment.objects.get(pk=people.draft.pk).revision
    answer = hub.patch(
        f"/assessments/{people.draft.pk}/responses",
        {
            "responses": [
                {"item": "BM.vision", "value": "4"},
                {"item": "BM.no-such-item", "value": "3"},
                {"item": "BM.leadership", "value": "9"},
            ]
        },
        **{"If-Match": etag},
    )
    assert answer.status_code == 422
    details = error_of(answer)["details"]
    assert [detail["field"] for detail in details] == ["body.responses.1", "body.responses.2"]
    assert "BM.no-such-item" in details[0]["message"]
    assert Assessment.objects.get(pk=people.draft.pk).revision == revision
    assert people.draft.responses.get(item_id="BM.vision").value == "3"


def test_a_malformed_body_is_422_naming_the_field(people: People) -> None:
    hub = Caller(people.officer)
    etag = hub.get(f"/assessments/{people.draft.pk}")["ETag"]
    answer = hub.patch(
        f"/assessments/{people.draft.pk}/responses", {"responses": [{"value": "4"}]}, **{"If-Match": etag}
    )
    assert answer.status_code == 422
    assert error_of(answer)["details"][0]["field"] == "body.given.responses.0.item"
