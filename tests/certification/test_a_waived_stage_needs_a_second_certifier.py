"""The site visit cannot take place for Seocho-gu: the certifier asks to waive stage 1 with a reason. Nobody
may approve their own waiver; a second certifier approves it, the gate opens, the audit log holds both steps,
and the decision shows the waived stage with its reason (for the decision letter). The deciding stage cannot
be waived, and a waiver needs a reason."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
from django.test import Client

from citycert.audit.models import AuditEvent
from citycert.certification import workflow
from citycert.certification.choices import Outcome, WaiverState
from tests.certification.story import DECISION_DAY, item_ids, round_in_review, second_certifier
from tests.people import People


def pdf_text(pdf: bytes, tmp_path: Path) -> str:
    path = tmp_path / "letter.pdf"
    path.write_bytes(pdf)
    read = subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True)
    return " ".join(read.stdout.split())


def test_a_stage_is_waived_only_with_a_second_certifier(client: Client, people: People, tmp_path: Path) -> None:
    story = round_in_review(people)
    scores = dict.fromkeys(item_ids(), ("3", ""))
    for assessor in story.assessors:  # the deciding stage, by everyone; stage 1 by nobody
        sheet = workflow.sheet_for(story.seocho, assessor, "stage-2")
        workflow.save_scores(sheet, scores, assessor)
        workflow.submit_sheet(sheet, assessor)
    assert [gap.stage.id for gap in workflow.stage_gaps(story.seocho)] == ["stage-1"]

    with pytest.raises(workflow.Refused, match="printed on the decision letter"):
        workflow.request_waiver(story.seocho, "stage-1", "  ", people.certifier)
    with pytest.raises(workflow.Refused, match="cannot be waived") as deciding:
        workflow.request_waiver(story.seocho, "stage-2", "일정", people.certifier)
    assert deciding.value.rule == "deciding_stage"

    # Through the page: the certifier asks, and cannot approve it themselves.
    client.force_login(people.certifier)
    reason = "현장 공사로 1단계 현장 확인 불가, 2단계에서 대체 확인-W1"
    asked = client.post(
        f"/certification/applications/{story.seocho.pk}/waivers/", {"stage": "stage-1", "reason": reason}
    )
    assert asked.status_code == 302
    waiver = story.seocho.waivers.get()
    own = client.post(f"/certification/applications/{story.seocho.pk}/waivers/{waiver.pk}/", {"answer": "approve"})
    assert own.status_code == 409
    assert "두 번째 인증위원" in own.content.decode()
    waiver.refresh_from_db()
    assert waiver.state == WaiverState.REQUESTED
    assert [gap.stage.id for gap in workflow.stage_gaps(story.seocho)] == ["stage-1"]

    # The second certifier approves it: the stage no longer holds the consensus up.
    second = Client()
    second.force_login(second_certifier())
    page = second.get(f"/certification/applications/{story.seocho.pk}/").content.decode()
    assert "면제 승인" in page and reason in page
    approved = second.post(
        f"/certification/applications/{story.seocho.pk}/waivers/{waiver.pk}/", {"answer": "approve", "note": "타당"}
    )
    assert approved.status_code == 302
    waiver.refresh_from_db()
    assert (waiver.state, waiver.answered_by) == (WaiverState.APPROVED, second_certifier())
    assert workflow.stage_gaps(story.seocho) == []
    actions = list(AuditEvent.objects.filter(action__startswith="waiver.").values_list("action", "actor_name"))
    assert actions == [("waiver.requested", "certifier"), ("waiver.approved", "certifier-2")]

    # The decision carries the waiver: the decision page (and so the letter) shows the stage and its reason.
    workflow.record_consensus(story.seocho, scores, people.certifier)
    workflow.decide(story.seocho, Outcome.CERTIFIED, "충족", second_certifier(), DECISION_DAY)
    decided = AuditEvent.objects.get(action="application.decided")
    assert (decided.after or {})["waived"] == [{"stage": "stage-1", "reason": reason}]
    officer = Client()
    officer.force_login(people.officer)
    page = officer.get(f"/certification/applications/{story.seocho.pk}/").content.decode()
    assert "면제된 심사 단계" in page and "1단계 문서심사" in page and reason in page
    assert "certifier-2" in page
    # … and the decision letter prints it.
    letter = officer.get(f"/certification/applications/{story.seocho.pk}/letter.pdf?lang=ko")
    assert letter.status_code == 200
    printed = pdf_text(letter.content, tmp_path)
    assert "면제된 심사 단계" in printed and "1단계 문서심사" in printed
    assert "현장 공사로 1단계 현장 확인 불가" in printed
