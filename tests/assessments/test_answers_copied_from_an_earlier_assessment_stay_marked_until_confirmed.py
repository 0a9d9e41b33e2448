"""A city officer starts from last year's assessment, or from another framework's through a crosswalk;
every answer copied is marked until a person confirms it."""

from __future__ import annotations

from django.test import Client

from citycert.assessments.choices import AssessmentKind, State
from citycert.assessments.crosswalk_prefill import prefill_from
from citycert.assessments.models import Assessment
from citycert.assessments.workflow import ResponseInput, create_assessment, save_response, start_from, transition
from citycert.library.store import find_version
from tests.people import People


def test_a_renewal_starts_from_the_last_assessment_with_every_answer_unconfirmed(
    client: Client, people: People
) -> None:
    renewal = start_from(people.submitted, kind=AssessmentKind.RENEWAL, year=2027, actor=people.officer)
    copied = renewal.responses.get(item_id="BM.vision")
    assert (copied.value, copied.confirmed) == ("4", False)
    assert "#" in copied.prefilled_from and "2025" in copied.prefilled_from
    client.force_login(people.officer)
    html = client.get(f"/assessments/{renewal.pk}/").content.decode()
    assert "prefilled" in html
    client.post(f"/assessments/{renewal.pk}/items/BM.vision/", {"value": "4"})
    assert renewal.responses.get(item_id="BM.vision").confirmed is True


def test_confirm_all_marks_every_copied_answer_checked(client: Client, people: People) -> None:
    renewal = start_from(people.submitted, kind=AssessmentKind.RENEWAL, year=2027, actor=people.officer)
    client.force_login(people.officer)
    assert client.post(f"/assessments/{renewal.pk}/confirm/").status_code == 302
    assert not renewal.responses.filter(confirmed=False).exists()


def test_the_start_page_can_start_from_an_earlier_assessment(client: Client, people: People) -> None:
    client.force_login(people.officer)
    answer = client.post(
        f"/cities/{people.seocho.code}/assessments/new/",
        {"kind": "renewal", "year": "2027", "start_from": str(people.submitted.pk)},
    )
    assert answer.status_code == 302
    renewal = Assessment.objects.get(year=2027)
    assert renewal.started_from == people.submitted and renewal.responses.filter(confirmed=False).count() == 1


def test_a_national_assessment_prefills_iso37106_through_the_crosswalk(people: People) -> None:
    national = create_assessment(
        people.seocho, find_version("kr-smartcity"), AssessmentKind.SELF_ASSESSMENT, 2025, people.officer
    )
    framework = national.framework_version.framework
    for node in framework.nodes:
        if node.type == "qualitative":
            save_response(national, node.id, ResponseInput(value="4"), people.officer)
    transition(national, State.SUBMITTED, people.officer)
    iso = create_assessment(
        people.seocho, find_version("bsi-iso37106"), AssessmentKind.SELF_ASSESSMENT, 2026, people.officer
    )
    filled = prefill_from(iso, national, people.officer)
    assert filled > 0
    prefilled = list(iso.responses.filter(confirmed=False))
    assert len(prefilled) == filled
    assert all(response.prefilled_from.startswith("kr-smartcity-to-bsi-iso37106") for response in prefilled)
    assert all(1 <= int(response.value) <= 5 for response in prefilled)


def test_prefilling_never_overwrites_an_answer_given(people: People) -> None:
    national = create_assessment(
        people.seocho, find_version("kr-smartcity"), AssessmentKind.SELF_ASSESSMENT, 2025, people.officer
    )
    for node in national.framework_version.framework.nodes:
        if node.type == "qualitative":
            save_response(national, node.id, ResponseInput(value="5"), people.officer)
    before = {r.item_id: r.value for r in people.draft.responses.all()}
    prefill_from(people.draft, national, people.officer)
    after = {r.item_id: r.value for r in people.draft.responses.all()}
    assert all(after[item] == value for item, value in before.items())
