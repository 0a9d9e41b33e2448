"""A city officer saves answers one by one; the score beside the form, and the API's result, are those of the
stored answers scored from scratch after every save, although the server keeps the result of each revision and
rescores only the changed item. Saves are committed for real here, as on a server, so what is kept is used."""

from __future__ import annotations

import json
import re
from typing import Any

import pytest
from django.test import Client

from citycert.accounts.tokens import issue
from citycert.assessments.answers import answers_of
from citycert.assessments.models import Assessment
from citycert.language import said_in_each_data_language
from citycert.scoring import score
from tests.people import People

pytestmark = pytest.mark.django_db(transaction=True)


def from_scratch(assessment: Assessment) -> dict[str, Any]:
    framework = assessment.framework_version.framework
    category = assessment.city.category_in(framework, assessment.year)
    return score(framework, answers_of(framework, assessment.responses.all()), category=category).as_dict(
        said_in_each_data_language
    )


def test_the_panel_and_the_api_follow_each_saved_answer(client: Client, people: People) -> None:
    client.force_login(people.officer)
    draft = people.draft
    _, secret = issue(people.officer, "reader", 30)
    api = Client(headers={"Authorization": f"Bearer {secret}"})
    assert client.get(f"/assessments/{draft.pk}/").status_code == 200  # the revision's result is kept from here
    items = [node for node in draft.framework_version.framework.nodes if node.assessable]
    for step, (node, level) in enumerate(zip(items[:12], "345213452134", strict=False)):
        answer = client.post(f"/assessments/{draft.pk}/items/{node.id}/", {"value": level}, HTTP_HX_REQUEST="true")
        assert answer.status_code == 200
        expected = from_scratch(draft)
        total = re.search(r'data-total="([^"]*)"', answer.content.decode())
        assert total is not None and total.group(1) == str(expected["total"])
        gaps = re.findall(r'data-gap="([^"]+)"', answer.content.decode())
        assert gaps == [gap["item"] for gap in expected["gaps"]][:30]
        if step % 4 == 0:
            shown = api.get(f"/api/v1/assessments/{draft.pk}").json()["result"]
            assert shown == json.loads(json.dumps(expected))
    # A change through the API (If-Match) is followed as well.
    etag = api.get(f"/api/v1/assessments/{draft.pk}")["ETag"]
    answer = api.patch(
        f"/api/v1/assessments/{draft.pk}/responses",
        json.dumps({"responses": [{"item": items[0].id, "value": "1"}, {"item": items[1].id, "value": "5"}]}),
        content_type="application/json",
        headers={"If-Match": etag},
    )
    assert answer.status_code == 200, answer.content
    assert answer.json()["result"] == json.loads(json.dumps(from_scratch(draft)))
