"""The certifier tries to record Seocho-gu's consensus while assessor-3 has not submitted the first stage: the
workflow and the page refuse it (409), naming the stage and the assessor, in the page's language, with what
was typed kept on the form; nothing is saved. Deciding is refused for the same reason. Once assessor-3 submits,
both go through."""

from __future__ import annotations

from django.test import Client

from citycert.certification import workflow
from citycert.certification.choices import Outcome
from citycert.certification.models import ConsensusScore, Decision
from tests.certification.story import DECISION_DAY, RoundStory, item_ids, round_in_review, second_certifier
from tests.people import People


def every_stage_but_one_sheet(people: People) -> RoundStory:
    """Both stages submitted by all three assessors, except stage 1 by assessor-3 (saved, not submitted)."""
    story = round_in_review(people)
    scores = dict.fromkeys(item_ids(), ("3", ""))
    for stage in ("stage-1", "stage-2"):
        for assessor in story.assessors:
            sheet = workflow.sheet_for(story.seocho, assessor, stage)
            workflow.save_scores(sheet, scores, assessor)
            if (stage, assessor.username) != ("stage-1", "assessor-3"):
                workflow.submit_sheet(sheet, assessor)
    return story


def test_the_workflow_refuses_consensus_and_decision_naming_the_missing_sheet(people: People) -> None:
    story = every_stage_but_one_sheet(people)
    gaps = workflow.stage_gaps(story.seocho)
    assert [(gap.stage.id, gap.missing) for gap in gaps] == [("stage-1", ["assessor-3"])]

    refused = None
    try:
        workflow.record_consensus(story.seocho, dict.fromkeys(item_ids(), ("3", "")), people.certifier)
    except workflow.Refused as error:
        refused = error
    assert refused is not None and refused.rule == "stages_incomplete"
    assert "Stage 1 document review: not yet submitted by assessor-3" in str(refused)
    assert ConsensusScore.objects.count() == 0

    try:
        workflow.decide(story.seocho, Outcome.NOT_CERTIFIED, "x", second_certifier(), DECISION_DAY)
    except workflow.Refused as error:
        refused = error
    assert refused.rule == "stages_incomplete"
    assert Decision.objects.count() == 0

    # assessor-3 submits: the gate opens.
    sheet = workflow.sheet_for(story.seocho, story.assessors[2], "stage-1")
    workflow.submit_sheet(sheet, story.assessors[2])
    assert workflow.stage_gaps(story.seocho) == []
    workflow.record_consensus(story.seocho, dict.fromkeys(item_ids(), ("3", "")), people.certifier)
    workflow.decide(story.seocho, Outcome.CERTIFIED, "충족", second_certifier(), DECISION_DAY)
    assert Decision.objects.get().outcome == Outcome.CERTIFIED


def test_the_page_refuses_on_the_form_in_korean_with_the_input_kept(client: Client, people: People) -> None:
    story = every_stage_but_one_sheet(people)
    client.force_login(people.certifier)
    page = client.get(f"/certification/applications/{story.seocho.pk}/").content.decode()
    # Before anything is sent, the page says what holds the consensus up.
    assert "1단계 문서심사: assessor-3 미제출" in page

    typed = {f"value-{item}": "3" for item in item_ids()} | {"rationale-BM.vision": "위원 합의 메모-Q1"}
    answer = client.post(f"/certification/applications/{story.seocho.pk}/consensus/", typed)
    assert answer.status_code == 409
    page = answer.content.decode()
    assert "모든 배정 심사위원이 필수 심사 단계를 모두 제출해야 합니다" in page
    assert "1단계 문서심사: assessor-3 미제출" in page
    assert 'value="위원 합의 메모-Q1"' in page  # what was typed is still on the form
    assert ConsensusScore.objects.count() == 0

    # The second certifier's decision, in English this time: refused for the same reason, the reasons kept.
    other = Client()
    other.force_login(second_certifier())
    other.post("/i18n/setlang/", {"language": "en", "next": "/"})
    answer = other.post(
        f"/certification/applications/{story.seocho.pk}/decide/", {"outcome": "certified", "reasons": "판단 근거-Q2"}
    )
    assert answer.status_code == 409
    page = answer.content.decode()
    assert "Every assigned assessor must submit every required review stage first" in page
    assert "판단 근거-Q2</textarea>" in page
    assert Decision.objects.count() == 0
