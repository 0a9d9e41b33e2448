"""Nothing unpublished reaches the public: Seocho-gu's draft, Hanam-si's application in review with its
frozen copy, an assessor's sheet, a request to the city, the panel's consensus and a finding all carry
text found nowhere else, and no registry page shows any of it, in either language. Seocho-gu's decided
result is there."""

from __future__ import annotations

import pytest
from django.test import Client

from citycert.assessments.choices import AssessmentKind, State
from citycert.assessments.models import Response
from citycert.assessments.workflow import ResponseInput, clean_response, create_assessment, save_responses, transition
from citycert.certification import workflow
from citycert.certification.choices import Outcome
from citycert.certification.models import Certificate, ConsensusScore, Decision, DocumentRequest, Finding, ReviewScore
from citycert.library.store import find_version
from tests.certification.story import (
    APPLYING_DAY,
    DECISION_DAY,
    agree,
    decide,
    item_ids,
    open_bsi_round,
    submitted_self_assessment,
)
from tests.people import People, ready_to_sit

pytestmark = pytest.mark.django_db

SECRETS = {
    "draft justification": "초안-근거-QX71 draft reasoning QX71",
    "draft data source": "초안-출처-QX72",
    "frozen justification": "동결본-근거-QX73 in-review reasoning",
    "assessor's comment": "심사위원-의견-QX74",
    "request to the city": "자료요청-QX75",
    "consensus rationale (in review)": "합의-근거-QX76",
    "finding": "부적합-QX77 missing vision document",
    "consensus rationale (decided)": "합의-근거-QX78",
}


@pytest.fixture
def story(people: People) -> Decision:
    """Seocho-gu: a draft with its reasoning, and a certified application. Hanam-si: in review, with every
    kind of unpublished work on it."""
    items = item_ids()
    fields = ResponseInput(
        value="2", justification=SECRETS["draft justification"], data_source=SECRETS["draft data source"]
    )
    save_responses(people.draft, {"BM.vision": clean_response(people.draft, "BM.vision", fields)}, people.officer)

    round_ = open_bsi_round(people)
    seocho_own = submitted_self_assessment(people.seocho, people.officer, {"BM.vision": "4"})
    hanam_own = create_assessment(
        people.hanam, find_version("bsi-iso37106"), AssessmentKind.SELF_ASSESSMENT, 2026, people.other_officer
    )
    answers = {item: ResponseInput(value="3") for item in items}
    answers["BM.vision"] = ResponseInput(value="3", justification=SECRETS["frozen justification"])
    save_responses(
        hanam_own,
        {item: clean_response(hanam_own, item, given) for item, given in answers.items()},
        people.other_officer,
    )
    transition(hanam_own, State.SUBMITTED, people.other_officer)
    seocho = workflow.apply(round_, seocho_own, people.officer, APPLYING_DAY)
    hanam = workflow.apply(round_, hanam_own, people.other_officer, APPLYING_DAY)
    ready_to_sit(round_, [people.assessor], people.certifier)
    panel = workflow.form_panel(round_, "패널 A", [people.assessor], people.certifier)
    seocho = workflow.assign(seocho, panel, people.certifier)
    hanam = workflow.assign(hanam, panel, people.certifier)

    sheet = workflow.sheet_for(hanam, people.assessor, "stage-1")
    workflow.save_scores(sheet, {"BM.vision": ("2", SECRETS["assessor's comment"])}, people.assessor)
    workflow.ask_city(hanam, "BM.vision", "stage-1", SECRETS["request to the city"], people.assessor)
    agree(hanam, {"BM.vision": ("2", SECRETS["consensus rationale (in review)"])}, people.certifier)
    workflow.raise_finding(hanam, "BM.vision", "major", SECRETS["finding"], None, people.assessor)

    agreed = {item: ("4" if item == "BM.vision" else "3", SECRETS["consensus rationale (decided)"]) for item in items}
    agree(seocho, agreed, people.certifier)
    return decide(seocho, Outcome.CERTIFIED, "모든 항목 3수준 이상", DECISION_DAY)


PAGES = [
    "/registry/",
    "/registry/?q=하남",
    "/registry/?q=seocho&status=valid",
    "/registry/?framework=bsi-iso37106&year=2026",
    "/registry/?status=suspended",
    "/registry/cities/11650/",
    "/registry/cities/41450/",
    "/registry/cities/11000/",
]


def test_the_story_holds_every_secret(story: Decision, people: People) -> None:
    """Otherwise the test below would prove nothing."""
    hanam = people.hanam.applications.get()
    assert people.draft.responses.filter(justification=SECRETS["draft justification"]).exists()
    assert Response.objects.filter(assessment=hanam.frozen, justification=SECRETS["frozen justification"]).exists()
    assert ReviewScore.objects.filter(comment=SECRETS["assessor's comment"]).exists()
    assert DocumentRequest.objects.filter(application=hanam, question=SECRETS["request to the city"]).exists()
    assert ConsensusScore.objects.filter(
        application=hanam, rationale=SECRETS["consensus rationale (in review)"]
    ).exists()
    assert Finding.objects.filter(application=hanam, text=SECRETS["finding"]).exists()
    assert ConsensusScore.objects.filter(rationale=SECRETS["consensus rationale (decided)"]).count() == len(item_ids())


@pytest.mark.parametrize("language", ["ko", "en"])
def test_no_registry_page_shows_unpublished_work(client: Client, story: Decision, language: str) -> None:
    client.post("/i18n/setlang/", {"language": language, "next": "/"})
    for url in PAGES:
        page = client.get(url)
        assert page.status_code == 200, url
        html = page.content.decode()
        for what, text in SECRETS.items():
            assert text not in html, f"{what} on {url}"


def test_the_decided_result_is_published_and_the_one_in_review_is_not(client: Client, story: Decision) -> None:
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    certificate = Certificate.objects.get()
    assert certificate.city.code == "11650"  # Hanam-si, in review, has none
    assert certificate.number in client.get("/registry/").content.decode()

    seocho = client.get("/registry/cities/11650/").content.decode()
    assert certificate.number in seocho
    assert f"{story.result['total']} / {story.result['max']}" in seocho
    assert "chart-radar" in seocho

    hanam = client.get("/registry/cities/41450/").content.decode()
    assert "Nothing published yet" in hanam
    assert "<svg" not in hanam and "ISO 37106 certification 2026" not in hanam
