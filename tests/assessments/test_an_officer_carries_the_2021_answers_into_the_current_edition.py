"""A city certified on the 2021 edition of the national scheme (63 indicators) prepares its next application on
the 2023-2025 edition (53): starting it through the crosswalk between the editions carries every answer of an
indicator both editions share, numbers and yes/no as given and levels as they were, each marked until confirmed;
the indicators only 2021 had are folded into the later ones only as hints."""

from __future__ import annotations

from decimal import Decimal

from django.test import Client

from citycert.assessments.answers import stored_text
from citycert.assessments.choices import AssessmentKind, State
from citycert.assessments.models import Assessment
from citycert.assessments.workflow import create_assessment, save_responses, transition
from citycert.demo.results import illustrative_answers
from citycert.library.store import find_version
from tests.people import People


def test_the_2021_answers_carry_into_a_draft_on_the_2023_2025_edition(client: Client, people: People) -> None:
    edition_2021 = find_version("kr-smartcity@2021")
    earlier = create_assessment(people.seocho, edition_2021, AssessmentKind.CERTIFICATION, 2021, people.officer)
    answers = illustrative_answers(edition_2021.framework, low=Decimal("0.7"), high=Decimal("0.8"), seed=2021)
    save_responses(
        earlier, {item: {"value": stored_text(a.value)} for item, a in answers.items()}, people.officer, channel="page"
    )
    transition(earlier, State.SUBMITTED, people.officer)
    given = {response.item_id: response.value for response in earlier.responses.all()}
    assert len(given) == 63

    client.force_login(people.officer)
    latest = find_version("kr-smartcity")
    answer = client.post(
        f"/cities/{people.seocho.code}/assessments/new/",
        {"framework_version": str(latest.pk), "kind": "renewal", "year": "2023", "prefill_from": str(earlier.pk)},
        follow=True,
    )
    assert "대응표로 53개 응답을 미리 채웠습니다" in answer.content.decode()
    draft = Assessment.objects.get(city=people.seocho, framework_version=latest, year=2023)
    carried = {response.item_id: response for response in draft.responses.all()}
    assert len(carried) == 53 and not any(response.confirmed for response in carried.values())
    # Every shared indicator keeps the 2021 answer: the equal mapping wins over the merged 2021-only indicator.
    assert {item: response.value for item, response in carried.items()} == {item: given[item] for item in carried}
    assert carried["D3.I3.1"].prefilled_from.startswith("kr-smartcity-2021-to-2024: D3.I3.1 ")
    # The page names where each came from.
    page = client.get(f"/assessments/{draft.pk}/").content.decode()
    assert "kr-smartcity-2021-to-2024" in page
