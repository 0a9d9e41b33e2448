"""A certifying body's program records Seocho-gu's consensus and decision through the API: every refusal is a
409 whose code names the rule (stages_incomplete, reason_needed_outside_range, four_eyes,
reason_needed_against_engine, second_certifier), in Korean or in English as the request asks, and saves nothing."""

from __future__ import annotations

from citycert.certification import workflow
from citycert.certification.models import ConsensusScore, Decision, StageWaiver
from tests.api.calling import Caller, error_of
from tests.certification.story import item_ids, round_in_review, second_certifier
from tests.people import People


def test_the_api_keeps_every_gate(people: People) -> None:
    story = round_in_review(people)
    certifier, decider = Caller(people.certifier), Caller(second_certifier())
    path = f"/applications/{story.seocho.pk}"
    agreed = [{"item": item, "value": "3"} for item in item_ids()]

    # Nobody has scored yet: consensus and decision are refused, naming the stages and who is missing.
    refused = certifier.put(path + "/consensus", {"scores": agreed}, **{"Accept-Language": "en"})
    assert refused.status_code == 409
    error = error_of(refused)
    assert error["code"] == "stages_incomplete"
    assert "Stage 1 document review: not yet submitted by assessor-1, assessor-2, assessor-3" in error["message"]
    assert [gap["stage"] for gap in error["details"]] == ["stage-1", "stage-2"]
    refused = decider.post(path + "/decision", {"outcome": "certified", "reasons": "x"})
    assert (refused.status_code, error_of(refused)["code"]) == (409, "stages_incomplete")
    assert "모든 배정 심사위원이" in error_of(refused)["message"]  # Korean unless asked otherwise

    # A waiver of stage 1: asked by the certifier, refused to the same certifier, approved by the second one.
    asked = certifier.post(path + "/waivers", {"stage": "stage-1", "reason": "현장 일정 불가"})
    assert asked.status_code == 201 and asked.json()["state"] == "requested"
    waiver = asked.json()["id"]
    own = certifier.post(f"{path}/waivers/{waiver}", {"approve": True})
    assert (own.status_code, error_of(own)["code"]) == (409, "second_certifier")
    assert decider.post(f"{path}/waivers/{waiver}", {"approve": True}).json()["state"] == "approved"
    assert StageWaiver.objects.get().answered_by == second_certifier()

    # The deciding stage, scored by the panel at 2 and 3 on BM.vision.
    for assessor, vision in zip(story.assessors, ("2", "3", "3"), strict=True):
        sheet = workflow.sheet_for(story.seocho, assessor, "stage-2")
        workflow.save_scores(
            sheet, {item: (vision if item == "BM.vision" else "3", "") for item in item_ids()}, assessor
        )
        workflow.submit_sheet(sheet, assessor)
    shown = certifier.get(path + "/consensus").json()
    assert shown["missing_stages"] == [] and shown["rows"] == []

    # 5 on BM.vision is outside the panel's 2-3: refused without a reason for it, taken with one.
    outside = [row | {"value": "5"} if row["item"] == "BM.vision" else row for row in agreed]
    refused = certifier.put(path + "/consensus", {"scores": outside})
    assert (refused.status_code, error_of(refused)["code"]) == (409, "reason_needed_outside_range")
    assert error_of(refused)["details"] == [{"item": "BM.vision", "value": "5", "low": "2", "high": "3"}]
    assert ConsensusScore.objects.count() == 0
    explained = [row | {"rationale": "추가 증빙"} if row["item"] == "BM.vision" else row for row in outside]
    recorded = certifier.put(path + "/consensus", {"scores": explained})
    assert recorded.status_code == 200
    body = recorded.json()
    assert body["engine_outcome"] == "certified" and body["may_decide"] is False
    assert [row["item"] for row in body["rows"] if row["outside_panel_range"]] == ["BM.vision"]

    # Four eyes: the certifier who recorded it may not decide.
    refused = certifier.post(path + "/decision", {"outcome": "certified", "reasons": "충족"})
    assert (refused.status_code, error_of(refused)["code"]) == (409, "four_eyes")
    # Against the engine without a reason: refused; with one: decided, the reason kept.
    against = {"outcome": "not_certified", "reasons": "현장 재확인 필요"}
    refused = decider.post(path + "/decision", against)
    assert (refused.status_code, error_of(refused)["code"]) == (409, "reason_needed_against_engine")
    assert Decision.objects.count() == 0
    decided = decider.post(path + "/decision", against | {"against_engine_reason": "운영 중단 확인"})
    assert decided.status_code == 201
    decision = decided.json()["decision"]
    assert (decision["engine_outcome"], decision["against_engine_reason"]) == ("certified", "운영 중단 확인")
    assert decision["outside_range"][0]["reason"] == "추가 증빙"
